"""`orderlint markets ...`: fetch, import and compare symbol metadata (registered by the main CLI)."""

from __future__ import annotations

import json
import sys
import typing as t

import click

from .datafiles import DataFileError
from .markets import FIELDS, MarketInfo, Markets, cache_path, default_markets, load_markets, write_normalized

EXIT_CLEAN, EXIT_CHANGED_BREAKS, EXIT_TOOL = 0, 1, 2


class MarketsError(click.ClickException):
    """Markets metadata could not be read, fetched or written: exit code 2."""

    exit_code = EXIT_TOOL

    def show(self, file: t.IO[str] | None = None) -> None:
        click.echo(f"orderlint: {self.message}", err=True)


def _guard(action: t.Callable[[], t.Any]) -> t.Any:
    try:
        return action()
    except DataFileError as exc:
        raise MarketsError(str(exc)) from exc
    except OSError as exc:
        raise MarketsError(f"{getattr(exc, 'filename', None) or ''}: {exc.strerror or exc}".lstrip(": ")) from exc


@click.group("markets", short_help="Fetch, import and compare symbol metadata.")
def markets() -> None:
    """Fetch, import and compare the symbol metadata (ticks, steps, bounds) behind the market rules."""


@markets.command("fetch")
@click.option("--venue", required=True, help="Venue id, as `orderlint venues` lists them.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of the per-user cache.")
@click.option("--url", help="Download from this URL instead of the venue's public symbols endpoint.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=15.0, show_default=True, help="Seconds per attempt.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True, help="Retries after a network failure or a 429/5xx answer (with back-off).")
def fetch(venue: str, output: str | None, url: str | None, timeout: float, retries: int) -> None:
    """Download the venue's public symbols endpoint and write the normalized markets file.

    Without -o the file goes to the per-user cache ($XDG_CACHE_HOME/orderlint/markets/VENUE.json),
    which `orderlint check` and `Validator()` then use instead of the shipped snapshot.
    """
    from .fetch import fetch_markets

    fetched = _guard(lambda: fetch_markets(venue, url=url, timeout=timeout, retries=retries))
    target = output or str(cache_path(venue))
    _guard(lambda: write_normalized(target, fetched.to_normalized(venue)))
    click.echo(f"{venue}: {len(fetched)} symbols written to {target}", err=True)


@markets.command("import")
@click.option("--venue", required=True, help="Venue the response is from.")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the normalized file here (default: standard output).")
def import_(venue: str, file: str, output: str | None) -> None:
    """Convert FILE (the venue's own symbols response, or a ccxt markets dump) to a normalized markets file."""
    loaded: Markets = _guard(lambda: load_markets(file, venue=venue))
    if venue not in loaded.venues():
        raise MarketsError(f"{file}: holds metadata for {', '.join(loaded.venues()) or 'no venue'}, not {venue}")
    document = loaded.to_normalized(venue)
    if output:
        _guard(lambda: write_normalized(output, document))
        click.echo(f"{venue}: {len(document['markets'])} symbols written to {output}", err=True)
    else:
        click.echo(json.dumps(document, indent=1, ensure_ascii=False))


@markets.command("status")
def status() -> None:
    """Say which metadata `orderlint check` uses by default, and how old it is."""
    loaded: Markets = _guard(default_markets)
    for item in loaded.provenance:
        click.echo(item.describe())
    for note in loaded.notes():
        click.echo(f"warning: {note}", err=True)


# -- diff ------------------------------------------------------------------------------------------------

def _text(info: MarketInfo | None, name: str) -> str:
    if info is None:
        return "-"
    value = info.get(name)
    if value is None:
        return "no bound" if name in info.unbounded else "unknown"
    return str(value).lower() if isinstance(value, bool) else format(value.normalize(), "f") if value else "0"


