"""The orderlint command line: check, explain, rules, venues."""

from __future__ import annotations

import os
import re
import sys
import typing as t

import click

from . import __version__
from .engine import Validator
from .clock import to_epoch_ms
from .codes import by_name, catalog
from .datafiles import DataFileError
from .documents import DocumentResult
from .explain import explain_code, explain_results
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits
from .inputs import InputStats
from .loading import EXTENSIONS, walk_paths
from . import config as configuration
from . import run
from .markets import default_markets, load_markets
from .reporters import (SEVERITY_RANK, ConciseReporter, GithubReporter, JsonLinesReporter, JsonReporter, JunitReporter, Reporter,
                        SarifReporter, TextReporter, statistics_text)

EXIT_CLEAN, EXIT_REJECTED, EXIT_TOOL = 0, 1, 2
FORMATS = ["full", "concise", "text", "json", "json-lines", "github", "sarif", "junit"]


class ToolError(click.ClickException):
    """orderlint could not do its job (bad data files, bad arguments): exit code 2."""

    exit_code = EXIT_TOOL


def _validator(markets: tuple[str, ...], strict: bool) -> Validator:
    try:
        # --markets replaces the default metadata of the venues it describes; the other venues keep theirs
        loaded = default_markets().replacing(load_markets(*markets)) if markets else None
        return Validator(markets=loaded, strict=strict)
    except DataFileError as exc:
        raise ToolError(str(exc)) from exc


def _selected_paths(paths: t.Sequence[str], config: configuration.Config, force_exclude: bool,
                    forced_out: list[str] | None = None) -> t.Iterator[str]:
    """The inputs to read: folders walked (the configuration's include and exclude globs applied to what is found
    there), named files as given (excluded too with --force-exclude, as pre-commit names every staged file; those
    are added to `forced_out`)."""
    named = set(paths)
    if not (config.include or config.exclude):
        yield from paths
        return
    for entry in walk_paths(paths, respect_gitignore=config.respect_gitignore):
        if entry.kind == "special":
            _note(f"{entry.path}: {entry.reason}")
            continue
        if entry.path in named and entry.kind == "file":
            if not (force_exclude and config.excluded(entry.path)):
                yield entry.path
            elif forced_out is not None:
                forced_out.append(entry.path)
        elif entry.kind == "unreadable" or config.included(entry.path):
            yield entry.path


def _load_config(config_file: str | None, isolated: bool, codes: t.Mapping[str, t.Any]) -> configuration.Config:
    try:
        if config_file:
            return configuration.load(config_file, codes)
        if isolated:
            return configuration.Config()
        found = configuration.discover()
        return configuration.load(found, codes) if found else configuration.Config()
    except configuration.ConfigError as exc:
        shown = os.path.relpath(exc.path) if os.path.isabs(exc.path) and not os.path.relpath(exc.path).startswith("..") else exc.path
        where = f"{shown}:{exc.line}" if exc.line else shown
        raise ToolError(f"invalid configuration: {where}: {exc.message}") from exc


