"""Order documents (DESIGN section 3): the envelope resolved, the request checked, findings located."""

from __future__ import annotations

import dataclasses
import typing as t

from .checker import Validator
from .clock import to_epoch_ms
from .codes import diagnostic
from .diagnostics import Diagnostic, join_pointer
from .loading import Document
from .session import Session
from .sourcemap import PrefixedSourceMap, SourceMap, locate

ENVELOPE_MEMBERS = ("venue", "operation", "now", "order")


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
                   now: t.Any = None, session: Session | None = None) -> DocumentResult:
    """The verdict on one loaded document; flags give the venue, operation and clock where the envelope does not.

    With a session, orders of earlier documents count (client order ids already taken).
    """
    if not doc.ok:
        return DocumentResult(doc.source, doc.index, None, None, sorted(doc.problems, key=_sort_key))
    data = doc.data
    found: list[Diagnostic] = []
    prefix = ""
    if isinstance(data, dict) and "order" in data:
        prefix = "/order"
        venue = data.get("venue", venue)
        operation = data.get("operation", operation)
        for key in data:
            if key not in ENVELOPE_MEMBERS:
                found.append(_at(doc, diagnostic("E006", f"unknown order document member {key!r} (known: {', '.join(ENVELOPE_MEMBERS)})",
                                                 pointer=""), join_pointer("", key), key=True))
        if "now" in data:
            if to_epoch_ms(data["now"]) is None:
                found.append(_at(doc, diagnostic("E004", f"now {data['now']!r} is neither ISO 8601 nor epoch milliseconds", pointer=""), "/now"))
            else:
                now = data["now"]
        request = data["order"]
    elif venue and operation:
        request = data
    elif isinstance(data, dict) and ("venue" in data or "operation" in data):
        found.append(_at(doc, diagnostic("E004", "order document has no `order` member holding the request", pointer=""), ""))
        return _finish(doc, venue, operation, found, prefix)
    else:
        found.append(_at(doc, diagnostic("E003", "not an order document (venue, operation, order), and no --venue/--operation given", pointer=""), ""))
        return _finish(doc, venue, operation, found, prefix)
    op, problems = validator.resolve(venue, operation)
    if op is None:
        where = "/operation" if problems[0].code == "E002" else "/venue"
        found.extend(_at(doc, p, where if prefix else "") for p in problems)
        return _finish(doc, venue if isinstance(venue, str) else None, operation if isinstance(operation, str) else None, found, prefix)
    if session is not None:
        result = session.check(request, op.venue, op.id, now, origin=f"{doc.source} document {doc.index}")
    else:
        result = validator.check(request, op.venue, op.id, now)
    smap = PrefixedSourceMap(doc.sourcemap, prefix) if doc.sourcemap else None
    for diag in result.diagnostics:
        pos = locate(smap, diag.pointer, prefer_key=diag.code in ("S004",)) if smap else None
        found.append(dataclasses.replace(diag, line=pos[0], column=pos[1]) if pos else diag)
    return _finish(doc, result.venue, result.operation, found, prefix)


def _at(doc: Document, diag: Diagnostic, doc_pointer: str, key: bool = False) -> Diagnostic:
    """A document-level finding, located at `doc_pointer` in the document (not the request)."""
    pos = locate(doc.sourcemap, doc_pointer, prefer_key=key) if doc.sourcemap else None
    return dataclasses.replace(diag, line=pos[0], column=pos[1]) if pos else diag


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
