"""Source positions of request members, looked up by JSON pointer (1-based line and column)."""

from __future__ import annotations

import typing as t

from .diagnostics import join_pointer, split_pointer
from .json_positions import JsonPositions

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


class TextLines(_Lines):
    """The lines of a document that could not be parsed: no member positions, but a finding's line can be shown."""

    def value(self, pointer: str) -> Position | None:
        return None

    def key(self, pointer: str) -> Position | None:
        return None


class NodeSourceMap(_Lines):
    """Positions recorded while building values from YAML nodes."""

    def __init__(self, text: str, values: dict[str, Position], keys: dict[str, Position],
                 value_ends: dict[str, Position] | None = None, key_ends: dict[str, Position] | None = None) -> None:
        super().__init__(text)
        self._values = values
        self._keys = keys
        self._value_ends = value_ends or {}
        self._key_ends = key_ends or {}

    def _span(self, start: Position | None, end: Position | None) -> tuple[int, int, int, int] | None:
        if start is None or end is None:
            return None
        if end[0] > start[0] and end[1] == 1:  # a block ends where the next line begins: end it on its last line
            line = end[0] - 1
            while line > start[0] and not (self.line_text(line) or "").strip():
                line -= 1
            text = (self.line_text(line) or "").rstrip()
            end = (line, len(text) + 1)
        return start + end

    def value_span(self, pointer: str) -> tuple[int, int, int, int] | None:
        """Line, column, end line, end column (exclusive) of a value."""
        return self._span(self._values.get(pointer), self._value_ends.get(pointer))

    def key_span(self, pointer: str) -> tuple[int, int, int, int] | None:
        """Line, column, end line, end column (exclusive) of a member's key."""
        return self._span(self._keys.get(pointer), self._key_ends.get(pointer))

    def value(self, pointer: str) -> Position | None:
        return self._values.get(pointer)

    def key(self, pointer: str) -> Position | None:
        return self._keys.get(pointer)


class JsonSourceMap(_Lines):
    """Positions in JSON text, computed on first use only (the happy path never needs them)."""

    def __init__(self, text: str, line_offset: int = 0) -> None:
        super().__init__(text)
        self._offset = line_offset
        self._entries: JsonPositions | None = None

    def _table(self) -> JsonPositions:
        if self._entries is None:
            self._entries = JsonPositions(self._text)
        return self._entries

    def _at(self, offset: int) -> Position:
        line, column = self._table().position(offset)
        return line + self._offset, column

    def value(self, pointer: str) -> Position | None:
        span = self._table().values.get(pointer)
        return None if span is None else self._at(span[0])

    def key(self, pointer: str) -> Position | None:
        span = self._table().keys.get(pointer)
        return None if span is None else self._at(span[0])

    def value_span(self, pointer: str) -> tuple[int, int, int, int] | None:
        """Line, column, end line, end column (exclusive) of a value."""
        span = self._table().values.get(pointer)
        return None if span is None else self._at(span[0]) + self._at(span[1])

    def key_span(self, pointer: str) -> tuple[int, int, int, int] | None:
        """Line, column, end line, end column (exclusive) of a member's key, quotes included."""
        span = self._table().keys.get(pointer)
        return None if span is None else self._at(span[0]) + self._at(span[1])

    def line_text(self, line: int) -> str | None:
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

    def value_span(self, pointer: str) -> tuple[int, int, int, int] | None:
        inner = getattr(self._inner, "value_span", None)
        return inner(self._prefix + pointer) if inner else None

    def key_span(self, pointer: str) -> tuple[int, int, int, int] | None:
        inner = getattr(self._inner, "key_span", None)
        return inner(self._prefix + pointer) if inner else None


_Found = t.TypeVar("_Found")


def _nearest(pointer: str, prefer_key: bool, find: t.Callable[[str, bool], _Found | None]) -> _Found | None:
    """What `find(pointer, is_key)` gives for a member; for a missing member, for its nearest present ancestor
    (by its key, where it has one, so a missing member of a block mapping points at the line that opens it)."""
    found = (prefer_key and find(pointer, True)) or find(pointer, False)
    if found:
        return found
    tokens = split_pointer(pointer)
    while tokens:
        tokens.pop()
        ancestor = join_pointer("", *tokens)
        found = find(ancestor, True) or find(ancestor, False)
        if found:
            return found
    return None


def locate(smap: SourceMap, pointer: str, *, prefer_key: bool = False) -> Position | None:
    """Line and column of a member, or of its nearest present ancestor when it is missing."""
    return _nearest(pointer, prefer_key, lambda at, key: smap.key(at) if key else smap.value(at))


Span = tuple[int, int, int, int]


def locate_span(smap: SourceMap, pointer: str, prefer_key: bool = False) -> Span | None:
    """Line, column, end line and end column (exclusive; all 1-based) of a member, or of its nearest present
    ancestor when it is missing: a quoted string spans its quotes, a container its closing bracket or last line."""

    def span(at: str, key: bool) -> Span | None:
        finder = getattr(smap, "key_span" if key else "value_span", None)
        return finder(at) if finder else None

    return _nearest(pointer, prefer_key, span)
