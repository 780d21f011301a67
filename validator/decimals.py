"""Exact decimal arithmetic for money values: parsing, increments, bounds, display."""

from __future__ import annotations

import decimal
import functools
import re
import typing as t
from decimal import Decimal

# Plain decimal as venues type it: ASCII digits with an optional fraction; no sign, exponent or spaces.
PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")

# Values beyond this magnitude are not money; refusing them keeps every operation bounded in time.
MAX_ADJUSTED_EXPONENT = 60
# More significant digits than any venue takes; with the exponent bound, products stay exact (below).
MAX_DIGITS = 100
# Longer texts are refused before they are parsed (trailing zeros included).
MAX_TEXT = 10_000

# Enough precision that multiplying two admitted values, or dividing one by an increment, is exact.
_CONTEXT = decimal.Context(prec=500, Emax=999, Emin=-999,
                           traps=[decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero, decimal.Inexact])
# For quotients that need not be exact (they are rounded to an increment afterwards).
_ROUNDED = decimal.Context(prec=160, Emax=999, Emin=-999, traps=[decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero])


class NotExact(ValueError):
    """A value that stands for a number orderlint cannot check exactly (why: `reason`; which code: `code`)."""

    def __init__(self, reason: str, code: str = "P007") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def to_decimal(value: t.Any) -> Decimal | None:
    """The exact decimal a request value stands for; None only when the member is absent (None).

    Strings must be plain decimals; floats (from in-process callers) are taken by their shortest repr.
    Anything else (a non-decimal text, a boolean, a container, NaN, a magnitude beyond 1e+-60, more than
    100 significant digits) raises NotExact: a rule can never mistake "could not read it" for "nothing to check".
    """
    if type(value) is str:  # the common case, and the same few texts again and again
        return _from_text(value) if len(value) <= 200 else _from_long_text(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotExact("is a boolean, not a number", "S002")
    if isinstance(value, str):
        return _from_long_text(str.__str__(value))
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        if abs(value) >= 10 ** (MAX_ADJUSTED_EXPONENT + 1):
            raise NotExact(f"is beyond the range of +/-1e{MAX_ADJUSTED_EXPONENT} orderlint checks exactly")
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotExact("is not a finite number", "P004")
        number = Decimal(repr(value))
    else:
        raise NotExact(f"is a {type(value).__name__}, not a number", "S002")
    return _sane(number)


def _sane(number: Decimal) -> Decimal:
    if not number.is_finite():
        raise NotExact("is not a finite number", "P004")
    if number:
        if abs(number.adjusted()) > MAX_ADJUSTED_EXPONENT:
            raise NotExact(f"is beyond the range of +/-1e{MAX_ADJUSTED_EXPONENT} orderlint checks exactly")
        digits = len(number.as_tuple().digits)
        if digits > MAX_DIGITS:
            number = number.normalize(_ROUNDED) if digits <= 160 else _strip_zeros(number)
            if len(number.as_tuple().digits) > MAX_DIGITS:
                raise NotExact(f"has more than {MAX_DIGITS} significant digits; no venue takes that precision")
    return number


def _strip_zeros(number: Decimal) -> Decimal:
    sign, digits, exponent = number.as_tuple()
    count = len(digits)
    while count > 1 and digits[count - 1] == 0:
        count -= 1
    assert isinstance(exponent, int)
    return Decimal((sign, digits[:count], exponent + len(digits) - count))


@functools.lru_cache(maxsize=4096)
def _from_text(text: str) -> Decimal:
    if not PLAIN_DECIMAL.fullmatch(text):
        raise NotExact("is not a plain decimal", "S006")
    number = Decimal(text)
    if len(text) <= MAX_DIGITS:  # a plain text this short is finite and has at most MAX_DIGITS digits
        if number and abs(number.adjusted()) > MAX_ADJUSTED_EXPONENT:
            raise NotExact(f"is beyond the range of +/-1e{MAX_ADJUSTED_EXPONENT} orderlint checks exactly")
        return number
    return _sane(number)


def _from_long_text(text: str) -> Decimal:
    if len(text) > MAX_TEXT:
        raise NotExact(f"is {len(text):,} characters long; no venue takes a number that long", "P010")
    if not PLAIN_DECIMAL.fullmatch(text):
        raise NotExact("is not a plain decimal", "S006")
    return _sane(Decimal(text))


def is_number(value: t.Any) -> bool:
    """True when to_decimal would give a number (not None, no NotExact)."""
    try:
        return to_decimal(value) is not None
    except NotExact:
        return False


def as_integer(value: t.Any) -> int | None:
    """The integer an int or a whole decimal (1.0: an integer in JSON Schema) stands for; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return None


def is_sane(number: Decimal) -> bool:
    """True for finite numbers of a magnitude orderlint will do arithmetic on."""
    return number.is_finite() and (not number or abs(number.adjusted()) <= MAX_ADJUSTED_EXPONENT)


def is_multiple(value: Decimal, step: Decimal) -> bool:
    if step <= 0:
        return True
    return _CONTEXT.remainder(value, step) == 0


def neighbours(value: Decimal, step: Decimal) -> tuple[Decimal, Decimal]:
    """The nearest multiples of `step` at or below and at or above `value`."""
    quotient = _CONTEXT.divide_int(value, step)
    lower = _CONTEXT.multiply(quotient, step)
    if lower > value:  # divide_int truncates toward zero
        lower = _CONTEXT.subtract(lower, step)
    upper = lower if lower == value else _CONTEXT.add(lower, step)
    return lower, upper


def ceil_to(value: Decimal, step: Decimal) -> Decimal:
    return neighbours(value, step)[1]


def floor_to(value: Decimal, step: Decimal) -> Decimal:
    return neighbours(value, step)[0]


def multiply(a: Decimal, b: Decimal) -> Decimal:
    return _CONTEXT.multiply(a, b)


def divide(a: Decimal, b: Decimal) -> Decimal:
    """a / b, rounded to 160 significant digits (callers round the quotient to an increment)."""
    return _ROUNDED.divide(a, b)


def fmt(number: Decimal) -> str:
    """Plain text for a decimal: no exponent, no trailing fractional zeros."""
    if number == 0:
        return "0"
    return format(number.normalize(_ROUNDED), "f")
