"""The orderlint command line: check, explain, rules, venues."""

from __future__ import annotations

import os
import sys
import typing as t

import click

from . import __version__
from .checker import Validator
from .codes import by_name, catalog
from .datafiles import DataFileError
from .documents import DocumentResult, check_document
from .explain import explain_code, explain_results
from .loading import Document, decode, expand_paths, load_file, load_text
from .markets import load_markets
from .reporters import json_report, text_report

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


def _documents(paths: t.Sequence[str]) -> t.Iterator[Document]:
    for path in expand_paths(paths):
        if path == "-":
            raw = sys.stdin.buffer.read()
            text, problem = decode(raw, "<stdin>")
            if problem:
                yield Document("<stdin>", 0, None, None, [problem], ok=False)
            else:
                yield from load_text(text or "", "<stdin>")
        else:
            yield from load_file(path)


def _run(paths: t.Sequence[str], venue: str | None, operation: str | None, now: str | None,
         markets: tuple[str, ...], strict: bool) -> tuple[Validator, list[DocumentResult]]:
    if not paths:
        raise click.UsageError("give at least one file or folder (or - for standard input)")
    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise click.UsageError(f"no such file or folder: {path}")
    validator = _validator(markets, strict)
    results = []
    for doc in _documents(paths):
        try:
            results.append(check_document(validator, doc, venue=venue, operation=operation, now=now))
        except Exception as exc:  # one broken document never costs the others their verdict
            from .codes import diagnostic

            diag = diagnostic("E099", f"internal error: {type(exc).__name__}: {exc}")
            results.append(DocumentResult(doc.source, doc.index, None, None, [diag]))
    return validator, results


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
]


def _with_inputs(fn: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    for option in reversed(_input_options):
        fn = option(fn)
    return fn


@main.command()
@_with_inputs
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Report format.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: when writing to a terminal).")
def check(paths: tuple[str, ...], venue: str | None, operation: str | None, markets: tuple[str, ...], now: str | None,
          strict: bool, fmt: str, color: bool | None) -> None:
    """Check order documents in PATHS (files, folders, or - for standard input)."""
    _, results = _run(paths, venue, operation, now, markets, strict)
    if fmt == "json":
        click.echo(json_report(results))
    else:
        use_color = sys.stdout.isatty() and "NO_COLOR" not in os.environ if color is None else color
        click.echo(text_report(results, color=use_color))
    sys.exit(EXIT_CLEAN if all(r.valid for r in results) else EXIT_REJECTED)


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
        validator, results = _run([target], venue, operation, now, markets, strict)
        click.echo(explain_results(results, validator), nl=False)
        sys.exit(EXIT_CLEAN if all(r.valid for r in results) else EXIT_REJECTED)
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
