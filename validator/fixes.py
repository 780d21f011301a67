"""Applying the fixes diagnostics offer: to files, by replacing exactly the source text of each value
(comments, quoting, key order and layout kept), or to a request copy for the Python API.

Guarantees: only safe fixes unless asked for unsafe ones (never display-only ones); never two fixes on
one value (conflicting fixes on a member are all skipped); a file is rewritten only when re-reading it
gives exactly the values intended and nothing else changed; writes are atomic (temp file + rename).
"""

from __future__ import annotations

import copy
import dataclasses
import decimal
import difflib
import json
import re
import typing as t
from pathlib import Path

from .decimals import fmt
from .datafiles import write_atomic
from .diagnostics import Diagnostic, Fix, split_pointer

if t.TYPE_CHECKING:  # pragma: no cover
    from .documents import DocumentResult

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_JSON_TOKEN = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null")
_BOM = "\ufeff"


@dataclasses.dataclass(frozen=True)
class AppliedFix:
    source: str
    document: int
    pointer: str
    code: str
    old: str        # the source text replaced
    new: str        # the text written
    line: int
    column: int


@dataclasses.dataclass(frozen=True)
class SkippedFix:
    source: str
    document: int
    pointer: str
    code: str
    reason: str


@dataclasses.dataclass
class FixOutcome:
    """What `fix_files` did (or, without `write`, would do)."""

    diff: str = ""
    changed: list[str] = dataclasses.field(default_factory=list)   # files rewritten (or that would be)
    applied: list[AppliedFix] = dataclasses.field(default_factory=list)
    skipped: list[SkippedFix] = dataclasses.field(default_factory=list)


# -- choosing fixes ---------------------------------------------------------------------------------------

def _allowed(fix: Fix, unsafe: bool) -> bool:
    return fix.applicability == "safe" or (unsafe and fix.applicability == "unsafe")


def choose_fixes(diagnostics: t.Iterable[Diagnostic], *, unsafe: bool = False
                 ) -> tuple[dict[str, tuple[Fix, str]], list[tuple[str, str, str]]]:
    """The fixes to apply by pointer (with the code offering each), and the skipped ones (pointer, code, reason).

    Several fixes for one member are applied only when they agree; a fix inside a member another fix
    replaces is skipped (never two fixes on one span).
    """
    offered: dict[str, list[tuple[Fix, str]]] = {}
    skipped: list[tuple[str, str, str]] = []
    for diag in diagnostics:
        fix = diag.fix
        if fix is None:
            continue
        if not _allowed(fix, unsafe):
            reason = "unsafe fix (use --unsafe-fixes)" if fix.applicability == "unsafe" else f"{fix.applicability} fix"
            skipped.append((fix.pointer, diag.code, reason))
            continue
        offered.setdefault(fix.pointer, []).append((fix, diag.code))
    chosen: dict[str, tuple[Fix, str]] = {}
    for pointer, fixes in offered.items():
        values = {_key(f.value) for f, _ in fixes}
        if len(values) > 1:
            codes = ", ".join(sorted({c for _, c in fixes}))
            skipped.extend((pointer, code, f"conflicting fixes for {pointer} ({codes}); fix by hand") for _, code in fixes)
            continue
        chosen[pointer] = fixes[0]
    for pointer in sorted(chosen, key=len):
        if pointer not in chosen:
            continue
        for other in [p for p in chosen if p != pointer and (pointer == "" or p.startswith(pointer + "/"))]:
            skipped.append((other, chosen[other][1], f"inside {pointer or 'the request'}, which another fix replaces"))
            del chosen[other]
    return chosen, skipped


def _key(value: t.Any) -> tuple[str, str]:
    return (type(value).__name__, repr(value))


# -- the Python API --------------------------------------------------------------------------------------

def fixed_request(request: t.Any, diagnostics: t.Iterable[Diagnostic], *, unsafe: bool = False) -> t.Any:
    """A copy of `request` with the offered fixes applied (safe ones only unless `unsafe`).

    The request itself is never changed. A fix whose member's parent is missing is left out, as are
    conflicting fixes; check the copy again before sending it.
    """
    result = copy.deepcopy(request)
    chosen, _ = choose_fixes(diagnostics, unsafe=unsafe)
    for pointer, (fix, _) in chosen.items():
        tokens = split_pointer(pointer)
        if not tokens:
            result = copy.deepcopy(fix.value)
            continue
        parent = result
        for token in tokens[:-1]:
            parent = _child(parent, token)
            if parent is None:
                break
        if isinstance(parent, dict):
            parent[tokens[-1]] = copy.deepcopy(fix.value)
        elif isinstance(parent, list) and tokens[-1].isdigit() and int(tokens[-1]) < len(parent):
            parent[int(tokens[-1])] = copy.deepcopy(fix.value)
    return result


def _child(value: t.Any, token: str) -> t.Any:
    if isinstance(value, dict):
        return value.get(token)
    if isinstance(value, list) and token.isdigit() and int(token) < len(value):
        return value[int(token)]
    return None


