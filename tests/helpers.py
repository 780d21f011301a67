"""Helpers shared by the tests."""

from __future__ import annotations

import contextlib
import signal
import typing as t

DEADLINE_S = 5.0  # per document (and per file read): far above any real cost, so only a hang trips it


@contextlib.contextmanager
def deadline(seconds: float = DEADLINE_S) -> t.Iterator[None]:
    """Fail with TimeoutError if the block runs longer than `seconds` (main thread, POSIX)."""

    def expire(signum: int, frame: t.Any) -> None:
        raise TimeoutError(f"over the {seconds} s deadline")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
