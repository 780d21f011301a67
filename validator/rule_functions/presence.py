"""Checks on which members are present: required, exactly one of, at least one of, forbidden."""

from __future__ import annotations

import typing as t

from ..conditions import MISSING, equal
from ..diagnostics import join_pointer
from ..wording import show
from .base import COMMON_PLACEHOLDERS, FIELDS, NO_FINDINGS, CheckSpec, Context, Finding, is_set, register


@register("required", {"required": ["fields"], "fields": FIELDS},
          {"function": "required", "fields": ["price", "size"]})
def required(opts: dict[str, t.Any]) -> CheckSpec:
    """Each of `fields` must be present and not null; one finding per missing member, at that member's pointer."""
    fields = opts["fields"]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        return [Finding(join_pointer(base, field), {"field": field}) for field in fields if not is_set(obj, field)]

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field"})


def _listed(fields: t.Sequence[str]) -> str:
    return fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " or " + fields[-1]


@register("exactly_one_of", {"required": ["fields"], "fields": {**FIELDS, "minItems": 2}},
          {"function": "exactly_one_of", "fields": ["size", "funds"]})
def exactly_one_of(opts: dict[str, t.Any]) -> CheckSpec:
    """Exactly one of `fields` must be present. `{present}` names what was given ("neither" when none),
    `{count}` how many; the finding points at the last one given, or at the object when none is."""
    fields = opts["fields"]
    listed = _listed(fields)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        present = [f for f in fields if is_set(obj, f)]
        if len(present) == 1:
            return NO_FINDINGS
        pointer = join_pointer(base, present[-1]) if present else base
        return (Finding(pointer, {"fields": listed, "present": " and ".join(present) if present else "neither",
                                  "count": str(len(present))}),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"fields", "present", "count"})


@register("at_least_one_of", {"required": ["fields"], "fields": {**FIELDS, "minItems": 2},
                              "all_warns": {"type": "boolean", "description": "also report when every one of them is given"}},
          {"function": "at_least_one_of", "fields": ["orderId", "clientOid"]})
def at_least_one_of(opts: dict[str, t.Any]) -> CheckSpec:
    """At least one of `fields` must be present (pointer: the object). With `all_warns`, giving all of them is
    reported too (pointer: the last one); `{present}` says which were given, `{count}` how many."""
    fields = opts["fields"]
    listed = _listed(fields)
    all_warns = opts.get("all_warns", False)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        present = [f for f in fields if is_set(obj, f)]
        if present and not (all_warns and len(present) == len(fields)):
            return NO_FINDINGS
        pointer = join_pointer(base, present[-1]) if present else base
        return (Finding(pointer, {"fields": listed, "present": " and ".join(present) if present else "none",
                                  "count": str(len(present))}),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"fields", "present", "count"})


@register("forbidden", {"required": ["fields"], "fields": FIELDS,
                        "allow_default": {"type": "boolean", "description": "accept a member written at its documented default"}},
          {"function": "forbidden", "fields": ["funds"]})
def forbidden(opts: dict[str, t.Any]) -> CheckSpec:
    """None of `fields` may be present (with `allow_default`, a member at its schema default is accepted);
    one finding per member, at its pointer, quoting `{value}` and `{default}`."""
    fields = opts["fields"]
    allow_default = opts.get("allow_default", False)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        found = []
        for field in fields:
            if field not in obj:
                continue
            value = obj[field]
            default = ctx.defaults.get(field, MISSING)
            if allow_default and default is not MISSING and equal(value, default):
                continue
            shown_default = show(default) if default is not MISSING else "none"
            found.append(Finding(join_pointer(base, field), {"field": field, "value": show(value), "default": shown_default}))
        return found

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "default"})
