"""Reports over many document results: text for people, JSON for programs (DESIGN section 5)."""

from __future__ import annotations

import json
import re
import typing as t

from .diagnostics import Diagnostic
from .documents import DocumentResult

_SCALAR_END = re.compile(r"\s+#|[,\]}]|:(?:\s|$)|\s*$")


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
        return json.dumps({"version": 1, "summary": self.tally.as_dict(), "results": self.results}, indent=2, ensure_ascii=False) + "\n"


class JsonLinesReporter:
    """One compact JSON object per document, written as soon as it is checked (nothing is kept)."""

    def add(self, result: DocumentResult) -> str:
        return json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"

    def finish(self) -> str:
        return ""


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
        where += f" (document {result.document})"
    pointer = f" ({diag.pointer})" if diag.pointer else ""
    head = f"{where}: {diag.code} [{diag.severity}] {diag.message}"
    if color:
        tint = {"error": "31", "warning": "33", "info": "36"}.get(diag.severity, "0")
        head = f"\033[1m{where}:\033[0m \033[{tint}m{diag.code} [{diag.severity}]\033[0m {diag.message}"
    lines = [head]
    text = result.sourcemap.line_text(diag.line) if (result.sourcemap and diag.line) else None
    if text is not None:
        gutter = str(diag.line)
        pad = " " * len(gutter)
        shown = text.replace("\t", " ")
        lines.append(f" {pad} |")
        lines.append(f" {gutter} | {shown}")
        lines.append(f" {pad} | {' ' * ((diag.column or 1) - 1)}{'^' * _token_width(shown, diag.column or 1)}")
    elif pointer:
        lines.append(f"    at {diag.pointer}")
    if diag.help:
        lines.append(f"  = help: {diag.help}")
    if diag.fix is not None:
        lines.append(f"  = fix ({diag.fix.applicability}): set {diag.fix.pointer} to {json.dumps(diag.fix.value)}")
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
