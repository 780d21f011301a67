"""Where each value and key of a JSON text sits: one linear scan, keys unescaped as the decoder reads them."""

from __future__ import annotations

import bisect
import re
import typing as t
from json.decoder import scanstring  # type: ignore[attr-defined]  # the decoder's own, in C

from .diagnostics import join_pointer

Span = tuple[int, int]  # start and end offsets, end exclusive
_WS = re.compile(r"[ \t\r\n]*")
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null|NaN|-?Infinity")


class JsonPositions:
    """Offsets of every member and item of one JSON text (best effort: a scan error keeps what was found)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.values: dict[str, Span] = {}
        self.keys: dict[str, Span] = {}
        self._starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        try:
            self._scan()
        except (ValueError, IndexError):
            pass

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def _scan(self) -> None:
        text, values = self.text, self.values
        pos = _WS.match(text, 1 if text.startswith("\ufeff") else 0).end()  # type: ignore[union-attr]
        # stack entries: [pointer, bracket, start offset, next item index]
        stack: list[list[t.Any]] = []
        pointer = ""
        while True:
            ch = text[pos]
            if ch in "{[":
                stack.append([pointer, ch, pos, 0])
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                if text[pos] in "}]":
                    pos = self._close(stack, pos)
                else:
                    if ch == "{":
                        pointer, pos = self._key(stack[-1], pos)
                    else:
                        pointer = join_pointer(stack[-1][0], 0)
                        stack[-1][3] = 1
                    continue
            else:
                if ch == '"':
                    _, end = scanstring(text, pos + 1)
                else:
                    match = _SCALAR.match(text, pos)
                    if not match or match.end() == pos:
                        raise ValueError(pos)
                    end = match.end()
                values[pointer] = (pos, end)
                pos = end
            while True:  # after a value: a comma or the close of its container
                if not stack:
                    return
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos] == ",":
                    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
                    top = stack[-1]
                    if top[1] == "{":
                        pointer, pos = self._key(top, pos)
                    else:
                        pointer = join_pointer(top[0], top[3])
                        top[3] += 1
                    break
                pos = self._close(stack, pos)

    def _key(self, top: list[t.Any], pos: int) -> tuple[str, int]:
        text = self.text
        if text[pos] != '"':
            raise ValueError(pos)
        key, end = scanstring(text, pos + 1)
        pointer = join_pointer(top[0], key)
        self.keys[pointer] = (pos, end)
        pos = _WS.match(text, end).end()  # type: ignore[union-attr]
        if text[pos] != ":":
            raise ValueError(pos)
        return pointer, _WS.match(text, pos + 1).end()  # type: ignore[union-attr]

    def _close(self, stack: list[list[t.Any]], pos: int) -> int:
        pointer, kind, start, _ = stack.pop()
        if self.text[pos] != ("}" if kind == "{" else "]"):
            raise ValueError(pos)
        self.values[pointer] = (start, pos + 1)
        return pos + 1
