"""JSON text to values: exact decimals, duplicate keys and non-finite constants reported, positions on demand."""

from __future__ import annotations

import dataclasses
import json
import re
import typing as t
from decimal import Decimal



from .codes import diagnostic
from .decimals import is_sane
from .diagnostics import Diagnostic, join_pointer
from .limits import DEFAULT, NOT_FINITE, Limits
from .scalars import AbsurdNumber, decimal_or_absurd, shorten, surrogate_problem
from .sourcemap import JsonSourceMap, locate
from .syntax_help import json_help



@dataclasses.dataclass
class JsonValue:
    data: t.Any
    problems: list[Diagnostic]
    ok: bool


class _NonFinite:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _Pairs(dict[str, t.Any]):
    """A dict that remembers which of its keys were given more than once."""

    __slots__ = ("duplicates",)
    duplicates: list[str]


def parse_json(text: str, smap: JsonSourceMap, limits: Limits = DEFAULT) -> JsonValue:
    """Parse one JSON text; findings carry pointers from the text's root."""
    suspicious: list[bool] = []  # set by the hooks when the value needs the full inspection below

    def pairs_hook(pairs: list[tuple[str, t.Any]]) -> dict[str, t.Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        marked = _Pairs()
        duplicates: list[str] = []
        for key, value in pairs:
            if key in marked:
                duplicates.append(key)
            marked[key] = value
        marked.duplicates = duplicates
        suspicious.append(True)
        return marked

    def constant(text: str) -> _NonFinite:
        suspicious.append(True)
        return _NonFinite(text)

    def number(text: str) -> t.Any:
        value = decimal_or_absurd(text)
        if not isinstance(value, Decimal) or not is_sane(value):
            suspicious.append(True)
        return value

    def integer(text: str) -> t.Any:
        if len(text) <= _INT_DIGITS:  # magnitude decided from the text: never int() on absurd input
            return int(text)
        suspicious.append(True)
        return decimal_or_absurd(text)

    if _ESCAPED_SURROGATE.search(text):
        suspicious.append(True)

    try:
        data = json.loads(text, parse_float=number, parse_int=integer, parse_constant=constant, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        line, col = exc.lineno, exc.colno
        return JsonValue(None, [diagnostic("P001", f"invalid JSON: {exc.msg}", pointer="", line=line, column=col,
                                           help=json_help(exc.msg, text, line, col))], ok=False)
    except RecursionError:
        return JsonValue(None, [diagnostic("P006", limits.too_deep, pointer="", line=1, column=1)], ok=False)
    except ValueError as exc:  # e.g. integers longer than Python converts
        return JsonValue(None, [diagnostic("P001", f"invalid JSON: {exc}", pointer="", line=1, column=1)], ok=False)
    if not suspicious and text.count("{") + text.count("[") <= limits.max_depth and not _may_hold_long_string(text, limits.max_string):
        return JsonValue(data, [], ok=True)  # nothing to report: too few brackets to nest too deep, too short for a long string
    problems: list[Diagnostic] = []
    try:
        data = _clean(data, "", 0, problems, limits)
    except RecursionError:  # pragma: no cover - the depth cap below comes first
        data = None
    if data is _TOO_DEEP:
        return JsonValue(None, [diagnostic("P006", limits.too_deep, pointer="", line=1, column=1)], ok=False)
    for index, diag in enumerate(problems):
        on_key = diag.code == "P002" or diag.message.startswith("a key of") or " in a key " in diag.message
        pos = locate(smap, diag.pointer, prefer_key=on_key)
        if pos:
            diag = dataclasses.replace(diag, line=pos[0], column=pos[1])
        if diag.code == "P010" and on_key:  # located at the key as written; named as the data now holds it
            parent, _, token = diag.pointer.rpartition("/")
            diag = dataclasses.replace(diag, pointer=join_pointer(parent, long_key(token.replace("~1", "/").replace("~0", "~"))))
        if _SURROGATE.search(diag.pointer):  # never hand on text that cannot be encoded
            diag = dataclasses.replace(diag, pointer=_SURROGATE.sub("\ufffd", diag.pointer))
        problems[index] = diag
    return JsonValue(data, problems, ok=True)


_TOO_DEEP = object()


def long_key(key: str) -> str:
    """What a key longer than the cap is called once refused: its start and its length."""
    return f"{key[:40]}…({len(key)} characters)"


def _may_hold_long_string(text: str, cap: int) -> bool:
    """False only when no string or key of `text` can be longer than `cap` characters (a C-speed test)."""
    if len(text) <= cap:
        return False
    if "\\" in text:  # escapes may hide quotes inside a string: look closely
        return True
    return re.search(f'[^"]{{{cap + 1}}}', text) is not None
_INT_DIGITS = 61  # an integer with more digits than this (sign included) is beyond 1e60
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: t.Any, pointer: str, depth: int, problems: list[Diagnostic], limits: Limits) -> t.Any:
    """Plain dicts again, with duplicates, non-finite constants, absurd numbers and long strings reported."""
    if depth >= limits.max_depth and isinstance(value, (dict, list)):  # this container is one level too many
        return _TOO_DEEP
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            problems.append(diagnostic("P002", f"duplicate key {key!r}: parsers disagree on which value wins",
                                       pointer=join_pointer(pointer, key)))
        result = {}
        for key, item in value.items():
            child = join_pointer(pointer, key)  # as written, so the member can be located
            if _SURROGATE.search(key):
                problems.append(surrogate_problem(key, child, key=True))
                key = _SURROGATE.sub("\ufffd", key)
            if len(key) > limits.max_string:
                problems.append(diagnostic("P010", f"a key of {len(key)} characters; the limit is {limits.max_string}",
                                           pointer=child))
                key = long_key(key)  # refused anyway: later pointers and messages stay short
            cleaned = _clean(item, child, depth + 1, problems, limits)
            if cleaned is _TOO_DEEP:
                return _TOO_DEEP
            result[key] = cleaned
        return result
    if isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            cleaned = _clean(item, join_pointer(pointer, index), depth + 1, problems, limits)
            if cleaned is _TOO_DEEP:
                return _TOO_DEEP
            items.append(cleaned)
        return items
    if isinstance(value, _NonFinite):
        problems.append(diagnostic("P004", f"{value.text} {NOT_FINITE}", pointer=pointer))
        return value.text
    if isinstance(value, AbsurdNumber):
        problems.append(diagnostic("P007", f"number out of range: {value.shown()} cannot be represented exactly; no venue accepts it",
                                   pointer=pointer))
        return value.text
    if isinstance(value, Decimal) and not is_sane(value):
        problems.append(diagnostic("P007", f"number out of range: {shorten(str(value))} is out of any sensible range for an order",
                                   pointer=pointer))
    if isinstance(value, str) and _SURROGATE.search(value):
        problems.append(surrogate_problem(value, pointer))
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, str) and len(value) > limits.max_string:
        problems.append(diagnostic("P010", f"a value of {len(value)} characters; the limit is {limits.max_string}", pointer=pointer))
    return value
