"""Helpers shared by the tests."""

from __future__ import annotations

import contextlib
import signal
import typing as t

DEADLINE_S = 5.0  # per document (and per file read): far above any real cost, so only a hang trips it


@contextlib.contextmanager
def deadline(seconds: float = DEADLINE_S, wall_factor: float = 6.0) -> t.Iterator[None]:
    """Fail with TimeoutError if the block uses more than `seconds` of this process's CPU time (main thread,
    POSIX). CPU time, not wall time, so a loaded machine does not trip it; a block that waits without using
    the CPU is caught by a wall-clock limit `wall_factor` times longer."""

    def expire(signum: int, frame: t.Any) -> None:
        raise TimeoutError(f"over the {seconds} s deadline")

    previous_prof = signal.signal(signal.SIGPROF, expire)
    previous_alarm = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * wall_factor)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous_prof)
        signal.signal(signal.SIGALRM, previous_alarm)
