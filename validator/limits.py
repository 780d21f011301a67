"""Caps on input size and shape: what keeps every document's check bounded in time and memory."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Limits:
    """How much input orderlint accepts; beyond a cap, the document gets a diagnostic, never a hang."""

    max_bytes: int = 16 * 1024 * 1024  # one file, one stdin read, or one JSON line (P009)
    max_depth: int = 64                # nesting of objects and arrays (P006)
    max_nodes: int = 100_000           # values in one document, aliases expanded (P006)
    max_string: int = 65_536           # characters in one string value (P010)

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            if getattr(self, field.name) < 1:
                raise ValueError(f"{field.name} must be at least 1")

    @property
    def too_deep(self) -> str:
        """The P006 message for a document nested beyond `max_depth`."""
        return f"document nests deeper than {self.max_depth} levels; refused"


NOT_FINITE = "is not a finite number; no venue accepts NaN or infinity"  # P004, after the offending text


DEFAULT = Limits()

# Data files (markets snapshots, rule and code files) are larger than any order: a 10,000-symbol markets
# file must load; an alias bomb is still refused.
DATA_FILES = Limits(max_bytes=128 * 1024 * 1024, max_nodes=500_000)
