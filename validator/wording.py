"""How values and locations are written in messages."""

from __future__ import annotations

import json
import typing as t
from decimal import Decimal

from .diagnostics import split_pointer

MAX_SHOWN = 60


def show(value: t.Any) -> str:
    """A short JSON-like rendering of a request value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        text = str(value)
    elif isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=True)
    elif isinstance(value, dict):
        text = "an object"
    elif isinstance(value, (list, tuple)):
        text = f"a list of {len(value)}"
    else:
        text = type(value).__name__
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def got(value: t.Any) -> str:
    """What a message says was found instead: `string "x"`, `integer 5`, `an object`, `an array of 2 items`."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    return f"{json_type(value)} {show(value)}"


def member(pointer: str) -> str:
    """The member a pointer names, for messages ("orderList/1/price"; "the request" for the root)."""
    tokens = split_pointer(pointer)
    return "/".join(tokens) if tokens else "the request"


def json_type(value: t.Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, (float, Decimal)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
