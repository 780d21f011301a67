"""Checks on a member's value: one of a list of values."""

from __future__ import annotations

import typing as t

from ..conditions import MISSING, effective, equal
from ..diagnostics import Fix, join_pointer
from ..wording import show
from .base import COMMON_PLACEHOLDERS, FIELD, NO_FINDINGS, CheckSpec, Context, Finding, register


@register("value_in", {"required": ["field", "values"], "field": FIELD, "values": {"type": "array", "minItems": 1},
                       "fix": {"description": "the value a fix sets (default: the first of `values`; null: no fix)"},
                       "at": {"type": "string", "description": "the member the finding points at, when another member triggers the rule"}},
          {"function": "value_in", "field": "timeInForce", "values": ["GTT"]})
def value_in(opts: dict[str, t.Any]) -> CheckSpec:
    """The member (or its documented default when absent) must equal one of `values`; the fix sets the first.
    With `at`, the finding points at that member (the one whose presence triggered the rule)."""
    field, values = opts["field"], list(opts["values"])
    listed = ", ".join(show(v) for v in values)
    fix_value = opts.get("fix", values[0])
    at = opts.get("at")

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value = effective(obj, ctx.defaults, field)
        if any(equal(value, v) for v in values):
            return NO_FINDINGS
        if field in obj:
            shown = show(value)
        else:
            shown = f"absent (default {show(value)})" if value is not MISSING else "absent"
        pointer = join_pointer(base, field)
        return (Finding(join_pointer(base, at) if at and at in obj else pointer, {"field": field, "value": shown, "values": listed},
                        Fix(pointer, fix_value, "unsafe") if fix_value is not None else None),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "values"})
