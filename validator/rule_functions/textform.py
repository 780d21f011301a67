"""Checks on the form of a text member beyond what its schema enforces: a form the venue documents
inconsistently, reported (usually as a warning) when the value takes it."""

from __future__ import annotations

import re
import typing as t

from ..diagnostics import join_pointer
from ..wording import show
from .base import COMMON_PLACEHOLDERS, FIELD, NO_FINDINGS, CheckSpec, Context, Finding, register


@register("text_form", {"required": ["field", "pattern"], "field": FIELD,
                        "pattern": {"type": "string", "minLength": 1, "description": "a regular expression matched against the whole text"},
                        "report": {"enum": ["match", "mismatch"], "description": "report when the text matches (default) or when it does not"}},
          {"function": "text_form", "field": "clientOrderId", "pattern": "[0-9]{18,}"})
def text_form(opts: dict[str, t.Any]) -> CheckSpec:
    """A text member is reported when its whole text matches `pattern` (with `report: mismatch`, when it does
    not). Absent members and values that are not text are left to the schema. `{value}` is the text,
    `{length}` its length in characters."""
    field = opts["field"]
    pattern = re.compile(opts["pattern"])
    on_match = opts.get("report", "match") == "match"

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value = obj.get(field) if isinstance(obj, dict) else None
        if not isinstance(value, str) or (pattern.fullmatch(value) is not None) is not on_match:
            return NO_FINDINGS
        return (Finding(join_pointer(base, field), {"field": field, "value": show(value), "length": str(len(value))}),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "length"}, gate=(field,))
