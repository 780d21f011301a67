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

# Enough precision for any increment arithmetic on values within the bound above.
_CONTEXT = decimal.Context(prec=160, Emax=999, Emin=-999, traps=[decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero])


def to_decimal(value: t.Any) -> Decimal | None:
    """The exact decimal a request value stands for, or None when it is not a usable number.

    Strings must be plain decimals; floats (from in-process callers) are taken by their shortest repr.
    """
    if type(value) is str:  # the common case, and the same few texts again and again
        return _from_text(value) if len(value) <= 200 else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return _from_text(str(value)) if len(value) <= 200 else None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        return None
    if not number.is_finite() or (number and abs(number.adjusted()) > MAX_ADJUSTED_EXPONENT):
        return None
    return number


@functools.lru_cache(maxsize=4096)
def _from_text(text: str) -> Decimal | None:
    if not PLAIN_DECIMAL.fullmatch(text):
        return None
    number = Decimal(text)
    if number and abs(number.adjusted()) > MAX_ADJUSTED_EXPONENT:
        return None
    return number


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
    return _CONTEXT.divide(a, b)


def fmt(number: Decimal) -> str:
    """Plain text for a decimal: no exponent, no trailing fractional zeros."""
    if number == 0:
        return "0"
    text = format(number.normalize(_CONTEXT), "f")
    return text
