"""The orderlint command line: check, explain, rules, venues."""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

import click

from . import __version__
from .checker import Validator
from .clock import to_epoch_ms
from .codes import by_name, catalog, diagnostic
from .datafiles import DataFileError
from .documents import DocumentResult, check_document
from .explain import explain_code, explain_results
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .loading import EXTENSIONS, Document, expand_paths, load_bytes, load_file, stream_jsonl
from .markets import load_markets
from .reporters import JsonLinesReporter, JsonReporter, Reporter, TextReporter

EXIT_CLEAN, EXIT_REJECTED, EXIT_TOOL = 0, 1, 2


class ToolError(click.ClickException):
    """orderlint could not do its job (bad data files, bad arguments): exit code 2."""

    exit_code = EXIT_TOOL


def _validator(markets: tuple[str, ...], strict: bool) -> Validator:
    try:
        loaded = load_markets(*markets) if markets else None
        return Validator(markets=loaded, strict=strict)
    except DataFileError as exc:
        raise ToolError(str(exc)) from exc


def _documents(paths: t.Sequence[str], jsonl: bool, limits: Limits) -> t.Iterator[Document]:
    """Every input document, in order, read lazily: JSON Lines (stdin with --jsonl, .jsonl files) a line at a time.

    A failure inside the reader costs only the rest of that one input, which gets an error document.
    """
    for path in expand_paths(paths):
        yield from _guarded("<stdin>" if path == "-" else path, _read(path, jsonl, limits))


def _read(path: str, jsonl: bool, limits: Limits) -> t.Iterator[Document]:
    as_lines = jsonl or EXTENSIONS.get(Path(path).suffix.lower()) == "jsonl"
    if path == "-":
        if as_lines:
            yield from stream_jsonl(sys.stdin.buffer, "<stdin>", limits)
            return
        yield from load_bytes(sys.stdin.buffer.read(limits.max_bytes + 1), "<stdin>", limits=limits)
    elif as_lines:
        try:
            handle = open(path, "rb")
        except OSError as exc:
            yield Document(path, 0, None, None, [diagnostic("P009", f"cannot read: {exc.strerror or exc}", pointer="")], ok=False)
            return
        with handle:
            yield from stream_jsonl(handle, path, limits)
    else:
        yield from load_file(path, limits)


def _guarded(source: str, documents: t.Iterator[Document]) -> t.Iterator[Document]:
    following = 0
    try:
        for doc in documents:
            following = doc.index + 1
            yield doc
    except Exception as exc:  # a bug in a reader: this input's remaining documents get one error verdict
        yield Document(source, following, None, None, [diagnostic("E099", f"internal error while reading: {type(exc).__name__}: {exc}",
                                                                  pointer="")], ok=False)


def _results(validator: Validator, paths: t.Sequence[str], venue: str | None, operation: str | None, now: t.Any,
             jsonl: bool = False, limits: Limits = DEFAULT_LIMITS, remember: int = 100_000) -> t.Iterator[DocumentResult]:
    """One verdict per input document, as the documents are read; one session spans the whole run."""
    session = validator.session(capacity=remember)
    if now is not None:
        moment = to_epoch_ms(now)
        if moment is None:
            raise click.BadParameter(f"{now!r} is neither ISO 8601 nor epoch milliseconds", param_hint="--now")
        now = moment  # parsed once, not per document
    for doc in _documents(paths, jsonl, limits):
        try:
            yield check_document(validator, doc, venue=venue, operation=operation, now=now, session=session)
        except Exception as exc:  # one broken document never costs the others their verdict
            yield DocumentResult(doc.source, doc.index, None, None, [diagnostic("E099", f"internal error: {type(exc).__name__}: {exc}")])


def _check_paths(paths: t.Sequence[str]) -> None:
    if not paths:
        raise click.UsageError("give at least one file or folder (or - for standard input)")
    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise click.UsageError(f"no such file or folder: {path}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orderlint")
def main() -> None:
    """Say, before an order is sent, whether the venue would reject it, and why.

    Exit codes: 0 no error, 1 at least one order would be rejected, 2 orderlint could not do its job.
    """


_input_options = [
    click.argument("paths", nargs=-1, type=click.Path()),
    click.option("--venue", help="Venue of raw requests (documents without an envelope)."),
    click.option("--operation", help='Operation of raw requests: an id (add_order) or "METHOD /path".'),
    click.option("--markets", "markets", multiple=True, type=click.Path(), help="Markets file (normalized, or a venue's symbols response). Repeatable."),
    click.option("--now", help="The clock for time rules: ISO 8601 or epoch milliseconds (default: the current time)."),
    click.option("--strict", is_flag=True, help="Missing market metadata and doubtful rules become errors."),
    click.option("--max-file-size", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_bytes, show_default=True,
                 help="Largest file, stdin input or JSON line accepted, in bytes (P009 beyond)."),
    click.option("--max-depth", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_depth, show_default=True,
                 help="Deepest nesting of objects and arrays accepted (P006 beyond)."),
    click.option("--max-nodes", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_nodes, show_default=True,
                 help="Most values in one document, YAML aliases expanded (P006 beyond)."),
    click.option("--max-string-length", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_string, show_default=True,
                 help="Longest string value accepted, in characters (P010 beyond)."),
]