def market_changes(old: Markets, new: Markets) -> list[dict[str, t.Any]]:
    """Per venue and symbol: added, removed, or which fields changed (old and new text)."""
    changes: list[dict[str, t.Any]] = []
    for venue in sorted(set(old.venues()) | set(new.venues())):
        before, after = old.table(venue), new.table(venue)
        for symbol in sorted(set(before) | set(after)):
            a, b = before.get(symbol), after.get(symbol)
            if a is None:
                changes.append({"venue": venue, "symbol": symbol, "change": "added"})
            elif b is None:
                changes.append({"venue": venue, "symbol": symbol, "change": "removed"})
            else:
                fields: dict[str, list[str | None]] = {name: [_text(a, name), _text(b, name)] for name in FIELDS if _text(a, name) != _text(b, name)}
                if fields:
                    changes.append({"venue": venue, "symbol": symbol, "change": "changed", "fields": fields})
    return changes


def broken_templates(old: Markets, new: Markets, paths: t.Sequence[str]) -> list[dict[str, t.Any]]:
    """Order documents in `paths` that get an error under `new` they did not get under `old`."""
    from .engine import Validator
    from .documents import check_document
    from .loading import expand_paths, load_file

    before, after = Validator(markets=old), Validator(markets=new)
    broken = []
    for path in expand_paths(paths):
        for doc in load_file(path):
            old_result = check_document(before, doc)
            new_result = check_document(after, doc)
            known = {(d.code, d.pointer) for d in old_result.diagnostics if d.severity == "error"}
            fresh = [d for d in new_result.diagnostics if d.severity == "error" and (d.code, d.pointer) not in known]
            if fresh:
                broken.append({"source": doc.source, "document": doc.index, "was_valid": old_result.valid,
                               "diagnostics": [d.to_dict() for d in fresh]})
    return broken


@markets.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--venue", help="Venue of the files, where they do not say (a ccxt dump).")
@click.option("--check", "check_paths", multiple=True, type=click.Path(exists=True),
              help="Order files or folders to check against both; lists the ones the change breaks (exit 1). Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(old: str, new: str, venue: str | None, check_paths: tuple[str, ...], fmt: str) -> None:
    """Show which symbols' ticks, steps, bounds or trading state changed from OLD to NEW (any markets format)."""
    before: Markets = _guard(lambda: load_markets(old, venue=venue))
    after: Markets = _guard(lambda: load_markets(new, venue=venue))
    changes = market_changes(before, after)
    broken = _guard(lambda: broken_templates(before, after, check_paths)) if check_paths else []
    if fmt == "json":
        click.echo(json.dumps({"version": 1, "changes": changes, "broken": broken}, indent=1, ensure_ascii=False))
    else:
        _print_text(changes, broken, bool(check_paths))
    sys.exit(EXIT_CHANGED_BREAKS if broken else EXIT_CLEAN)


def _print_text(changes: list[dict[str, t.Any]], broken: list[dict[str, t.Any]], checked: bool) -> None:
    counts = {"added": 0, "removed": 0, "changed": 0}
    for item in changes:
        counts[item["change"]] += 1
        head = f"{item['venue']} {item['symbol']}"
        if item["change"] != "changed":
            click.echo(f"{head}: {item['change']}")
            continue
        parts = [f"{name} {a} -> {b}" for name, (a, b) in item["fields"].items()]
        click.echo(f"{head}: {'; '.join(parts)}")
    click.echo(f"{counts['changed']} symbols changed, {counts['added']} added, {counts['removed']} removed.")
    if not checked:
        return
    for item in broken:
        was = "valid before" if item["was_valid"] else "already rejected, now also"
        for diag in item["diagnostics"]:
            where = f":{diag['line']}:{diag['column']}" if diag.get("line") else ""
            click.echo(f"{item['source']}{where}: document {item['document'] + 1} ({was}): {diag['code']} {diag['message']}")
    click.echo(f"{len(broken)} order documents broken by the change." if broken else "No order document is broken by the change.")


__all__ = ["markets", "market_changes", "broken_templates"]