def _check_rule_selectors(config: configuration.Config, validator: Validator, command_line: bool = False) -> None:
    """A venue/rule-id in the configuration must name a rule that exists (a typo would silently select nothing)."""
    known = {f"{r.venue}/{r.id}" for r in validator.rules}
    listed = [*config.select, *config.ignore, *(s for s, _ in config.severity), *(s for fi in config.per_file_ignores for s in fi.selectors)]
    for selector in listed:
        if selector.kind == "rule" and selector.value not in known:
            import difflib

            close = difflib.get_close_matches(selector.value, sorted(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else " (`orderlint rules` lists them)"
            where = "--select/--ignore" if command_line and not config.path else config.path or "--select/--ignore"
            raise ToolError(f"invalid configuration: {where}: no venue rule {selector.value!r}{hint}")


def _selectors(values: tuple[str, ...], option: str, codes: t.Mapping[str, t.Any]) -> tuple[configuration.Selector, ...]:
    def fail(message: str) -> t.NoReturn:
        raise click.BadParameter(message, param_hint=option)

    return tuple(configuration.parse_selector(part, codes, fail) for value in values for part in value.split(",") if part.strip())


def _patterns(values: t.Sequence[str], option: str) -> list[re.Pattern[str]]:
    compiled = []
    for value in values:
        try:
            compiled.append(re.compile(value))
        except re.error as exc:
            raise click.BadParameter(f"{value!r} is not a regular expression: {exc}", param_hint=option) from None
    return compiled


def _moment(now: str | None) -> int | None:
    """The --now option as epoch milliseconds (None: the wall clock), parsed once for the run."""
    if now is None:
        return None
    moment = to_epoch_ms(now)
    if moment is None:
        raise click.BadParameter(f"{now!r} is neither ISO 8601 nor epoch milliseconds", param_hint="--now")
    return moment


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
                   "text is full. json-lines writes one result per line as each document is checked, then a summary line. "
                   "sarif: SARIF 2.1.0 for GitHub code scanning. junit: JUnit XML, one testcase per document.")
@click.option("--color/--no-color", default=None,
              help="Colour the full report (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file instead of standard output.")
@click.option("--statistics", is_flag=True, help="After the report, count the findings per code (on standard error for machine formats).")
@click.option("--session", "session_scope", type=click.Choice(["file", "run", "none"]), default="file", show_default=True,
              help="What client order id reuse (R204) compares: each file on its own, the whole run, or nothing.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Check files in this many processes (default: the machine's cores; 1: one at a time). The report is "
                   "the same as a serial run's, in the same order. --session run, --jsonl and standard input run serially.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files, then report what remains.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff instead of the report; change no file.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that change what the order means.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Exit 1 when any finding is at or above this severity (warning: also refuse orders that were not fully checked).")
@click.option("--select", "select", multiple=True, metavar="CODES",
              help="Report only these codes, prefixes (R1), names or venue/rule ids (comma-separated; repeatable).")
@click.option("--ignore", "ignore", multiple=True, metavar="CODES", help="Do not report these codes, prefixes, names or venue/rule ids.")
@click.option("--placeholder", "placeholder", multiple=True, metavar="REGEX",
              help='A template value filled in at run time, such as "\\{\\{.*\\}\\}": not checked; the rules that need it '
                   "say they were skipped. Repeatable.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this configuration file (pyproject.toml or orderlint.toml).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--force-exclude", is_flag=True, help="Apply the configuration's exclude globs to files named on the command line too (pre-commit).")
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], venue: str | None, operation: str | None, markets: tuple[str, ...],
          now: str | None, strict: bool, max_file_size: int, max_depth: int, max_nodes: int, max_string_length: int, remember: int,
          jsonl: bool, fmt: str | None, color: bool | None, output_file: str | None, statistics: bool, session_scope: str, fix: bool,
          show_diff: bool, unsafe_fixes: bool, fail_on: str, select: tuple[str, ...], ignore: tuple[str, ...],
          placeholder: tuple[str, ...], config_file: str | None, isolated: bool, force_exclude: bool, jobs: int | None) -> None:
    """Check order documents in PATHS (files, folders, or - for standard input).

    Settings come from the nearest orderlint.toml, .orderlint.toml or pyproject.toml [tool.orderlint] (from the
    current folder up); options given here override them.
    """
    limits = Limits(max_file_size, max_depth, max_nodes, max_string_length)
    moment = _moment(now)
    _check_paths(paths)
    from .codes import catalog as _catalog

    config = _load_config(config_file, isolated, _catalog())

    def given(name: str) -> bool:
        return ctx.get_parameter_source(name) not in (click.core.ParameterSource.DEFAULT, None)

    strict = strict if given("strict") else bool(config.strict)
    fail_on = fail_on if given("fail_on") else (config.fail_on or fail_on)
    session_scope = session_scope if given("session_scope") else (config.session or session_scope)
    fmt = fmt or config.output_format
    validator = _validator(markets or config.markets, strict)
    if select or ignore:
        import dataclasses

        config = dataclasses.replace(config, select=_selectors(select, "--select", validator.codes) if select else config.select,
                                     ignore=_selectors(ignore, "--ignore", validator.codes) if ignore else config.ignore)
    _check_rule_selectors(config, validator, bool(select or ignore))
    patterns = _patterns(placeholder or config.placeholders, "--placeholder" if placeholder else "placeholders")
    forced_out: list[str] = []
    inputs = _selected_paths(paths, config, force_exclude, forced_out)

    def results(stats: InputStats | None = None) -> t.Iterator[DocumentResult]:
        from . import parallel

        if (jobs or parallel.default_jobs()) > 1 and session_scope != "run" and not jsonl and "-" not in paths:  # files are independent
            settings = parallel.Settings(venue, operation, moment, limits, remember, session_scope, config, tuple(patterns))
            return parallel.check_files(validator, settings, inputs, jobs or parallel.default_jobs(), note=_note, stats=stats,
                                        respect_gitignore=config.respect_gitignore)
        return run.policy(run.results(validator, inputs, venue, operation, moment, jsonl, limits, remember, session_scope, stats, config,
                                      patterns, note=_note), config, validator.codes)

    if fix or show_diff:
        if "-" in paths:
            raise click.UsageError("--fix and --diff change files; they cannot read standard input")
        from .fixes import fix_files

        first = list(results())
        inputs = _selected_paths(paths, config, force_exclude)
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
    reporter = _reporter(fmt, _use_color(color, out), validator, fail_on)
    threshold = SEVERITY_RANK[fail_on]
    failed = broken = False
    counts: dict[tuple[str, str], int] = {}
    stats = InputStats()
    try:
        for result in results(stats):
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
    if stats.inputs == 0 and forced_out and all(os.path.isfile(p) for p in paths):
        _note(f"every file named is excluded by {config.path} (--force-exclude); nothing to check")
        sys.exit(EXIT_CLEAN)  # pre-commit staged only excluded files: nothing is wrong
    if stats.inputs == 0:  # a CI gate that silently passes over nothing is dangerous: say so and fail
        excluded = " (after the configuration's include/exclude globs)" if config.include or config.exclude else ""
        click.echo(f"orderlint: no order files found under {', '.join(paths)}{excluded} "
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


def _reporter(fmt: str, color: bool, validator: Validator | None = None, fail_on: str = "error") -> Reporter:
    if fmt == "sarif":
        return SarifReporter(validator.codes if validator else None, validator.rules if validator else (), __version__)
    if fmt == "junit":
        return JunitReporter(fail_on)
    if fmt == "json":
        return JsonReporter(validator.markets if validator else None)
    if fmt == "json-lines":
        return JsonLinesReporter(validator.markets if validator else None)
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


def _complete_rule(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[t.Any]:
    """Shell completion for `explain`: codes, their names and venue/rule ids, then files."""
    from click.shell_completion import CompletionItem

    from .codes import catalog
    from .resources import data_root
    from .ruleset import rule_files

    names = [c for c in catalog()] + [info.name for info in catalog().values()]
    for manifest in (data_root() / "schemas").glob("*/venue.yaml"):
        venue = manifest.parent.name
        for path in rule_files(data_root() / "rules", venue):
            names += [f"{venue}/{m}" for m in re.findall(r"^  - id: ([a-z0-9-]+)", path.read_text(encoding="utf-8"), flags=re.M)]
    found = [CompletionItem(n) for n in sorted(set(names)) if n.lower().startswith(incomplete.lower())]
    return found or [CompletionItem(incomplete, type="file")]


@main.command(short_help="Explain a rule, or every finding in a file.")
@click.argument("target", shell_complete=_complete_rule)
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
        results = list(run.results(validator, [target], venue, operation, _moment(now), note=_note))
        click.echo(explain_results(results, validator), nl=False)
        sys.exit(_exit_code(not all(r.valid for r in results), any(r.internal_error for r in results)))
    import difflib

    names = list(catalog()) + [c.name for c in catalog().values()] + [f"{r.venue}/{r.id}" for r in _validator((), False).rules]
    close = difflib.get_close_matches(target, names, n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise ToolError(f"{target!r} is neither a rule code, a rule name nor a file.{hint} `orderlint rules` lists the codes.")


@main.command(short_help="List the codes and the venue rules behind them, or render their documentation.")
@click.option("--venue", help="Only this venue's rules.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text: one line per code; markdown: every rule's documentation (what it does, why, example, fix) with "
                   "stable anchors; json: the same as data.")
@click.option("--functions", is_flag=True,
              help="The rule language instead: every check function (docstring, options schema, example), every `when` "
                   "form, and what to touch to add an operation or a venue (docs/rule-language.md is its markdown).")
@click.option("--compiled", nargs=2, metavar="VENUE OPERATION", default=None,
              help="Print the Python function generated from the operation's rules (the fast path that accepts clean requests).")
def rules(venue: str | None, fmt: str, functions: bool, compiled: tuple[str, str] | None) -> None:
    """List the diagnostic codes and the venue rules behind them (or, with --format, their full documentation)."""
    from . import ruledoc

    if compiled:
        source = _validator((), False).compiled_source(*compiled)
        if not source:
            raise ToolError(f"no compiled rules for {compiled[0]} {compiled[1]} (`orderlint venues` lists the operations)")
        click.echo(source, nl=False)
        return

    if functions:
        text = {"markdown": ruledoc.language_markdown, "text": ruledoc.language_text}.get(fmt)
        if text is not None:
            click.echo(text(), nl=False)
        else:
            import json

            click.echo(json.dumps(ruledoc.language_docs(), ensure_ascii=False, indent=2))
        return
    validator = _validator((), False)
    if venue and venue not in validator.venues:
        raise ToolError(f"unknown venue {venue!r}; known: {', '.join(sorted(validator.venues))}")
    if fmt != "text":
        docs = ruledoc.all_docs(validator.codes, validator.rules, venue)
        click.echo(ruledoc.markdown_page(docs) if fmt == "markdown" else ruledoc.json_page(docs), nl=False)
        return
    for info in validator.codes.values():
        venue_rules = [r for r in validator.rules if r.code == info.code and (venue is None or r.venue == venue)]
        if venue and info.code.startswith("R") and not venue_rules:
            continue
        click.echo(f"{info.code}  {info.name:<30} {info.severity:<8} {info.summary}")
        for rule in venue_rules:
            level = rule.severity + (f" ({rule.strict_severity} with --strict)" if rule.strict_severity else "")
            click.echo(f"        {rule.venue}/{rule.id}: {level}")


@main.command(short_help="List the venues and their operations.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
def venues(fmt: str) -> None:
    """List the venues and their operations (operations marked * are checked)."""
    validator = _validator((), False)
    if fmt == "json":
        import json

        data = {"version": 1, "venues": [{
            "id": spec.id, "name": spec.name, "url": getattr(spec, "url", None),
            "operations": [{"id": op.id, "alias": op.alias, "checked": bool(op.schema), "deprecated": bool(op.deprecated),
                            "replaced_by": getattr(op, "replaced_by", None), "url": getattr(op, "url", None),
                            "rules": sorted(r.id for r in validator.rules if r.venue == spec.id and op.id in r.operations)}
                           for op in spec.operations.values()],
        } for spec in validator.venues.values()]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for spec in validator.venues.values():
        checked = [op for op in spec.operations.values() if op.schema]
        click.echo(f"{spec.id}: {spec.name} ({len(checked)} of {len(spec.operations)} operations checked)")
        for op in spec.operations.values():
            mark = "*" if op.schema else " "
            note = " (deprecated)" if op.deprecated else ""
            click.echo(f"  {mark} {op.id:<36} {op.alias}{note}")


from .cli_markets import markets as _markets_group  # noqa: E402 - it needs the helpers above

main.add_command(_markets_group)
