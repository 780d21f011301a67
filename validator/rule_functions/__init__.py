"""The vocabulary of rule checks. A rule names one of these with its options; nothing else runs.

Each module of this package registers its functions (see `base.register`); every module here is loaded,
so a new family of checks is a new module. `build` turns a rule's `check:` block into a `CheckSpec`.
"""

from __future__ import annotations

import importlib
import pkgutil
import typing as t

from .base import (NO_FINDINGS, REGISTRY, Check, CheckSpec, Context, Finding, Function, Memory, Remember, Uncheckable,
                   options_schema, register)

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module != "base" and not _module.startswith("_"):
        importlib.import_module(f"{__name__}.{_module}")

BUILDERS: dict[str, t.Callable[[dict[str, t.Any]], CheckSpec]] = {name: f.build for name, f in REGISTRY.items()}


def build(opts: dict[str, t.Any]) -> CheckSpec:
    """The check a rule's `check:` block names (options already validated against its schema)."""
    spec = BUILDERS[opts["function"]](opts)
    reads = [opts["field"]] if isinstance(opts.get("field"), str) else list(opts.get("fields", ()))
    if isinstance(opts.get("items"), str) and opts["items"]:
        reads.append(opts["items"])
    spec.reads = frozenset(spec.reads | set(reads))
    return spec


__all__ = ["NO_FINDINGS", "REGISTRY", "BUILDERS", "Check", "CheckSpec", "Context", "Finding", "Function", "Memory", "Remember",
           "Uncheckable", "build", "options_schema", "register"]
