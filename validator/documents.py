"""Order documents (DESIGN section 3): the envelope resolved, the request checked, findings located."""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing as t

from .engine import Validator
from .clock import to_epoch_ms
from .codes import diagnostic
from .diagnostics import Diagnostic, join_pointer
from .loading import Document
from .session import Session
from .requests import apply_fix
from .sourcemap import PrefixedSourceMap, SourceMap, locate_span
from .wording import show

ENVELOPE_MEMBERS = ("venue", "operation", "now", "order", "samples")
# Members a template may carry for people (what it is, who owns it); orderlint ignores them, as it does x-*.
NOTE_MEMBERS = ("name", "description", "comment", "tags")


def _is_note(key: t.Any) -> bool:
    return isinstance(key, str) and (key in NOTE_MEMBERS or key.startswith("x-"))


@dataclasses.dataclass
class DocumentResult:
    """The verdict on one input document, as reported."""

    source: str
    document: int
    venue: str | None
    operation: str | None
    diagnostics: list[Diagnostic]
    sourcemap: SourceMap | None = None

    @property
    def valid(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    @property
    def internal_error(self) -> bool:
        """orderlint itself failed on this document (E099)."""
        return any(d.code == "E099" for d in self.diagnostics)

    def to_dict(self) -> dict[str, t.Any]:
        return {"source": self.source, "document": self.document, "venue": self.venue, "operation": self.operation,
                "valid": self.valid, "diagnostics": [d.to_dict() for d in self.diagnostics]}


def _sort_key(diag: Diagnostic) -> tuple[int, int, str]:
    return (diag.line or 0, diag.column or 0, diag.code)


def check_document(validator: Validator, doc: Document, *, venue: str | None = None, operation: str | None = None,
                   now: t.Any = None, session: Session | None = None,
                   placeholders: t.Sequence[re.Pattern[str]] = ()) -> DocumentResult:
    """The verdict on one loaded document; flags give the venue, operation and clock where the envelope does not.

    With a session, orders of earlier documents count (client order ids already taken). `placeholders` are
    patterns of template values filled in at run time (such as "{{ price }}"): such a value is not checked,
    and the rules that need it say so, unless the envelope's `samples` gives a value to check instead.
    """
    if not doc.ok:
        return DocumentResult(doc.source, doc.index, None, None, sorted(doc.problems, key=_sort_key), doc.sourcemap)
    data = doc.data
    found: list[Diagnostic] = []
    prefix = ""
    samples: t.Any = None
    if isinstance(data, dict) and "order" in data:
        prefix = "/order"
        venue = data.get("venue", venue)
        operation = data.get("operation", operation)
        for key in data:
            if key not in ENVELOPE_MEMBERS and not _is_note(key):
                close = difflib.get_close_matches(key, ENVELOPE_MEMBERS, n=1, cutoff=0.7) if isinstance(key, str) and len(key) < 40 else []
                guess = f"; did you mean {close[0]!r}?" if close else ""
                found.append(_at(doc, diagnostic("E006", f"unknown order document member {show(key)}{guess}",
                                                 pointer="", help=f"known members: {', '.join(ENVELOPE_MEMBERS)}; notes for people go in "
                                                                  f"{', '.join(NOTE_MEMBERS)} or any member named x-..."),
                                 join_pointer("", key), key=True))
        if "now" in data:
            if to_epoch_ms(data["now"]) is None:
                found.append(_at(doc, diagnostic("E004", f"now {show(data['now'])} is neither ISO 8601 nor epoch milliseconds", pointer=""), "/now"))
            else:
                now = data["now"]
        samples = data.get("samples")
        if samples is not None and not isinstance(samples, dict):
            found.append(_at(doc, diagnostic("E004", "samples must map member names (or JSON pointers) to sample values", pointer=""), "/samples"))
            samples = None
        request = data["order"]
    elif venue and operation:
        request = data
    elif isinstance(data, dict) and ("venue" in data or "operation" in data):
        close = difflib.get_close_matches("order", [k for k in data if isinstance(k, str) and len(k) < 40], n=1, cutoff=0.6)
        guess = f"; {close[0]!r} looks like a misspelt `order`" if close else ""
        found.append(_at(doc, diagnostic("E004", f"order document has no `order` member holding the request{guess}", pointer=""),
                         join_pointer("", close[0]) if close else "", key=bool(close)))
        return _finish(doc, venue, operation, found, prefix)
    else:
        given = "--venue" if venue else "--operation" if operation else None
        why = f"and only {given} was given (a raw request needs both --venue and --operation)" if given \
            else "and no --venue/--operation given for a raw request"
        found.append(_at(doc, diagnostic("E003", f"not an order document (venue, operation, order), {why}", pointer=""), ""))
        return _finish(doc, venue, operation, found, prefix)
    resolved, problems = validator.resolve_line(venue, operation)
    if resolved is None:
        where = "/operation" if problems[0].code == "E002" else "/venue"
        found.extend(_at(doc, p, where if prefix else "") for p in problems)
        return _finish(doc, venue if isinstance(venue, str) else None, operation if isinstance(operation, str) else None, found, prefix)
    op = resolved.op
    unknown: set[str] = set()
    if placeholders:
        request, unknown = _templated(request, placeholders, samples)
    line_members = set(resolved.members)
    if session is not None:
        result = session.check(request, op.venue, t.cast(str, operation) if resolved.members else op.id, now,
                               origin=f"{doc.source} document {doc.index + 1}", placeholders=unknown)
    else:
        result = validator.check(request, op.venue, t.cast(str, operation) if resolved.members else op.id, now, placeholders=unknown)
    smap = PrefixedSourceMap(doc.sourcemap, prefix) if doc.sourcemap else None
    for diag in result.diagnostics:
        found.append(_locate(doc, smap, diag, prefix, line_members))
    return _finish(doc, result.venue, result.operation, found, prefix)


def _locate(doc: Document, smap: SourceMap | None, diag: Diagnostic, prefix: str, line_members: set[str]) -> Diagnostic:
    """The diagnostic with its position (and end) in the document's text, where it has one."""
    if smap is None:
        return diag
    span = None
    if diag.anchor is not None and smap.value(diag.pointer) is None and smap.key(diag.pointer) is None:
        span = locate_span(smap, diag.anchor, prefer_key=True)  # the absent member's trigger, not its parent
    span = span or locate_span(smap, diag.pointer, prefer_key=diag.code in ("S004", "S011"))
    if span is None and prefix and diag.pointer[1:].split("/", 1)[0] in line_members:
        span = locate_span(doc.sourcemap, "/operation") if doc.sourcemap else None  # a member the request line gave
    if span is None:
        return diag
    line, column, end_line, end_column = span
    return dataclasses.replace(diag, line=line, column=column, end_line=end_line, end_column=end_column)


def _templated(request: t.Any, patterns: t.Sequence[re.Pattern[str]], samples: dict[str, t.Any] | None) -> tuple[t.Any, set[str]]:
    """The request with sample values put in for placeholders, and the pointers of placeholders left unknown."""
    unknown: set[str] = set()
    for value, pointer in _strings(request, ""):
        if any(p.fullmatch(value) or p.search(value) for p in patterns):
            unknown.add(pointer)
    if not unknown or not samples:
        return request, unknown
    for key, sample in samples.items():
        pointer = key if isinstance(key, str) and key.startswith("/") else join_pointer("", str(key))
        if pointer in unknown:
            replaced = apply_fix(request, pointer, sample)
            if replaced is not None:
                request = replaced
                unknown.discard(pointer)
    return request, unknown


def _strings(value: t.Any, pointer: str) -> t.Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield value, pointer
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, join_pointer(pointer, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, join_pointer(pointer, index))


def _at(doc: Document, diag: Diagnostic, doc_pointer: str, key: bool = False) -> Diagnostic:
    """A document-level finding, located at `doc_pointer` in the document (not the request)."""
    span = locate_span(doc.sourcemap, doc_pointer, prefer_key=key) if doc.sourcemap else None
    if span is None:
        return diag
    return dataclasses.replace(diag, line=span[0], column=span[1], end_line=span[2], end_column=span[3])


def _finish(doc: Document, venue: t.Any, operation: t.Any, found: list[Diagnostic], prefix: str) -> DocumentResult:
    loader = []
    for problem in doc.problems:  # loader findings are located in the document; re-point them at the request
        pointer = problem.pointer
        if prefix and (pointer == prefix or pointer.startswith(prefix + "/")):
            pointer = pointer[len(prefix):]
        elif prefix:
            pointer = ""
        loader.append(dataclasses.replace(problem, pointer=pointer))
    broken = {p.pointer for p in loader if p.severity == "error" and p.pointer}
    found = [d for d in found if d.pointer not in broken]  # the loader already said what is wrong there
    smap = PrefixedSourceMap(doc.sourcemap, prefix) if doc.sourcemap else None
    return DocumentResult(doc.source, doc.index, venue if isinstance(venue, str) else None,
                          operation if isinstance(operation, str) else None,
                          sorted(loader + found, key=_sort_key), smap)
