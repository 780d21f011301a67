"""The venues orderlint knows (schemas/<venue>/venue.yaml) and the resolution of operation names."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import typing as t
from pathlib import Path

from .datafiles import read_data_file
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

    @property
    def alias(self) -> str:
        return f"{self.method} {self.path}"


@dataclasses.dataclass(frozen=True)
class VenueSpec:
    id: str
    name: str
    reference: str
    folder: Path
    unknown_member_severity: str
    markets_import: dict[str, t.Any] | None
    operations: dict[str, OperationSpec]

    def resolve(self, name: str) -> OperationSpec | None:
        """An operation by id or by its "METHOD /path" alias."""
        if name in self.operations:
            return self.operations[name]
        parts = name.split()
        if len(parts) == 2:
            wanted = (parts[0].upper(), parts[1])
            for op in self.operations.values():
                if (op.method.upper(), op.path) == wanted:
                    return op
        return None

    def suggest(self, name: str) -> str | None:
        choices = list(self.operations) + [op.alias for op in self.operations.values()]
        close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
        return close[0] if close else None


def load_venue(folder: Path) -> VenueSpec:
    manifest = folder / "venue.yaml"
    raw = read_data_file(manifest, meta="venue.schema.json")
    operations = {
        op_id: OperationSpec(venue=raw["id"], id=op_id, method=body["method"], path=body["path"],
                             schema=body.get("schema"), orders=body.get("orders"),
                             deprecated=bool(body.get("deprecated", False)))
        for op_id, body in raw["operations"].items()
    }
    return VenueSpec(id=raw["id"], name=raw["name"], reference=raw.get("reference", ""), folder=folder,
                     unknown_member_severity=raw.get("unknown_member_severity", "warning"),
                     markets_import=raw.get("markets"), operations=operations)


def load_venues(root: Path | None = None) -> dict[str, VenueSpec]:
    """Every venue with a manifest under `schemas/`."""
    base = (root or data_root()) / "schemas"
    venues = {}
    for manifest in sorted(base.glob("*/venue.yaml")):
        venue = load_venue(manifest.parent)
        venues[venue.id] = venue
    return venues


@functools.lru_cache(maxsize=None)
def shipped_venues() -> dict[str, VenueSpec]:
    return load_venues()


def suggest_venue(name: str, venues: t.Iterable[str]) -> str | None:
    close = difflib.get_close_matches(str(name).lower(), list(venues), n=1, cutoff=0.4)
    return close[0] if close else None
