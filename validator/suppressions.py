"""Inline suppressions in YAML order files.

    price: "50000.05"   # orderlint: ignore[R101]          the finding on this line
    # orderlint: ignore[R101, size-increment]               an own-line comment: the next line's findings
    size: "0.000010001"
    # orderlint: file-ignore[R204]                          every finding of the file with that code

Codes are required: a bare `# orderlint: ignore` silences nothing and is reported (E011), as is an unknown code;
a code that silenced nothing is reported too (E010, as ruff's RUF100), so a suppression cannot outlive its
finding unnoticed. Codes may be written as codes (R101), prefixes (R1), names (price-increment) or venue rules
(<venue>/<rule-id>). JSON has no comments: use per-file ignores in the configuration.
"""

from __future__ import annotations

import dataclasses
import re
import typing as t

from .codes import diagnostic
from .config import UNIGNORABLE, Selector, parse_selector
from .diagnostics import Diagnostic
from .documents import DocumentResult

DIRECTIVE = re.compile(r"#\s*orderlint\s*:\s*(?P<kind>[A-Za-z-]*)\s*(?:\[(?P<codes>[^\]]*)\])?")
_OPENERS = " \t:[{,-?"


@dataclasses.dataclass
class Entry:
    """One code of a suppression comment, and whether it silenced something."""

    text: str
    selector: Selector
    used: bool = False


@dataclasses.dataclass
class Suppression:
    line: int  # where the comment is (1-based)
    column: int
    covers: int | None  # the line it silences; None: the whole file
    entries: list[Entry]


def comment_start(line: str) -> int | None:
    """The index of the `#` starting a YAML comment on `line`, or None (a `#` inside quotes is not one)."""
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote == '"':
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                quote = None
        elif quote == "'":
            if ch == "'":
                quote = None
        elif ch in "\"'" and (i == 0 or line[i - 1] in _OPENERS):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
        i += 1
    return None


def scan(lines: t.Sequence[str], codes: t.Mapping[str, t.Any] | None = None) -> tuple[list[Suppression], list[Diagnostic]]:
    """The suppressions of a YAML file's lines, and the problems with malformed ones (E011)."""
    found: list[Suppression] = []
    problems: list[Diagnostic] = []
    for number, line in enumerate(lines, start=1):
        if "orderlint" not in line:
            continue
        start = comment_start(line)
        if start is None:
            continue
        match = DIRECTIVE.match(line, start)
        if match is None:
            continue
        column = start + 1
        kind, listed = match.group("kind").lower(), match.group("codes")

        def bad(message: str, number: int = number, column: int = column, line: str = line) -> None:
            problems.append(diagnostic("E011", message, pointer="", line=number, column=column, end_line=number,
                                       end_column=len(line.rstrip()) + 1))

        if kind not in ("ignore", "file-ignore"):
            bad(f"unknown suppression {kind or '(none)'!r}: write `# orderlint: ignore[CODE]` or `# orderlint: file-ignore[CODE]`")
            continue
        texts = [c.strip() for c in (listed or "").split(",") if c.strip()]
        if not texts:
            bad(f"`# orderlint: {kind}` names no code, so it silences nothing: write `# orderlint: {kind}[CODE]`")
            continue
        entries = []
        for text in texts:
            reason: list[str] = []

            def refuse(message: str, reason: list[str] = reason) -> t.NoReturn:
                reason.append(message)
                raise ValueError(message)

            try:
                selector = parse_selector(text, codes, refuse, allow_all=False)
            except ValueError:
                bad(f"suppression of {text!r}: {reason[0]}")
                continue
            if selector.kind == "prefix" and selector.value in UNIGNORABLE:
                bad(f"{text} (orderlint failed on a document) cannot be suppressed")
                continue
            entries.append(Entry(text, selector))
        if not entries:
            continue
        covers: int | None = None
        if kind == "ignore":
            covers = number
            if not line[:start].strip():  # an own-line comment silences the next line that holds something
                covers = _next_content_line(lines, number)
        found.append(Suppression(number, column, covers, entries))
    return found, problems


def _next_content_line(lines: t.Sequence[str], number: int) -> int | None:
    for following in range(number + 1, len(lines) + 1):
        text = lines[following - 1].strip()
        if text and not text.startswith("#"):
            return following
    return None


def _matches(entry: Entry, diag: Diagnostic, venue: str | None) -> bool:
    rule = f"{venue}/{diag.rule}" if venue and diag.rule else None
    return diag.code not in UNIGNORABLE and entry.selector.specificity(diag.code, diag.name, rule) > 0


def apply(results: t.Sequence[DocumentResult], lines: t.Sequence[str],
          codes: t.Mapping[str, t.Any] | None = None) -> list[DocumentResult]:
    """The results of one file with suppressed findings removed, and E010/E011 findings added."""
    suppressions, problems = scan(lines, codes)
    if not suppressions and not problems:
        return list(results)
    by_line: dict[int, list[Suppression]] = {}
    whole_file = [s for s in suppressions if s.covers is None]
    for sup in suppressions:
        if sup.covers is not None:
            by_line.setdefault(sup.covers, []).append(sup)
    out: list[DocumentResult] = []
    for result in results:
        kept = []
        for diag in result.diagnostics:
            silenced = False
            for sup in by_line.get(diag.line, []) if diag.line is not None else []:
                for entry in sup.entries:
                    if _matches(entry, diag, result.venue):
                        entry.used = silenced = True
            if not silenced:
                for sup in whole_file:
                    for entry in sup.entries:
                        if _matches(entry, diag, result.venue):
                            entry.used = silenced = True
            if not silenced:
                kept.append(diag)
        out.append(dataclasses.replace(result, diagnostics=kept))
    placed: list[tuple[Diagnostic, int]] = [(p, p.line or 1) for p in problems]
    for sup in suppressions:
        for entry in sup.entries:
            if not entry.used:
                what = "in the file" if sup.covers is None else f"on line {sup.covers}" if sup.covers else "(no line follows it)"
                unused = diagnostic("E010", f"suppression of {entry.text} is unused: no such finding {what}", pointer="",
                                    line=sup.line, column=sup.column, end_line=sup.line,
                                    end_column=len(lines[sup.line - 1].rstrip()) + 1)
                placed.append((unused, sup.covers or sup.line))
    if out:
        for problem, anchor in placed:
            index = _owner(out, anchor)
            target = out[index]
            merged = sorted([*target.diagnostics, problem], key=lambda d: (d.line or 0, d.column or 0, d.code))
            out[index] = dataclasses.replace(target, diagnostics=merged)
    return out


def _start(result: DocumentResult) -> int | None:
    """The first line of a document's content, where known."""
    if result.sourcemap is not None:
        inner = getattr(result.sourcemap, "_inner", result.sourcemap)
        position = inner.value("")
        if position is not None:
            return position[0]
    return min((d.line for d in result.diagnostics if d.line is not None), default=None)


def _owner(results: t.Sequence[DocumentResult], line: int) -> int:
    """The document a line belongs to: the last one starting at or before it (the first when none is known)."""
    chosen = 0
    for index, result in enumerate(results):
        start = _start(result)
        if start is not None and start <= line:
            chosen = index
    return chosen
