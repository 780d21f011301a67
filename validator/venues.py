"""The venues orderlint knows (schemas/<venue>/venue.yaml) and the resolution of operation names."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import typing as t
import urllib.parse
from pathlib import Path

from .datafiles import DataFileError, read_data_file
from .resources import data_root


@dataclasses.dataclass(frozen=True)
class OperationSpec:
    venue: str
    id: str
    method: str
    path: str
    schema: str | None
    orders: str | None  # pointer pattern of the order objects in the request ("" = the request itself)
    deprecated: bool
    url: str | None = None
    replaced_by: str | None = None
    unknown_member_severity: str | None = None  # None: the venue's

    @property
    def alias(self) -> str:
        return f"{self.method} {self.path}"

    @functools.cached_property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.path.strip("/").split("/"))

    def match(self, segments: t.Sequence[str]) -> dict[str, str] | None:
        """The path parameters a concrete path's segments give this operation's template, or None."""
        if len(segments) != len(self.segments):
            return None
        values: dict[str, str] = {}
        for template, actual in zip(self.segments, segments):
            param = _PARAM.fullmatch(template)
            if param:
                if not actual:
                    return None
                values[param.group(1)] = urllib.parse.unquote(actual)
            elif template != actual:
                return None
        return values

    def specificity(self) -> tuple[int, ...]:
        """Literal segments win over parameters, earlier ones first (ties broken by template order)."""
        return tuple(0 if _PARAM.fullmatch(seg) else 1 for seg in self.segments)


_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclasses.dataclass(frozen=True)
class Resolved:
    """An operation named by id, alias or a concrete request line, with the members the line carries."""

    op: OperationSpec
    members: dict[str, str]  # path parameters by template name, then query parameters


@dataclasses.dataclass(frozen=True)
class VenueSpec:
    id: str
    name: str
    reference: str
    folder: Path
    unknown_member_severity: str
    markets_import: dict[str, t.Any] | None
    operations: dict[str, OperationSpec]
    url: str | None = None
    symbol_member: str = "symbol"
    misplaced_members: tuple[str, ...] = ()
    member_aliases: dict[str, str] = dataclasses.field(default_factory=dict)
    base_path: str = ""
    symbol_parts: tuple[str, ...] = ()  # members that name the market together, when symbol_member is absent
    symbol_separator: str = "_"

    def symbol_in(self, obj: dict[str, t.Any]) -> tuple[t.Any, str]:
        """The market an order object names, and the member a finding about it points at: symbol_member, or
        else the symbol_parts joined by symbol_separator (pointing at the first part)."""
        symbol = obj.get(self.symbol_member)
        if symbol is None and self.symbol_parts:
            parts = [obj.get(name) for name in self.symbol_parts]
            texts = [part for part in parts if isinstance(part, str) and part]
            if len(texts) == len(parts):
                return self.symbol_separator.join(texts), self.symbol_parts[0]
        return symbol, self.symbol_member

    def resolve(self, name: str) -> OperationSpec | None:
        """An operation by id, by its "METHOD /path" alias, or by a concrete request line."""
        found = self.resolve_line(name)
        return found.op if found else None

    def resolve_line(self, name: str) -> Resolved | None:
        """An operation and the path and query members a request line ("DELETE /api/v1/x/123?symbol=A") carries."""
        if name in self.operations:
            return Resolved(self.operations[name], {})
        parts = name.split()
        if len(parts) != 2:
            return None
        method, target = parts[0].upper(), parts[1]
        path, _, query = target.partition("?")
        path = self._relative(path)
        segments = path.strip("/").split("/")
        best: tuple[tuple[int, ...], OperationSpec, dict[str, str]] | None = None
        for op in self.operations.values():
            if op.method.upper() != method:
                continue
            if op.path == path:  # the template itself, as the venue documents it (its query members still count)
                best = (op.specificity(), op, {})
                break
            values = op.match(segments)
            if values is not None and (best is None or op.specificity() > best[0]):
                best = (op.specificity(), op, values)
        if best is None:
            return None
        members = dict(best[2])
        for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
            members.setdefault(key, value)
        return Resolved(best[1], members)

    def _relative(self, path: str) -> str:
        if self.base_path and path.startswith(self.base_path + "/"):
            return path[len(self.base_path):]
        return path

    def suggest(self, name: str) -> str | None:
        """The closest operation: by path shape for a request line (same method, most segments in common), else by spelling."""
        parts = name.split()
        if len(parts) == 2 and parts[1].startswith("/"):
            method = parts[0].upper()
            segments = self._relative(parts[1].partition("?")[0]).strip("/").split("/")

            def score(op: OperationSpec) -> tuple[int, int, float]:
                same = sum(1 for a, b in zip(op.segments, segments) if a == b or _PARAM.fullmatch(a))
                return (same - abs(len(op.segments) - len(segments)), int(op.method.upper() == method),
                        difflib.SequenceMatcher(None, op.path, parts[1]).ratio())

            best = max(self.operations.values(), key=score, default=None)
            if best is not None and score(best)[0] > 0:
                return best.alias
        choices = list(self.operations) + [op.alias for op in self.operations.values()]
        close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
        return close[0] if close else None


def load_venue(folder: Path) -> VenueSpec:
    manifest = folder / "venue.yaml"
    raw = read_data_file(manifest, meta="venue.schema.json")
    operations = {
        op_id: OperationSpec(venue=raw["id"], id=op_id, method=body["method"], path=body["path"],
                             schema=body.get("schema"), orders=body.get("orders"),
                             deprecated=bool(body.get("deprecated", False)), url=body.get("url", raw.get("url")),
                             replaced_by=body.get("replaced_by"), unknown_member_severity=body.get("unknown_member_severity"))
        for op_id, body in raw["operations"].items()
    }
    for op in operations.values():
        if op.replaced_by is not None and op.replaced_by not in operations:
            raise DataFileError(str(manifest), f"operation {op.id}: replaced_by {op.replaced_by!r} is not an operation of {raw['id']}")
    return VenueSpec(id=raw["id"], name=raw["name"], reference=raw.get("reference", ""), folder=folder,
                     unknown_member_severity=raw.get("unknown_member_severity", "warning"),
                     markets_import=raw.get("markets"), operations=operations, url=raw.get("url"),
                     symbol_member=raw.get("symbol_member", "symbol"),
                     misplaced_members=tuple(raw.get("misplaced_members", ())),
                     member_aliases=dict(raw.get("member_aliases", {})), base_path=raw.get("base_path", "").rstrip("/"),
                     symbol_parts=tuple(raw.get("symbol_parts", ())), symbol_separator=raw.get("symbol_separator", "_"))


def load_venues(root: Path | None = None) -> dict[str, VenueSpec]:
    """Every venue with a manifest under `schemas/`."""
    base = (root or data_root()) / "schemas"
    venues = {}
    for manifest in sorted(base.glob("*/venue.yaml")):
        venue = load_venue(manifest.parent)
        venues[venue.id] = venue
    return venues


@functools.cache
def shipped_venues() -> dict[str, VenueSpec]:
    return load_venues()


def suggest_venue(name: str, venues: t.Iterable[str]) -> str | None:
    close = difflib.get_close_matches(str(name).lower(), list(venues), n=1, cutoff=0.4)
    return close[0] if close else None
