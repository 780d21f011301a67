"""A lint run over inputs: every document read, checked and given the configuration's policy, in input order.

The command line and the parallel workers both run files through `results` and `policy`, so a file gets the
same verdict whichever runs it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import typing as t

from . import config as configuration
from .engine import Validator
from .clock import to_epoch_ms
from .codes import diagnostic
from .documents import DocumentResult, check_document
from .inputs import InputStats, read_inputs
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits


class BadNow(ValueError):
    """A `now` that is neither ISO 8601 text nor epoch milliseconds."""

    def __init__(self, now: t.Any) -> None:
        super().__init__(f"{now!r} is neither ISO 8601 nor epoch milliseconds")


def results(validator: Validator, paths: t.Iterable[str], venue: str | None, operation: str | None, now: t.Any,
             jsonl: bool = False, limits: Limits = DEFAULT_LIMITS, remember: int = 100_000, session_scope: str = "file",
             stats: InputStats | None = None, config: configuration.Config | None = None,
             placeholders: t.Sequence[re.Pattern[str]] = (), note: t.Callable[[str], None] | None = None) -> t.Iterator[DocumentResult]:
    """One verdict per input document, as the documents are read.

    `session_scope` says what R204 (client order id reuse) compares: "file" each file (or stdin) on its own, so a
    file's verdict never depends on which other files run with it; "run" every document of the run; "none" nothing.
    `config` gives the venue and operation of raw requests by path (`venue-by-path`, `operation-by-path`) where
    --venue/--operation do not; `placeholders` are patterns of template values filled in at run time.
    """
    session = validator.session(capacity=remember) if session_scope != "none" else None
    current: str | None = None
    if now is not None:
        moment = to_epoch_ms(now)
        if moment is None:
            raise BadNow(now)
        now = moment  # parsed once, not per document
    for doc in read_inputs(paths, jsonl=jsonl, limits=limits, note=note, stats=stats,
                           respect_gitignore=config.respect_gitignore if config else True):
        if session_scope == "file" and doc.source != current:
            current = doc.source
            session = validator.session(capacity=remember)
        doc_venue = venue or (config.venue_for(doc.source) if config and config.venue_by_path else None)
        doc_operation = operation or (config.operation_for(doc.source) if config and config.operation_by_path else None)
        try:
            yield check_document(validator, doc, venue=doc_venue, operation=doc_operation, now=now, session=session,
                                 placeholders=placeholders)
        except Exception as exc:  # one broken document never costs the others their verdict
            yield DocumentResult(doc.source, doc.index, None, None, [diagnostic("E099", f"internal error: {type(exc).__name__}: {exc}")])


def _lines_for_suppressions(result: DocumentResult) -> list[str] | None:
    """The text lines of a YAML input holding `orderlint:` comments (None otherwise: nothing to suppress)."""
    from .sourcemap import NodeSourceMap

    if result.source == "<stdin>":
        inner = getattr(result.sourcemap, "_inner", result.sourcemap)
        if not isinstance(inner, NodeSourceMap):
            return None
        lines: list[str] = []
        while (text := inner.line_text(len(lines) + 1)) is not None:
            lines.append(text)
    elif os.path.splitext(result.source)[1].lower() in (".yaml", ".yml"):
        try:
            with open(result.source, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return None
    else:
        return None
    return lines if any("orderlint" in line for line in lines) else None


def policy(results: t.Iterable[DocumentResult], config: configuration.Config, codes: t.Mapping[str, t.Any],
            inline: bool = True) -> t.Iterator[DocumentResult]:
    """Results after inline suppressions (a YAML file's results are held until its last document) and the
    configuration's select/ignore, severity overrides and per-file ignores."""
    from . import suppressions

    def finish(group: list[DocumentResult], lines: list[str] | None) -> t.Iterator[DocumentResult]:
        if lines is not None:
            group = suppressions.apply(group, lines, codes)
        for result in group:
            yield configured(result, config)

    held: list[DocumentResult] = []
    lines: list[str] | None = None
    current: str | None = None
    for result in results:
        if result.source != current:
            yield from finish(held, lines)
            held, current = [], result.source
            lines = _lines_for_suppressions(result) if inline else None
        if lines is None:
            yield configured(result, config)
        else:
            held.append(result)
    yield from finish(held, lines)


def configured(result: DocumentResult, config: configuration.Config) -> DocumentResult:
    if configuration.is_default(config) or not result.diagnostics:
        return result
    return dataclasses.replace(result, diagnostics=configuration.apply(config, result.source, result.diagnostics, result.venue))


