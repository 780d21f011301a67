"""Scalars that cannot be checked exactly: absurd numbers and lone surrogates, decided from the text."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal, InvalidOperation

from .codes import diagnostic
from .diagnostics import Diagnostic

SHOWN = 40
_SURROGATE = re.compile("[\ud800-\udfff]")


def shorten(text: str, limit: int = SHOWN) -> str:
    """`text` cut to `limit` characters, saying how long it was."""
    return text if len(text) <= limit else f"{text[:limit // 2]}...{text[-8:]} ({len(text)} characters)"


@dataclasses.dataclass(frozen=True)
class AbsurdNumber:
    """A number literal no exact arithmetic accepts (an exponent beyond what decimals hold)."""

    text: str

    def shown(self) -> str:
        return shorten(self.text)


def decimal_or_absurd(text: str) -> Decimal | AbsurdNumber:
    """The exact decimal written, or AbsurdNumber when the literal is beyond what a decimal can hold."""
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError, OverflowError):
        return AbsurdNumber(text)


def surrogate_problem(value: str, pointer: str, key: bool = False) -> Diagnostic:
    """P001 for a string holding a lone surrogate (valid in JSON escapes, never valid Unicode)."""
    found = _SURROGATE.search(value)
    code = f"\\u{ord(found.group()):04x}" if found else "?"
    what = "key" if key else "string"
    return diagnostic("P001", f"lone surrogate {code} in a {what} is not valid Unicode; no venue accepts it", pointer=pointer)
