"""Sessions: checks that span orders, such as a client order id reused within the venue's window.

A session remembers the values that rules marked `not_reused` name (client order ids), for the
orders it accepted: an order with an error is not sent, so its id stays free for the corrected order.
"""

from __future__ import annotations

import collections
import threading
import typing as t

from .clock import moment_ms, to_epoch_ms
from .diagnostics import Result


class Checks(t.Protocol):
    """What a session needs of the Validator that builds it."""

    def check_with_memory(self, request: t.Any, venue: t.Any, operation: t.Any, now: t.Any, memory: t.Any,
                 placeholders: t.Collection[str] = ()) -> Result: ...

    def to_remember(self, request: t.Any, venue: str, operation: str) -> list[tuple[str, t.Any, int | None]]: ...


class Session:
    """A Validator's checks plus memory of accepted orders; safe to share between threads.

    Build it with `Validator.session()`. Memory is bounded: at most `capacity` values per venue and
    namespace are kept, the oldest forgotten first, and values older than their window are dropped.
    """

    def __init__(self, validator: Checks, clock: t.Callable[[], t.Any] | None = None, capacity: int = 100_000) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.validator = validator
        self.capacity = capacity
        self._clock = clock
        self._lock = threading.Lock()
        # (venue, namespace) -> value -> (epoch ms when accepted, where it was seen)
        self._tables: dict[tuple[str, str], collections.OrderedDict[t.Any, tuple[int, str]]] = {}

    # -- the check -------------------------------------------------------------------------------
    def check(self, request: t.Any, venue: str, operation: str, now: t.Any = None, origin: str | None = None, *,
              placeholders: t.Collection[str] = ()) -> Result:
        """The verdict on one request, including reuse of what earlier accepted orders used.

        `origin` names the order in later messages (a file and document, a strategy id); by default
        "an earlier order".
        """
        moment = self._clock() if now is None and self._clock is not None else now
        now_ms = moment_ms(moment)
        with self._lock:  # look-up and recording are one step, so two threads cannot both take an id
            # a `now` that is not a moment goes to the check as given, so the result says so (E004)
            given = moment if moment is not None and to_epoch_ms(moment) is None else now_ms
            result = self.validator.check_with_memory(request, venue, operation, given, self, placeholders)
            if result.valid and result.venue and result.operation:  # only orders that will be sent take their ids
                remembered = self.validator.to_remember(request, result.venue, result.operation)
                self._record(remembered, now_ms, origin or "an earlier order", result.venue)
        return result

    def check_many(self, requests: t.Iterable[t.Any], venue: str, operation: str, now: t.Any = None,
                   origin: str | None = None) -> list[Result]:
        """One verdict per request, in order; each accepted request is remembered before the next."""
        return [self.check(request, venue, operation, now, origin) for request in requests]

    # -- memory ------------------------------------------------------------------------------------
    def seen(self, venue: str, namespace: str, value: t.Any, now_ms: int, window_ms: int | None) -> tuple[int, str] | None:
        """When and where an accepted order used `value`, if that is within the window; else None."""
        table = self._tables.get((venue, namespace))
        if table is None:
            return None
        entry = table.get(value)
        if entry is None:
            return None
        if window_ms is not None and now_ms - entry[0] >= window_ms:
            return None
        return entry

    def forget(self, venue: str | None = None, value: t.Any = None) -> None:
        """Drop what the session remembers: everything, one venue's, or one value of one venue (a client
        order id whose order the venue never received, so that a retry with the same id is not R204)."""
        with self._lock:
            for key in [k for k in self._tables if venue is None or k[0] == venue]:
                if value is None:
                    del self._tables[key]
                else:
                    self._tables[key].pop(value, None)

    def __len__(self) -> int:
        return sum(len(table) for table in self._tables.values())

    def _record(self, remembered: list[tuple[str, t.Any, int | None]], now_ms: int, origin: str, venue: str) -> None:
        for namespace, value, window_ms in remembered:
            table = self._tables.setdefault((venue, namespace), collections.OrderedDict())
            table[value] = (now_ms, origin)
            table.move_to_end(value)
            if window_ms is not None:
                while table:
                    oldest = next(iter(table.values()))
                    if now_ms - oldest[0] < window_ms:
                        break
                    table.popitem(last=False)
            while len(table) > self.capacity:
                table.popitem(last=False)
