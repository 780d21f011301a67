"""Reports over many document results: text for people, JSON for programs (DESIGN section 5)."""

from __future__ import annotations

import json
import re
import typing as t

from .diagnostics import Diagnostic
from .documents import DocumentResult

_SCALAR_END = re.compile(r"\s+#|[,\]}]|:(?:\s|$)|\s*$")


def summary(results: t.Sequence[DocumentResult]) -> dict[str, int]:
    return {
        "documents": len(results),
        "valid": sum(1 for r in results if r.valid),
        "errors": sum(1 for r in results for d in r.diagnostics if d.severity == "error"),
        "warnings": sum(1 for r in results for d in r.diagnostics if d.severity == "warning"),
    }


def json_report(results: t.Sequence[DocumentResult]) -> str:
    return json.dumps({"version": 1, "summary": summary(results), "results": [r.to_dict() for r in results]},
                      indent=2, ensure_ascii=False)


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


def text_report(results: t.Sequence[DocumentResult], color: bool = False) -> str:
    blocks = []
    for result in results:
        for diag in result.diagnostics:
            blocks.append(format_diagnostic(result, diag, color))
    counts = summary(results)
    invalid = counts["documents"] - counts["valid"]
    files = len({r.source for r in results})
    tail = (f"Checked {counts['documents']} document{'s' if counts['documents'] != 1 else ''} in {files} file{'s' if files != 1 else ''}: "
            f"{counts['valid']} valid, {invalid} rejected ({counts['errors']} error{'s' if counts['errors'] != 1 else ''}, "
            f"{counts['warnings']} warning{'s' if counts['warnings'] != 1 else ''}).")
    return "\n\n".join(blocks + [tail]) if blocks else tail
