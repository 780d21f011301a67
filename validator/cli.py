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
from .inputs import InputStats, read_inputs
from .loading import EXTENSIONS
from .markets import load_markets
from .reporters import (SEVERITY_RANK, ConciseReporter, GithubReporter, JsonLinesReporter, JsonReporter, Reporter, TextReporter,
                        statistics_text)

EXIT_CLEAN, EXIT_REJECTED, EXIT_TOOL = 0, 1, 2
FORMATS = ["full", "concise", "text", "json", "json-lines", "github"]


class ToolError(click.ClickException):
    """orderlint could not do its job (bad data files, bad arguments): exit code 2."""

    exit_code = EXIT_TOOL


def _validator(markets: tuple[str, ...], strict: bool) -> Validator:
    try:
        loaded = load_markets(*markets) if markets else None
        return Validator(markets=loaded, strict=strict)
    except DataFileError as exc:
        raise ToolError(str(exc)) from exc


def _results(validator: Validator, paths: t.Sequence[str], venue: str | None, operation: str | None, now: t.Any,
             jsonl: bool = False, limits: Limits = DEFAULT_LIMITS, remember: int = 100_000, session_scope: str = "file",
             stats: InputStats | None = None) -> t.Iterator[DocumentResult]:
    """One verdict per input document, as the documents are read.

    `session_scope` says what R204 (client order id reuse) compares: "file" each file (or stdin) on its own, so a
    file's verdict never depends on which other files run with it; "run" every document of the run; "none" nothing.
    """
    session = validator.session(capacity=remember) if session_scope != "none" else None
    current: str | None = None
    if now is not None:
        moment = to_epoch_ms(now)
        if moment is None:
            raise click.BadParameter(f"{now!r} is neither ISO 8601 nor epoch milliseconds", param_hint="--now")
        now = moment  # parsed once, not per document
    for doc in read_inputs(paths, jsonl=jsonl, limits=limits, note=_note, stats=stats):
        if session_scope == "file" and doc.source != current:
            current = doc.source
            session = validator.session(capacity=remember)
        try:
            yield check_document(validator, doc, venue=venue, operation=operation, now=now, session=session)
        except Exception as exc:  # one broken document never costs the others their verdict
            yield DocumentResult(doc.source, doc.index, None, None, [diagnostic("E099", f"internal error: {type(exc).__name__}: {exc}")])


def _note(text: str) -> None:
    click.echo(f"orderlint: note: {text}", err=True)


def _check_paths(paths: t.Sequence[str]) -> None:
    if not paths:
        raise click.UsageError("give at least one file or folder (or - for standard input)")
    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise click.UsageError(f"no such file or folder: {path}")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120})
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


