"""`orderlint check --jobs N`: files checked in worker processes, results reported in input order.

Each worker holds its own Validator (inherited when the platform forks, else unpickled: `Validator.__reduce__`
rebuilds it from its constructor arguments). A file is the unit of work: its documents are read, checked and
given the configuration's policy (inline suppressions, select/ignore) in the worker exactly as a serial run
does it, so the verdicts are the same; only the text of the lines a report shows travels back. The parent walks
the folders, hands out files in chunks and yields the results in the order a serial run would. Only
file-independent runs go here: with `--session run` (client order ids compared across files), `--jsonl` or
standard input the command line checks serially.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import os
import signal
import typing as t
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from . import run  # the serial path itself, so both give the same verdicts
from .codes import diagnostic
from .documents import DocumentResult
from .inputs import InputStats
from .loading import walk_paths

if t.TYPE_CHECKING:
    from .engine import Validator

Position = tuple[int, int]


@dataclasses.dataclass(frozen=True)
class Settings:
    """What the serial run's `run.results` and `run.policy` take besides the Validator and the path."""

    venue: str | None
    operation: str | None
    now: t.Any
    limits: t.Any
    remember: int
    session_scope: str  # "file" or "none": each file is checked on its own
    config: t.Any
    placeholders: tuple[t.Any, ...]


class ReportedLines:
    """What reporting needs of a document's source map once it is checked: the text of the lines its findings
    point at, and where the document starts. Small to send back from a worker."""

    __slots__ = ("_lines", "_start")

    def __init__(self, lines: dict[int, str], start: Position | None) -> None:
        self._lines = lines
        self._start = start

    def value(self, pointer: str) -> Position | None:
        return self._start if pointer == "" else None

    def key(self, pointer: str) -> Position | None:
        return None

    def line_text(self, line: int) -> str | None:
        return self._lines.get(line)


def default_jobs() -> int:
    """The machine's cores (1 when Python cannot tell)."""
    return os.cpu_count() or 1


def _compact(result: DocumentResult) -> DocumentResult:
    smap = result.sourcemap
    if smap is None:
        return result
    lines = {}
    for diag in result.diagnostics:
        if diag.line is not None and diag.line not in lines:
            text = smap.line_text(diag.line)
            if text is not None:
                lines[diag.line] = text
    inner = getattr(smap, "_inner", smap)
    try:
        start = inner.value("")
    except Exception:  # noqa: BLE001 - a position table that cannot be built: the start is only a hint
        start = None
    if not lines and start is None:
        return dataclasses.replace(result, sourcemap=None)
    return dataclasses.replace(result, sourcemap=ReportedLines(lines, start))


_worker: tuple[Validator, Settings] | None = None


def _start_worker(validator: Validator, settings: Settings) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    _worker = (validator, settings)


def _failed(path: str, exc: BaseException) -> DocumentResult:
    return DocumentResult(path, 0, None, None, [diagnostic("E099", f"internal error: {type(exc).__name__}: {exc}", pointer="")])


def check_path(validator: Validator, settings: Settings, path: str) -> tuple[list[DocumentResult], int]:
    """One input's results as a serial run gives them (policy applied, source maps compacted), and its number of
    documents. An error becomes the file's E099 result."""
    stats = InputStats()
    try:
        found = run.policy(run.results(validator, [path], settings.venue, settings.operation, settings.now, False, settings.limits,
                                 settings.remember, settings.session_scope, stats, settings.config, settings.placeholders),
                        settings.config, validator.codes)
        return [_compact(r) for r in found], stats.documents
    except Exception as exc:  # noqa: BLE001 - any failure is this file's E099
        return [_failed(path, exc)], max(stats.documents, 1)


def _check_chunk(paths: list[str]) -> list[tuple[list[DocumentResult], int]]:
    assert _worker is not None, "worker started without its Validator"
    validator, settings = _worker
    return [check_path(validator, settings, path) for path in paths]


def check_files(validator: Validator, settings: Settings, paths: t.Iterable[str], jobs: int, *,
                respect_gitignore: bool = True, note: t.Callable[[str], None] | None = None,
                stats: InputStats | None = None) -> t.Iterator[DocumentResult]:
    """The results of every input under `paths`, in the order a serial run reports them, checked by up to
    `jobs` worker processes (fewer when there are fewer files)."""
    stats = stats if stats is not None else InputStats()

    def walk() -> t.Iterator[str]:  # lazily: workers start on the first files while the folders are still walked
        for entry in walk_paths(paths, respect_gitignore=respect_gitignore):
            if entry.kind == "special":
                stats.skipped += 1
                if note is not None:
                    note(f"{entry.path}: {entry.reason}")
                continue
            stats.inputs += 1
            yield entry.path  # an unreadable folder too: walking it again in the worker reports it

    files = walk()
    first = list(itertools.islice(files, jobs))
    workers = max(1, min(jobs, len(first)))
    if workers == 1:
        for path in itertools.chain(first, files):
            results, documents = check_path(validator, settings, path)
            stats.documents += documents
            yield from results
        return
    taken = 0
    remaining = itertools.chain(first, files)
    chunks: collections.deque[list[str]] = collections.deque()  # files to run again after a worker died

    def next_chunk() -> list[str]:
        nonlocal taken
        if chunks:
            return chunks.popleft()
        chunk = list(itertools.islice(remaining, _chunk_size(taken, workers)))
        taken += len(chunk)
        return chunk

    ahead = workers * 4  # chunks in flight: bounded memory, workers never idle
    careful = 0  # after a worker died: files run one at a time until the one that kills a worker is found

    def pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(validator, settings))

    executor = pool()
    pending: collections.deque[tuple[list[str], Future[t.Any]]] = collections.deque()
    try:
        while True:
            while len(pending) < (1 if careful else ahead):
                chunk = next_chunk()
                if not chunk:
                    break
                try:
                    future = executor.submit(_check_chunk, chunk)
                except BrokenProcessPool as exc:  # broken by a chunk still pending: handled below, as a failed chunk
                    future = Future()
                    future.set_exception(exc)
                pending.append((chunk, future))
            if not pending:
                break
            chunk, future = pending.popleft()
            try:
                outcome = future.result()
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory, a crash in an extension)
                executor.shutdown(wait=False, cancel_futures=True)
                executor = pool()
                if not careful:  # which file did it is not known: run the files in flight again, one at a time
                    singles = [[path] for suspect in [chunk, *(c for c, _ in pending)] for path in suspect]
                    pending.clear()
                    chunks.extendleft(reversed(singles))
                    careful = len(singles)
                    continue
                outcome = [([_failed(path, exc)], 1) for path in chunk]  # it ran alone: this file killed its worker
            except Exception as exc:  # noqa: BLE001 - any failure is this chunk's E099
                outcome = [([_failed(path, exc)], 1) for path in chunk]
            careful = max(0, careful - 1)
            for results, documents in outcome:
                stats.documents += documents
                yield from results
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _chunk_size(taken: int, workers: int) -> int:
    """Files in the next task, `taken` files handed out so far: one at a time at first (a small run still uses
    every worker), growing to 32 (a large run spends little on sending tasks)."""
    return max(1, min(32, taken // (workers * 8)))
