"""The catalog of diagnostic codes (rules/codes.yaml): one code, one meaning, across all venues."""

from __future__ import annotations

import dataclasses
import functools
import typing as t

import yaml
from pathlib import Path

from .resources import data_root

from .diagnostics import Diagnostic, Severity


@dataclasses.dataclass(frozen=True)
class CodeInfo:
    code: str
    name: str
    severity: str
    summary: str
    what: str = ""
    why: str = ""
    fix: str = ""
    example: t.Any = None


@functools.cache
def catalog() -> dict[str, CodeInfo]:
    """The shipped code catalog."""
    return load_catalog(data_root() / "rules" / "codes.yaml")


def load_catalog(path: Path) -> dict[str, CodeInfo]:
    """The codes of one catalog file (rules/codes.yaml of the shipped data or of an out-of-tree data folder)."""
    from .datafiles import DataFileError

    with open(path, encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # data only: safe loading
    entries = {}
    try:
        for code, body in raw["codes"].items():
            entries[code] = CodeInfo(code=code, **body)
    except (TypeError, KeyError, AttributeError) as exc:
        raise DataFileError(str(path), f"not a code catalog: {exc}") from None
    return entries


def info(code: str) -> CodeInfo:
    return catalog()[code]


def by_name(name_or_code: str) -> CodeInfo | None:
    key = name_or_code.strip()
    entries = catalog()
    if key.upper() in entries:
        return entries[key.upper()]
    for entry in entries.values():
        if entry.name == key.lower():
            return entry
    return None


def diagnostic(code: str, message: str, *, severity: str | None = None, **fields: t.Any) -> Diagnostic:
    """A diagnostic for an engine code, named and levelled from the catalog."""
    entry = info(code)
    return Diagnostic(code=code, name=entry.name, severity=t.cast("Severity", severity or entry.severity), message=message, **fields)