@main.command(short_help="Check order documents (files, folders, or - for stdin).")
@_with_inputs
@click.option("--remember", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Client order ids the run remembers per venue to report reuse (R204); the oldest are forgotten first.")
@click.option("--jsonl", is_flag=True, help="Inputs hold one JSON document per line (as .jsonl files do); read and report as they arrive.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Report format. Default: github when GITHUB_ACTIONS=true, full on a terminal, else concise. "
                   "text is full. json-lines writes one result per line as each document is checked, then a summary line.")
@click.option("--color/--no-color", default=None,
              help="Colour the full report (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file instead of standard output.")
@click.option("--statistics", is_flag=True, help="After the report, count the findings per code (on standard error for machine formats).")
@click.option("--session", "session_scope", type=click.Choice(["file", "run", "none"]), default="file", show_default=True,
              help="What client order id reuse (R204) compares: each file on its own, the whole run, or nothing.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files, then report what remains.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff instead of the report; change no file.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that change what the order means.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Exit 1 when any finding is at or above this severity (warning: also refuse orders that were not fully checked).")
def check(paths: tuple[str, ...], venue: str | None, operation: str | None, markets: tuple[str, ...], now: str | None,
          strict: bool, max_file_size: int, max_depth: int, max_nodes: int, max_string_length: int, remember: int, jsonl: bool,
          fmt: str | None, color: bool | None, output_file: str | None, statistics: bool, session_scope: str, fix: bool,
          show_diff: bool, unsafe_fixes: bool, fail_on: str) -> None:
    """Check order documents in PATHS (files, folders, or - for standard input)."""
    limits = Limits(max_file_size, max_depth, max_nodes, max_string_length)
    _check_paths(paths)
    validator = _validator(markets, strict)
    if fix or show_diff:
        if "-" in paths:
            raise click.UsageError("--fix and --diff change files; they cannot read standard input")
        from .fixes import fix_files

        first = list(_results(validator, paths, venue, operation, now, jsonl, limits, remember, session_scope))
        outcome = fix_files(first, unsafe=unsafe_fixes, write=fix and not show_diff)
        if show_diff:
            _write_or_fail(sys.stdout if not output_file else None, outcome.diff, output_file)
            click.echo(f"orderlint: {len(outcome.applied)} fix(es) in {len(outcome.changed)} file(s), {len(outcome.skipped)} skipped",
                       err=True)
            sys.exit(EXIT_REJECTED if outcome.changed else EXIT_CLEAN)
        click.echo(f"orderlint: fixed {len(outcome.applied)} finding(s) in {len(outcome.changed)} file(s), "
                   f"{len(outcome.skipped)} not fixed", err=True)
    out: t.TextIO = sys.stdout
    if output_file:
        try:
            out = open(output_file, "w", encoding="utf-8")
        except OSError as exc:
            raise ToolError(f"cannot write {output_file}: {exc.strerror or exc}") from exc
    fmt = fmt or _default_format(out)
    reporter = _reporter(fmt, _use_color(color, out))
    threshold = SEVERITY_RANK[fail_on]
    failed = broken = False
    counts: dict[tuple[str, str], int] = {}
    stats = InputStats()
    try:
        for result in _results(validator, paths, venue, operation, now, jsonl, limits, remember, session_scope, stats):
            failed = failed or not result.valid or any(SEVERITY_RANK.get(d.severity, 2) >= threshold for d in result.diagnostics)
            broken = broken or result.internal_error
            for diag in result.diagnostics:
                counts[(diag.code, diag.name)] = counts.get((diag.code, diag.name), 0) + 1
            text = reporter.add(result)
            if text:
                out.write(text)
                if fmt == "json-lines":
                    out.flush()
        out.write(reporter.finish())
        if statistics:
            ordered = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
            target = out if fmt in ("full", "concise", "text") else sys.stderr
            target.write(statistics_text(ordered))
        out.flush()
    except OSError as exc:
        _output_failed(exc, output_file)
    finally:
        if out is not sys.stdout:
            out.close()
    if stats.inputs == 0:  # a CI gate that silently passes over nothing is dangerous: say so and fail
        click.echo(f"orderlint: no order files found under {', '.join(paths)} "
                   f"(looked for {', '.join(sorted(EXTENSIONS))} files)", err=True)
        sys.exit(EXIT_TOOL)
    sys.exit(_exit_code(failed, broken))


def _write_or_fail(out: t.TextIO | None, text: str, output_file: str | None) -> None:
    try:
        if out is None:
            with open(t.cast(str, output_file), "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            out.write(text)
            out.flush()
    except OSError as exc:
        _output_failed(exc, output_file)


def _default_format(out: t.TextIO) -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "full" if _isatty(out) else "concise"


def _isatty(out: t.TextIO) -> bool:
    try:
        return out.isatty()
    except (ValueError, OSError):
        return False


def _use_color(color: bool | None, out: t.TextIO) -> bool:
    """--color/--no-color, else FORCE_COLOR (non-empty) on, NO_COLOR (non-empty, no-color.org) off, else a terminal."""
    if color is not None:
        return color
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return _isatty(out)


def _reporter(fmt: str, color: bool) -> Reporter:
    if fmt == "json":
        return JsonReporter()
    if fmt == "json-lines":
        return JsonLinesReporter()
    if fmt == "github":
        return GithubReporter()
    if fmt == "concise":
        return ConciseReporter()
    return TextReporter(color=color)


def _output_failed(exc: OSError, output_file: str | None) -> t.NoReturn:
    """The report could not be written (closed stdout, broken pipe, full disk): one line on stderr, exit 2."""
    try:  # further writes to a dead stdout (at interpreter exit) must not raise again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    where = output_file or "standard output"
    try:
        sys.stderr.write(f"orderlint: cannot write the report to {where}: {exc.strerror or exc}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_TOOL)


def _exit_code(rejected: bool, broken: bool) -> int:
    """2 when orderlint failed on some document (every other document still has its verdict), else 1 or 0."""
    return EXIT_TOOL if broken else EXIT_REJECTED if rejected else EXIT_CLEAN


@main.command(short_help="Explain a rule, or every finding in a file.")
@click.argument("target")
@click.option("--venue", help="Venue of raw requests in a file.")
@click.option("--operation", help="Operation of raw requests in a file.")
@click.option("--markets", "markets", multiple=True, type=click.Path(), help="Markets file. Repeatable.")
@click.option("--now", help="The clock for time rules.")
@click.option("--strict", is_flag=True, help="Missing market metadata and doubtful rules become errors.")
def explain(target: str, venue: str | None, operation: str | None, markets: tuple[str, ...], now: str | None, strict: bool) -> None:
    """Explain a rule (TARGET is a code such as R101, a name such as price-increment, or venue/rule-id as
    `orderlint rules` prints it), or every reason the orders in a file (TARGET is a path, or - for standard input)
    would be rejected."""
    info = by_name(target)
    if info is None and "/" in target and not os.path.exists(target):
        venue_id, _, rule_id = target.partition("/")
        validator = _validator(markets, strict)
        chosen = [r for r in validator.rules if r.venue == venue_id and r.id == rule_id]
        if chosen:
            click.echo(explain_code(catalog()[chosen[0].code], chosen), nl=False)
            return
    if info is not None and not os.path.exists(target):
        validator = _validator(markets, strict)
        click.echo(explain_code(info, [r for r in validator.rules if r.code == info.code]), nl=False)
        return
    if target == "-" or os.path.exists(target):
        validator = _validator(markets, strict)
        results = list(_results(validator, [target], venue, operation, now))
        click.echo(explain_results(results, validator), nl=False)
        sys.exit(_exit_code(not all(r.valid for r in results), any(r.internal_error for r in results)))
    import difflib

    names = list(catalog()) + [c.name for c in catalog().values()] + [f"{r.venue}/{r.id}" for r in _validator((), False).rules]
    close = difflib.get_close_matches(target, names, n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise ToolError(f"{target!r} is neither a rule code or name nor a file.{hint} `orderlint rules` lists the codes.")


@main.command(short_help="List the codes and the venue rules behind them.")
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


@main.command(short_help="List the venues and their operations.")
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


try:  # the markets command group, when its module is present
    from .cli_markets import markets as _markets_group
except ImportError:  # pragma: no cover - the group is optional
    _markets_group = None
if _markets_group is not None:
    main.add_command(_markets_group)
