"""Where the shipped venue data (schemas, rules, markets) lives: in the wheel, or in the source tree."""

from __future__ import annotations

import functools
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def data_root() -> Path:
    """The folder holding `schemas/`, `rules/` and `markets/`."""
    bundled = _PACKAGE / "_data"
    if (bundled / "schemas").is_dir():
        return bundled
    return _PACKAGE.parent  # an editable install or a source checkout


def meta_schema(name: str) -> Path:
    """A JSON Schema describing one of orderlint's own file formats."""
    return _PACKAGE / "meta" / name