def _with_inputs(fn: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    for option in reversed(_input_options):
        fn = option(fn)
    return fn


@main.command()
@_with_inputs
@click.option("--remember", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Client order ids the run remembers per venue to report reuse (R204); the oldest are forgotten first.")
@click.option("--jsonl", is_flag=True, help="Inputs hold one JSON document per line (as .jsonl files do); read and report as they arrive.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "json-lines"]), default="text", show_default=True,
              help="Report format; json-lines writes one result per line as each document is checked.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: when writing to a terminal).")
def check(paths: tuple[str, ...], venue: str | None, operation: str | None, markets: tuple[str, ...], now: str | None,
          strict: bool, max_file_size: int, max_depth: int, max_nodes: int, max_string_length: int, remember: int, jsonl: bool,
          fmt: str, color: bool | None) -> None:
    """Check order documents in PATHS (files, folders, or - for standard input)."""
    limits = Limits(max_file_size, max_depth, max_nodes, max_string_length)
    _check_paths(paths)
    validator = _validator(markets, strict)
    reporter: Reporter
    if fmt == "json":
        reporter = JsonReporter()
    elif fmt == "json-lines":
        reporter = JsonLinesReporter()
    else:
        use_color = sys.stdout.isatty() and "NO_COLOR" not in os.environ if color is None else color
        reporter = TextReporter(color=use_color)
    out = sys.stdout
    rejected = broken = False
    for result in _results(validator, paths, venue, operation, now, jsonl, limits, remember):
        rejected = rejected or not result.valid
        broken = broken or result.internal_error
        text = reporter.add(result)
        if text:
            out.write(text)
            if fmt == "json-lines":
                out.flush()
    out.write(reporter.finish())
    out.flush()
    sys.exit(_exit_code(rejected, broken))


def _exit_code(rejected: bool, broken: bool) -> int:
    """2 when orderlint failed on some document (every other document still has its verdict), else 1 or 0."""
    return EXIT_TOOL if broken else EXIT_REJECTED if rejected else EXIT_CLEAN


@main.command()
@click.argument("target")
@click.option("--venue", help="Venue of raw requests in a file.")
@click.option("--operation", help="Operation of raw requests in a file.")
@click.option("--markets", "markets", multiple=True, type=click.Path(), help="Markets file. Repeatable.")
@click.option("--now", help="The clock for time rules.")
@click.option("--strict", is_flag=True, help="Missing market metadata and doubtful rules become errors.")
def explain(target: str, venue: str | None, operation: str | None, markets: tuple[str, ...], now: str | None, strict: bool) -> None:
    """Explain a rule (TARGET is a code such as R101 or a name such as price-increment), or every reason
    the orders in a file (TARGET is a path) would be rejected."""
    info = by_name(target)
    if info is not None and not os.path.exists(target):
        validator = _validator(markets, strict)
        click.echo(explain_code(info, [r for r in validator.rules if r.code == info.code]), nl=False)
        return
    if os.path.exists(target):
        validator = _validator(markets, strict)
        results = list(_results(validator, [target], venue, operation, now))
        click.echo(explain_results(results, validator), nl=False)
        sys.exit(_exit_code(not all(r.valid for r in results), any(r.internal_error for r in results)))
    import difflib

    names = list(catalog()) + [c.name for c in catalog().values()]
    close = difflib.get_close_matches(target, names, n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise ToolError(f"{target!r} is neither a rule code or name nor a file.{hint} `orderlint rules` lists the codes.")


@main.command()
@click.option("--venue", help="Only this venue's rules.")
def rules(venue: str | None) -> None:
    """List the diagnostic codes and the venue rules behind them."""
    validator = _validator((), False)
    if venue and venue not in validator.venues:
        raise ToolError(f"unknown venue {venue!r}; known: {', '.join(sorted(validator.venues))}")
    for info in catalog().values():
        venue_rules = [r for r in validator.rules if r.code == info.code and (venue is None or r.venue == venue)]
        if venue and info.code.startswith("R") and not venue_rules:
            continue
        click.echo(f"{info.code}  {info.name:<30} {info.severity:<8} {info.summary}")
        for rule in venue_rules:
            level = rule.severity + (f" ({rule.strict_severity} with --strict)" if rule.strict_severity else "")
            click.echo(f"        {rule.venue}/{rule.id}: {level}")


@main.command()
def venues() -> None:
    """List the venues and their operations (operations marked * are checked)."""
    validator = _validator((), False)
    for spec in validator.venues.values():
        checked = [op for op in spec.operations.values() if op.schema]
        click.echo(f"{spec.id}: {spec.name} ({len(checked)} of {len(spec.operations)} operations checked)")
        for op in spec.operations.values():
            mark = "*" if op.schema else " "
            note = " (deprecated)" if op.deprecated else ""
            click.echo(f"  {mark} {op.id:<36} {op.alias}{note}")