# -- files ------------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class _Edit:
    document: int
    pointer: str        # in the document (prefix included)
    request_pointer: str
    code: str
    value: t.Any
    start: int
    end: int
    new: str
    line: int
    column: int


def fix_files(results: t.Sequence[DocumentResult], *, unsafe: bool = False, write: bool = False) -> FixOutcome:
    """Apply the fixes the results offer to their files (in place only with `write`); `.diff` shows them."""
    outcome = FixOutcome()
    by_source: dict[str, list[DocumentResult]] = {}
    for result in results:
        if any(d.fix for d in result.diagnostics):
            by_source.setdefault(result.source, []).append(result)
    diffs = []
    for source, group in by_source.items():
        text = _fix_one_file(source, group, unsafe, write, outcome)
        if text:
            diffs.append(text)
    outcome.diff = "".join(diffs)
    return outcome


def _skip(outcome: FixOutcome, source: str, document: int, pointer: str, code: str, reason: str) -> None:
    outcome.skipped.append(SkippedFix(source, document, pointer, code, reason))


def _fix_one_file(source: str, results: list[DocumentResult], unsafe: bool, write: bool, outcome: FixOutcome) -> str:
    from .loading import EXTENSIONS, load_text

    path = Path(source)
    fmt_name = EXTENSIONS.get(path.suffix.lower())
    try:
        if source in ("-", "<stdin>") or not path.is_file():
            raise OSError("not a regular file")
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        for result in results:
            for diag in result.diagnostics:
                if diag.fix:
                    _skip(outcome, source, result.document, diag.fix.pointer, diag.code, f"cannot fix in place: {exc}")
        return ""
    bom = text.startswith(_BOM)
    body = text[1:] if bom else text
    documents = load_text(body, source, fmt_name)
    by_index = {doc.index: doc for doc in documents}
    starts = _line_starts(body)
    edits: list[_Edit] = []
    for result in results:
        chosen, skipped = choose_fixes(result.diagnostics, unsafe=unsafe)
        for pointer, code, reason in skipped:
            _skip(outcome, source, result.document, pointer, code, reason)
        doc = by_index.get(result.document)
        if doc is None or not doc.ok or doc.sourcemap is None:
            for pointer, (_fix, code) in chosen.items():
                _skip(outcome, source, result.document, pointer, code, "the document could not be read again")
            continue
        prefix = "/order" if isinstance(doc.data, dict) and "order" in doc.data else ""
        for pointer, (fix, code) in chosen.items():
            edit, reason = _plan(body, starts, doc, prefix, pointer, fix, code, result.document, fmt_name)
            if edit is None:
                _skip(outcome, source, result.document, pointer, code, reason)
            else:
                edits.append(edit)
    edits = _without_overlaps(edits, source, outcome)
    if not edits:
        return ""
    new_body, kept = _verified(body, source, fmt_name, documents, edits, outcome)
    if not kept:
        return ""
    new_text = (_BOM if bom else "") + new_body
    for edit in kept:
        outcome.applied.append(AppliedFix(source, edit.document, edit.request_pointer, edit.code,
                                          body[edit.start:edit.end], edit.new, edit.line, edit.column))
    outcome.changed.append(source)
    if write:
        _write_atomic(path, new_text.encode("utf-8"))
    return "".join(difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                        fromfile=f"a/{source}", tofile=f"b/{source}"))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
    return starts


def _plan(body: str, starts: list[int], doc: t.Any, prefix: str, pointer: str, fix: Fix, code: str,
          index: int, fmt_name: str | None) -> tuple[_Edit | None, str]:
    full = prefix + pointer
    if not _exists(doc.data, split_pointer(full)):
        return None, "the fix adds a member; add it by hand"
    position = doc.sourcemap.value(full)
    if position is None:
        return None, "no source position for the value"
    line, column = position
    if not 1 <= line <= len(starts):
        return None, "no source position for the value"
    offset = starts[line - 1] + column - 1
    span = _span(body, offset, fmt_name == "yaml" or fmt_name is None and body.lstrip()[:1] not in ("{", "["))
    if span is None:
        return None, "the value's source form (block scalar, alias, tag or container) is not rewritten"
    end, style = span
    if style == "plain":  # in a flow collection the scalar stops at , ] or }: take the reading that holds
        original = _child_at(doc.data, split_pointer(full))
        flow = _FLOW_END.search(body, offset, end)
        ends = [end] + ([offset + len(body[offset:flow.start()].rstrip(" \t"))] if flow else [])
        end = next((e for e in ends if e > offset and _plain_reads_as(body[offset:e], original)), -1)
        if end < 0:
            return None, "the value's source form (a multi-line or unusual scalar) is not rewritten"
    new = _render(fix.value, style, body[offset:end])
    if new is None:
        return None, "cannot write this value in the value's place"
    return _Edit(index, full, pointer, code, fix.value, offset, end, new, line, column), ""


def _child_at(data: t.Any, tokens: list[str]) -> t.Any:
    for token in tokens:
        data = _child(data, token)
    return data


