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


def user_cache_dir() -> Path:
    """orderlint's folder in the user's cache: $XDG_CACHE_HOME/orderlint (or ~/.cache/orderlint)."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "orderlint"
