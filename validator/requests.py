"""Requests as values: what an in-process caller may hand over that JSON cannot carry, members a request
line adds, and a fix applied to a copy."""

from __future__ import annotations

import copy
import math
import typing as t
from decimal import Decimal

from . import decimals as dec
from .codes import diagnostic
from .diagnostics import Diagnostic, join_pointer, split_pointer
from .wording import show

_LIMIT = 10 ** (dec.MAX_ADJUSTED_EXPONENT + 1)
_SMALL = Decimal(10) ** -(dec.MAX_ADJUSTED_EXPONENT + 1)
_DROPPED = None  # what replaces a value that cannot go on the wire (its pointer is reported)


def scan(request: t.Any) -> tuple[t.Any, list[Diagnostic]]:
    """The request with values JSON cannot carry replaced by null, and a diagnostic for each.

    Reported: NaN and infinity (P004), numbers beyond 1e+-60 or longer than the engine checks exactly (P007),
    member names that are not text and values of non-JSON types (S002), objects that contain themselves (P006).
    A request of plain JSON values comes back as it was, unchanged.
    """
    problems: list[Diagnostic] = []
    cleaned = _scan(request, "", problems, set())
    return cleaned, problems


def _scan(value: t.Any, pointer: str, problems: list[Diagnostic], path: set[int]) -> t.Any:
    kind = type(value)
    if kind is str:
        # only number-like text: a long id or a comma-separated id list that starts with a digit is not a number
        if len(value) > 60 and value[:1].isdigit() and not value.strip("0123456789.eE+-"):
            return _checked_number(value, pointer, problems)
        return value
    if kind is bool or value is None:
        return value
    if kind is int:
        return value if -_LIMIT < value < _LIMIT else _checked_number(value, pointer, problems)
    if kind is dict or kind is list or kind is tuple or isinstance(value, (dict, list, tuple)):
        marker = id(value)
        if marker in path:
            problems.append(diagnostic("P006", "the request contains itself; it cannot be sent as JSON", pointer=pointer))
            return _DROPPED
        path.add(marker)
        try:
            if isinstance(value, dict):
                return _scan_object(value, pointer, problems, path)
            changed = False
            items = []
            for index, item in enumerate(value):
                new = _scan(item, join_pointer(pointer, index), problems, path)
                changed = changed or new is not item
                items.append(new)
            return items if changed else value
        finally:
            path.discard(marker)
    if isinstance(value, (float, Decimal, int)) and not isinstance(value, bool):
        return _checked_number(value, pointer, problems)
    if isinstance(value, str):  # a str subclass: its own text, whatever its methods do
        return _scan(str.__str__(value), pointer, problems, path)
    problems.append(diagnostic("S002", f"{_name(pointer)} is a Python {type(value).__name__}, which JSON cannot carry",
                               pointer=pointer))
    return _DROPPED


def _scan_object(value: dict[t.Any, t.Any], pointer: str, problems: list[Diagnostic], path: set[int]) -> t.Any:
    if type(value) is dict:  # a flat object of plain members (the common case) is seen without building pointers
        for key, item in value.items():
            kind = type(item)
            if type(key) is not str or not ((kind is str and len(item) <= 60) or kind is bool or item is None
                                            or (kind is int and -_LIMIT < item < _LIMIT)):
                break
        else:
            return value
    changed = type(value) is not dict
    out: dict[str, t.Any] = {}
    for key, item in value.items():
        if type(key) is not str:
            shown = str.__str__(key) if isinstance(key, str) else None
            if shown is None:
                problems.append(diagnostic("S002", f"member name {_safe(key)} is a {type(key).__name__}; JSON member names are text",
                                           pointer=join_pointer(pointer, _safe(key))))
                changed = True
                continue
            key, changed = shown, True
        new = _scan(item, join_pointer(pointer, key), problems, path)
        changed = changed or new is not item
        out[key] = new
    return out if changed else value


def _checked_number(value: t.Any, pointer: str, problems: list[Diagnostic]) -> t.Any:
    try:
        dec.to_decimal(value)
    except dec.NotExact as exc:
        code = exc.code if exc.code in ("P004", "P007", "P010") else "P007"
        problems.append(diagnostic(code, f"{_name(pointer)} {_safe(value)} {exc.reason}; no venue accepts it", pointer=pointer))
        return _DROPPED
    return value


def _name(pointer: str) -> str:
    return pointer.rsplit("/", 1)[-1] if pointer else "the request"


def _safe(value: t.Any) -> str:
    """A short, never-raising rendering of a caller's value."""
    try:
        if isinstance(value, float) and not math.isfinite(value):
            return repr(value)
        text = show(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:40] + "..." + text[-12:]


def under(pointer: str, placeholders: t.Collection[str]) -> bool:
    """True when `pointer` is one of `placeholders` or inside one."""
    return any(pointer == p or pointer.startswith(p + "/") for p in placeholders)


def merge_members(request: t.Any, members: dict[str, str]) -> tuple[t.Any, list[tuple[str, str, t.Any]]]:
    """The request with a request line's path and query members added, and the members both give differently.

    Path and query values travel as text, so a body member equal to the text (50 and "50") agrees.
    """
    if not isinstance(request, dict):
        return request, []
    merged = dict(request)
    conflicts = []
    for name, value in members.items():
        if name in request:
            given = request[name]
            text = given if isinstance(given, str) else (dec.fmt(Decimal(given)) if isinstance(given, (int, Decimal)) and not isinstance(given, bool) else None)
            if text != value and not (isinstance(given, (int, Decimal)) and dec.is_number(value) and dec.to_decimal(value) == given):
                conflicts.append((name, value, given))
        else:
            merged[name] = value
    return merged, conflicts


def apply_fix(request: t.Any, pointer: str, value: t.Any) -> t.Any:
    """A copy of the request with the member at `pointer` set to `value` (parents copied, the rest shared);
    None when the pointer does not lead to a member that can be set."""
    tokens = split_pointer(pointer)
    if not tokens:
        return copy.deepcopy(value)
    root = _copy(request)
    current = root
    for token in tokens[:-1]:
        if isinstance(current, dict) and token in current:
            current[token] = _copy(current[token])
            current = current[token]
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current[int(token)] = _copy(current[int(token)])
            current = current[int(token)]
        else:
            return None
    last = tokens[-1]
    if isinstance(current, dict):
        current[last] = value
    elif isinstance(current, list) and last.isdigit() and int(last) < len(current):
        current[int(last)] = value
    else:
        return None
    return root


def _copy(value: t.Any) -> t.Any:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, (list, tuple)):
        return list(value)
    return value
