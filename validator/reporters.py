"""Reports over many document results: text for people, JSON for programs (DESIGN section 5)."""

from __future__ import annotations

import json
import re
import typing as t

from .diagnostics import Diagnostic
from .documents import DocumentResult

_SCALAR_END = re.compile(r"\s+#|[,\]}]|:(?:\s|$)|\s*$")
_SURROGATE = re.compile("[\ud800-\udfff]")
EXCERPT_WIDTH = 120  # characters of a source line shown around the finding's column
MESSAGE_WIDTH = 400  # longest message shown in full in text formats
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def dumps(value: t.Any, **options: t.Any) -> str:
    """JSON text that can always be written as UTF-8: a lone surrogate becomes a \\uXXXX escape."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_text(text: str) -> str:
    """`text` with lone surrogates shown as \\uXXXX, so it can be written as UTF-8."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def shorten(text: str, limit: int = MESSAGE_WIDTH) -> str:
    """`text` cut to `limit` characters with an ellipsis in the middle."""
    if len(text) <= limit:
        return text
    tail = (limit - 1) // 2
    return text[:limit - 1 - tail] + "…" + text[len(text) - tail:]


def window(line: str, column: int, width: int, span: int) -> tuple[str, int, int]:
    """A piece of `line` around `column` (1-based) no wider than about EXCERPT_WIDTH, with "…" where cut.

    Returns the shown text, the caret's 1-based column in it, and the caret width.
    """
    if len(line) <= width:
        return line, column, span
    start = max(0, column - 1 - width // 3)
    end = min(len(line), start + width)
    start = max(0, min(start, end - width))
    shown = line[start:end]
    caret = column - start
    if start > 0:
        shown = "…" + shown
        caret += 1
    if end < len(line):
        shown += "…"
    return shown, caret, max(1, min(span, len(shown) - caret + 1))


class Tally:
    """Running counts for the summary: documents, valid documents, error and warning diagnostics."""

    def __init__(self) -> None:
        self.documents = self.valid = self.errors = self.warnings = 0
        self.sources: set[str] = set()

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.valid += result.valid
        self.sources.add(result.source)
        for diag in result.diagnostics:
            self.errors += diag.severity == "error"
            self.warnings += diag.severity == "warning"

    def as_dict(self) -> dict[str, int]:
        return {"documents": self.documents, "valid": self.valid, "errors": self.errors, "warnings": self.warnings}


def summary(results: t.Iterable[DocumentResult]) -> dict[str, int]:
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally.as_dict()


class Reporter(t.Protocol):
    """Takes results one at a time (returning text to write now) and ends the report."""

    def add(self, result: DocumentResult) -> str: ...

    def finish(self) -> str: ...


class JsonReporter:
    """One JSON object for the whole run (DESIGN section 5), written at the end."""

    def __init__(self) -> None:
        self.tally = Tally()
        self.results: list[dict[str, t.Any]] = []

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        self.results.append(result.to_dict())
        return ""

    def finish(self) -> str:
        return dumps({"version": 1, "summary": self.tally.as_dict(), "results": self.results}, indent=2) + "\n"


class JsonLinesReporter:
    """One compact JSON object per document as soon as it is checked, then one `{"summary": …}` line."""

    def __init__(self) -> None:
        self.tally = Tally()

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        return dumps(result.to_dict(), separators=(",", ":")) + "\n"

    def finish(self) -> str:
        return dumps({"summary": self.tally.as_dict()}, separators=(",", ":")) + "\n"


def json_report(results: t.Iterable[DocumentResult]) -> str:
    reporter = JsonReporter()
    for result in results:
        reporter.add(result)
    return reporter.finish().rstrip("\n")


def _token_width(line: str, column: int) -> int:
    """How many characters the value starting at `column` (1-based) spans on its line."""
    rest = line[column - 1:]
    if not rest:
        return 1
    if rest[0] in "\"'":
        quote = rest[0]
        end = 1
        while end < len(rest):
            if rest[end] == "\\" and quote == '"':
                end += 2
                continue
            if rest[end] == quote:
                return end + 1
            end += 1
        return len(rest)
    if rest[0] in "{[":
        return 1
    match = _SCALAR_END.search(rest, 1 if len(rest) > 1 else 0)
    width = match.start() if match else len(rest)
    return max(1, width)


def format_diagnostic(result: DocumentResult, diag: Diagnostic, color: bool = False) -> str:
    """`path:line:col: CODE [severity] message`, the source line with a caret under the value, help and fix."""
    where = result.source
    if diag.line is not None:
        where += f":{diag.line}:{diag.column or 1}"
    else:
        where += f" (document {result.document + 1})"
    pointer = f" ({diag.pointer})" if diag.pointer else ""
    message = safe_text(shorten(diag.message))
    head = f"{where}: {diag.code} [{diag.severity}] {message}"
    if color:
        tint = {"error": "31", "warning": "33", "info": "36"}.get(diag.severity, "0")
        head = f"\033[1m{where}:\033[0m \033[{tint}m{diag.code} [{diag.severity}]\033[0m {message}"
    lines = [safe_text(head)]
    text = result.sourcemap.line_text(diag.line) if (result.sourcemap and diag.line) else None
    if text is not None:
        gutter = str(diag.line)
        pad = " " * len(gutter)
        full = text.replace("\t", " ")
        column = diag.column or 1
        if diag.end_line == diag.line and diag.end_column and diag.end_column > column:
            span = diag.end_column - column
        else:
            span = _token_width(full, column)
        shown, caret, span = window(full, column, EXCERPT_WIDTH, span)
        lines.append(f" {pad} |")
        lines.append(safe_text(f" {gutter} | {shown}"))
        lines.append(f" {pad} | {' ' * (caret - 1)}{'^' * span}")
    elif pointer:
        lines.append(safe_text(f"    at {shorten(diag.pointer, EXCERPT_WIDTH)}"))
    if diag.help:
        lines.append(safe_text(f"  = help: {shorten(diag.help)}"))
    if diag.fix is not None:
        lines.append(safe_text(f"  = fix ({diag.fix.applicability}): set {diag.fix.pointer} to {shorten(dumps(diag.fix.value))}"))
    return "\n".join(lines)


class TextReporter:
    """For people: each finding with its source line as the document is checked, then one summary line."""

    def __init__(self, color: bool = False) -> None:
        self.color = color
        self.tally = Tally()

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        return "".join(format_diagnostic(result, diag, self.color) + "\n\n" for diag in result.diagnostics)

    def finish(self) -> str:
        counts = self.tally
        invalid = counts.documents - counts.valid
        files = len(counts.sources)
        return (f"Checked {counts.documents} document{'s' if counts.documents != 1 else ''} in {files} file{'s' if files != 1 else ''}: "
                f"{counts.valid} valid, {invalid} rejected ({counts.errors} error{'s' if counts.errors != 1 else ''}, "
                f"{counts.warnings} warning{'s' if counts.warnings != 1 else ''}).\n")


def text_report(results: t.Iterable[DocumentResult], color: bool = False) -> str:
    reporter = TextReporter(color)
    body = "".join(reporter.add(result) for result in results)
    return (body + reporter.finish()).rstrip("\n")


def concise_line(result: DocumentResult, diag: Diagnostic) -> str:
    """`path:line:col: CODE [severity] message` (or `path (document N)` when the position is unknown)."""
    where = result.source + (f":{diag.line}:{diag.column or 1}" if diag.line is not None else f" (document {result.document + 1})")
    if diag.line is None and diag.pointer:
        where += f" at {shorten(diag.pointer, EXCERPT_WIDTH)}"
    return safe_text(f"{where}: {diag.code} [{diag.severity}] {shorten(diag.message)}")


class ConciseReporter(TextReporter):
    """One line per finding, then the summary line (the default when not writing to a terminal)."""

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        return "".join(concise_line(result, diag) + "\n" for diag in result.diagnostics)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """GitHub Actions workflow commands: one `::error file=…,line=…::message` annotation per finding."""

    LEVELS = {"error": "error", "warning": "warning", "info": "notice"}

    def __init__(self) -> None:
        self.tally = Tally()

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        out = []
        for diag in result.diagnostics:
            props = [f"file={_escape_property(result.source)}"]
            if diag.line is not None:
                props.append(f"line={diag.line}")
                props.append(f"col={diag.column or 1}")
                if diag.end_line is not None:
                    props.append(f"endLine={diag.end_line}")
                    if diag.end_column is not None:
                        props.append(f"endColumn={diag.end_column}")
            props.append(f"title={_escape_property(f'orderlint {diag.code} ({diag.name})')}")
            body = shorten(diag.message)
            if diag.line is None:
                body = f"document {result.document + 1}" + (f" at {diag.pointer}" if diag.pointer else "") + f": {body}"
            if diag.help:
                body += f"\nhelp: {shorten(diag.help)}"
            level = self.LEVELS.get(diag.severity, "warning")
            out.append(safe_text(f"::{level} {','.join(props)}::{_escape_data(body)}") + "\n")
        return "".join(out)

    def finish(self) -> str:
        return ""


def statistics(results: t.Iterable[DocumentResult]) -> dict[tuple[str, str], int]:
    """How many findings of each (code, name), most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for result in results:
        for diag in result.diagnostics:
            counts[(diag.code, diag.name)] = counts.get((diag.code, diag.name), 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def statistics_text(counts: dict[tuple[str, str], int]) -> str:
    """One `count  CODE  name` line per code."""
    width = max((len(str(n)) for n in counts.values()), default=1)
    return "".join(f"{n:>{width}}  {code}  {name}\n" for (code, name), n in counts.items())
