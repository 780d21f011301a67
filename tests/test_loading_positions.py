"""JSON positions: every member and item of any JSON text is found where its text is, keys unescaped."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from validator.diagnostics import join_pointer
from validator.json_positions import JsonPositions

SCALARS = st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.text(max_size=8)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
                      max_leaves=20)


def _pointers(value: object, pointer: str = "") -> list[tuple[str, object]]:
    found = [(pointer, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, join_pointer(pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, join_pointer(pointer, index))
    return found


@settings(max_examples=200, deadline=None)
@given(VALUES, st.sampled_from([None, 1]), st.booleans())
def test_every_value_is_found_at_its_text(value: object, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    if indent:
        text = text.replace("\n", "\r\n")
    positions = JsonPositions(text)
    for pointer, item in _pointers(value):
        start, end = positions.values[pointer]
        assert json.loads(text[start:end]) == item
    for pointer, span in positions.keys.items():
        assert pointer in positions.values
        assert json.loads(text[span[0]:span[1]]) == pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")


@given(st.text(max_size=30))
def test_never_raises_on_any_text(text: str) -> None:
    JsonPositions(text)


def test_positions_are_one_based_lines_and_columns() -> None:
    positions = JsonPositions('{\r\n  "a":\r\n [1,\r 2]}')
    assert positions.position(positions.values["/a/1"][0]) == (4, 2)
    assert positions.position(positions.keys["/a"][0]) == (2, 3)
