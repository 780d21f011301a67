"""The moment time rules are measured against: ISO 8601 text, epoch milliseconds or a datetime."""

from __future__ import annotations

import datetime as dt
import time
import typing as t
from decimal import Decimal


def to_epoch_ms(value: t.Any) -> int | None:
    """Epoch milliseconds for a `now` value, or None when it is not a moment."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return int(moment.timestamp() * 1000)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return int(value) if 0 <= value < 10**15 else None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) <= 15:
            return int(text)
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return None
        return to_epoch_ms(moment)
    return None


def wall_clock_ms() -> int:
    return int(time.time() * 1000)


def moment_ms(now: t.Any) -> int:
    """Epoch milliseconds for a `now` value; the wall clock when it is None or not a moment."""
    moment = to_epoch_ms(now) if now is not None else None
    return wall_clock_ms() if moment is None else moment


def iso_from_ms(ms: int) -> str:
    """ISO 8601 UTC text with milliseconds for an epoch-milliseconds moment."""
    try:
        moment = dt.datetime.fromtimestamp(ms / 1000, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return f"{ms} ms since the epoch"
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
