"""Source positions of request members, looked up by JSON pointer (1-based line and column)."""

from __future__ import annotations

import typing as t

from .diagnostics import split_pointer

Position = tuple[int, int]


class SourceMap(t.Protocol):
    def value(self, pointer: str) -> Position | None: ...
    def key(self, pointer: str) -> Position | None: ...
    def line_text(self, line: int) -> str | None: ...


class _Lines:
    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None

    def line_text(self, line: int) -> str | None:
        if self._lines is None:
            self._lines = self._text.splitlines()
        if 1 <= line <= len(self._lines):
            return self._lines[line - 1]
        return None


class NodeSourceMap(_Lines):
    """Positions recorded while building values from YAML nodes."""

    def __init__(self, text: str, values: dict[str, Position], keys: dict[str, Position]) -> None:
        super().__init__(text)
        self._values = values
        self._keys = keys

    def value(self, pointer: str) -> Position | None:
        return self._values.get(pointer)

    def key(self, pointer: str) -> Position | None:
        return self._keys.get(pointer)


class JsonSourceMap(_Lines):
    """Positions in JSON text, computed on first use only (the happy path never needs them)."""

    def __init__(self, text: str, base: str = "", line_offset: int = 0, shared: "JsonSourceMap | None" = None) -> None:
        super().__init__(text)
        self._base = base
        self._offset = line_offset
        self._shared = shared
        self._entries: dict[str, t.Any] | None = None

    def _table(self) -> dict[str, t.Any]:
        if self._shared is not None:
            return self._shared._table()
        if self._entries is None:
            from json_source_map import calculate

            try:
                self._entries = calculate(self._text)
            except Exception:  # positions are a courtesy; never let them cost a verdict
                self._entries = {}
        return self._entries

    def _lookup(self, pointer: str) -> t.Any:
        # json-source-map joins raw keys with "/" without RFC 6901 escaping
        raw = self._base + "".join("/" + tok for tok in split_pointer(pointer))
        return self._table().get(raw)

    def value(self, pointer: str) -> Position | None:
        entry = self._lookup(pointer)
        if entry is None:
            return None
        return entry.value_start.line + 1 + self._offset, entry.value_start.column + 1

    def key(self, pointer: str) -> Position | None:
        entry = self._lookup(pointer)
        if entry is None or entry.key_start is None:
            return None
        return entry.key_start.line + 1 + self._offset, entry.key_start.column + 1

    def line_text(self, line: int) -> str | None:
        if self._shared is not None:
            return self._shared.line_text(line)
        return super().line_text(line - self._offset)


class PrefixedSourceMap:
    """A view of a document's source map for the request found at `prefix` inside it."""

    def __init__(self, inner: SourceMap, prefix: str) -> None:
        self._inner = inner
        self._prefix = prefix

    def value(self, pointer: str) -> Position | None:
        return self._inner.value(self._prefix + pointer)

    def key(self, pointer: str) -> Position | None:
        return self._inner.key(self._prefix + pointer)

    def line_text(self, line: int) -> str | None:
        return self._inner.line_text(line)


def locate(smap: SourceMap, pointer: str, *, prefer_key: bool = False) -> Position | None:
    """The position of a member; for a missing member, that of its nearest present ancestor (by its key,
    where it has one, so a missing member of a block mapping points at the line that opens it)."""
    from .diagnostics import join_pointer

    if prefer_key:
        found = smap.key(pointer)
        if found:
            return found
    found = smap.value(pointer)
    if found:
        return found
    tokens = split_pointer(pointer)
    while tokens:
        tokens.pop()
        ancestor = join_pointer("", *tokens)
        found = smap.key(ancestor) or smap.value(ancestor)
        if found:
            return found
    return None