def _plain_reads_as(text: str, original: t.Any) -> bool:
    from .loading import load_text

    try:
        docs = load_text("value: " + text + "\n", "<fix>", "yaml")
    except Exception:
        return False
    return len(docs) == 1 and docs[0].ok and isinstance(docs[0].data, dict) and \
        list(docs[0].data) == ["value"] and _same(docs[0].data["value"], original)


def _exists(data: t.Any, tokens: list[str]) -> bool:
    for token in tokens:
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return False
    return True


def _span(text: str, start: int, yaml_text: bool) -> tuple[int, str] | None:
    """Where the scalar starting at `start` ends, and its style: double, single, plain or json."""
    if start >= len(text):
        return None
    first = text[start]
    if first == '"':
        i = start + 1
        while i < len(text):
            if text[i] == "\\":
                i += 2
                continue
            if text[i] == '"':
                return i + 1, "double"
            i += 1
        return None
    if first == "'" and yaml_text:
        i = start + 1
        while i < len(text):
            if text[i] == "'":
                if text.startswith("''", i):
                    i += 2
                    continue
                return i + 1, "single"
            i += 1
        return None
    if not yaml_text:
        match = _JSON_TOKEN.match(text, start)
        return (match.end(), "json") if match else None
    if first in "|>{[&*!%@`#,]}\r\n":
        return None
    match = _LINE_BREAK.search(text, start)
    end = match.start() if match else len(text)
    line = text[start:end]
    comment = re.search(r"\s#", line)
    if comment:
        line = line[:comment.start()]
    return start + len(line.rstrip(" \t")), "plain"


_FLOW_END = re.compile(r"[,\]}]")


def _render(value: t.Any, style: str, old: str) -> str | None:
    """The source text for `value` in the place of a scalar written in `style`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (decimal.Decimal, float)):
        number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(repr(value))
        return fmt(number) if number.is_finite() else None
    if not isinstance(value, str):
        return None
    if style == "single" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)  # JSON and YAML double-quoted strings alike


def _without_overlaps(edits: list[_Edit], source: str, outcome: FixOutcome) -> list[_Edit]:
    kept: list[_Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if kept and edit.start < kept[-1].end:
            _skip(outcome, source, edit.document, edit.request_pointer, edit.code, "overlaps another fix's text")
            continue
        kept.append(edit)
    return kept


def _apply(body: str, edits: t.Sequence[_Edit]) -> str:
    parts = []
    last = 0
    for edit in sorted(edits, key=lambda e: e.start):
        parts.append(body[last:edit.start])
        parts.append(edit.new)
        last = edit.end
    parts.append(body[last:])
    return "".join(parts)


def _verified(body: str, source: str, fmt_name: str | None, documents: list[t.Any], edits: list[_Edit],
              outcome: FixOutcome) -> tuple[str, list[_Edit]]:
    """The new text and the edits in it, each proven by reading the text again."""
    new_body = _apply(body, edits)
    if _reads_as_intended(new_body, source, fmt_name, documents, edits):
        return new_body, edits
    kept = [e for e in edits if _reads_as_intended(_apply(body, [e]), source, fmt_name, documents, [e])]
    for edit in edits:
        if edit not in kept:
            _skip(outcome, source, edit.document, edit.request_pointer, edit.code,
                  "rewriting the value in place would change how the file reads; fix by hand")
    if kept:
        new_body = _apply(body, kept)
        if _reads_as_intended(new_body, source, fmt_name, documents, kept):
            return new_body, kept
        for edit in kept:
            _skip(outcome, source, edit.document, edit.request_pointer, edit.code, "fixes interfere; fix by hand")
    return body, []


def _reads_as_intended(text: str, source: str, fmt_name: str | None, before: list[t.Any], edits: t.Sequence[_Edit]) -> bool:
    from .loading import load_text

    try:
        after = load_text(text, source, fmt_name)
    except Exception:
        return False
    if len(after) != len(before):
        return False
    expected = {doc.index: copy.deepcopy(doc.data) for doc in before}
    for edit in edits:
        tokens = split_pointer(edit.pointer)
        parent = expected.get(edit.document)
        for token in tokens[:-1]:
            parent = _child(parent, token)
        value = edit.value
        if isinstance(value, float):
            value = decimal.Decimal(repr(value))
        if isinstance(parent, dict):
            parent[tokens[-1]] = value
        elif isinstance(parent, list):
            parent[int(tokens[-1])] = value
    for old, new in zip(before, after):
        if old.ok != new.ok or not _same(expected[old.index], new.data):
            return False
        if {(p.code, p.pointer) for p in new.problems} - {(p.code, p.pointer) for p in old.problems}:
            return False
    return True


def _same(a: t.Any, b: t.Any) -> bool:
    if type(a) is not type(b) and not (isinstance(a, (int, decimal.Decimal)) and isinstance(b, (int, decimal.Decimal))
                                       and not isinstance(a, bool) and not isinstance(b, bool)):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, keeping its permissions; an interruption leaves the old file or the new one."""
    write_atomic(path, data, mode=path.stat().st_mode & 0o7777)


__all__ = ["fix_files", "fixed_request", "choose_fixes", "FixOutcome", "AppliedFix", "SkippedFix"]
