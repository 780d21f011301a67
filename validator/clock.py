"""The moment time rules are measured against: ISO 8601 text, epoch milliseconds or a datetime."""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
import typing as t
from decimal import Decimal


_MAX_MS = 10**15  # year 33658: anything later is not a moment an order is sent at
_FRACTION = re.compile(r"(\.\d+)")


def to_epoch_ms(value: t.Any) -> int | None:
    """Epoch milliseconds for a `now` value, or None when it is not a moment.

    Accepted: epoch milliseconds (int, float or Decimal, finite and not negative; also as digit text), ISO 8601
    text (Z or an offset; no zone means UTC), a datetime (naive: UTC) and a date (midnight UTC).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        try:
            return int(moment.timestamp() * 1000)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, dt.date):
        return to_epoch_ms(dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc))
    if isinstance(value, (int, float, Decimal)):
        try:
            if not (0 <= value < _MAX_MS):
                return None
            return int(value)
        except (ArithmeticError, TypeError, ValueError):  # NaN and signalling NaN compare with an error or False
            return None
    if isinstance(value, str):
        return _text_ms(str.__str__(value))
    return None


@functools.lru_cache(maxsize=64)  # a bot or a run passes the same `now` text with every order: parse it once
def _text_ms(text: str) -> int | None:
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 15:
        return int(text)
    if not text.isascii() or len(text) > 64:
        return None
    # Python 3.10's fromisoformat takes only 3 or 6 fraction digits and no "Z": normalise both first
    text = text.replace("Z", "+00:00").replace("z", "+00:00")
    text = _FRACTION.sub(lambda m: (m.group(1) + "000000")[:7], text, count=1)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return to_epoch_ms(moment)


def wall_clock_ms() -> int:
    return int(time.time() * 1000)


def moment_ms(now: t.Any) -> int:
    """Epoch milliseconds for a `now` value; the wall clock when it is None or not a moment (callers that must
    refuse a bad value check it with `to_epoch_ms` first)."""
    moment = to_epoch_ms(now) if now is not None else None
    return wall_clock_ms() if moment is None else moment


def iso_from_ms(ms: int) -> str:
    """ISO 8601 UTC text with milliseconds for an epoch-milliseconds moment."""
    try:
        moment = dt.datetime.fromtimestamp(ms / 1000, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return f"{ms} ms since the epoch"
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
