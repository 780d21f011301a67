"""Checks that a group of list members is not all empty: lists of ids to act on, or filters of a mass cancel."""

from __future__ import annotations

import typing as t

from ..diagnostics import join_pointer
from .base import COMMON_PLACEHOLDERS, FIELDS, NO_FINDINGS, CheckSpec, Context, Finding, register


def _empty(value: t.Any) -> bool:
    """Absent, null, an empty list or an empty text: nothing to act on."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, str)):
        return len(value) == 0
    return False


@register("some_nonempty", {"required": ["fields"], "fields": {**FIELDS, "minItems": 1}},
          {"function": "some_nonempty", "fields": ["orderIds", "clientOrderIds"]})
def some_nonempty(opts: dict[str, t.Any]) -> CheckSpec:
    """At least one of `fields` must hold something: a member that is absent, null, an empty list or an empty
    text counts as nothing (a list given as `[]` does not select anything). The finding points at the last of
    them that is present (empty), or at the object when none is; `{fields}` names them, `{present}` says
    which were given empty ("none" when none was given)."""
    fields = list(opts["fields"])
    listed = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " or " + fields[-1]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        if not isinstance(obj, dict) or any(not _empty(obj.get(f)) for f in fields):
            return NO_FINDINGS
        given = [f for f in fields if f in obj]
        pointer = join_pointer(base, given[-1]) if given else base
        present = " and ".join(f"{f} (empty)" for f in given) if given else "none"
        return (Finding(pointer, {"fields": listed, "present": present}),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"fields", "present"})
