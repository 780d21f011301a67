"""Time checks: a timestamp member measured against the moment of the check (`now`)."""

from __future__ import annotations

import re
import typing as t

from .. import decimals as dec
from ..diagnostics import join_pointer
from .base import COMMON_PLACEHOLDERS, FIELD, NO_FINDINGS, CheckSpec, Context, Finding, number, register

_UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
DURATION: dict[str, t.Any] = {"type": "string", "pattern": "^-?[0-9]{1,9}(ms|s|m|h|d)$",
                              "description": "a duration such as 500ms, 30s, 15m, 24h or 90d (negative: before now)"}


def duration_ms(text: str) -> int:
    """Milliseconds in a duration such as 500ms, 30s, 15m, 24h or 7d (a leading '-' for a negative one)."""
    match = re.fullmatch(r"(-?)([0-9]{1,9})(ms|s|m|h|d)", text)
    if not match:
        raise ValueError(f"duration {text!r} is not a number followed by ms, s, m, h or d")
    value = int(match.group(2)) * _UNITS_MS[match.group(3)]
    return -value if match.group(1) else value


@register("time_window", {"required": ["field"], "field": FIELD, "unit": {"enum": ["ms", "s"]},
                          "earliest_ms": {"type": "integer"}, "latest_ms": {"type": "integer"},
                          "earliest": DURATION, "latest": DURATION,
                          "plus_field": {"type": "string", "description": "a member whose value (ms) extends the earliest bound"}},
          {"function": "time_window", "field": "clientTimestamp", "earliest_ms": -5000, "latest_ms": 5000})
def time_window(opts: dict[str, t.Any]) -> CheckSpec:
    """The timestamp member (plus an optional allowance member) must lie within [now + earliest, now + latest];
    bounds as milliseconds (`earliest_ms`) or durations (`earliest: -730d`). `{relation}` is "too old" or
    "in the future"."""
    field, unit = opts["field"], opts.get("unit", "ms")
    scale = 1000 if unit == "s" else 1
    earliest = opts.get("earliest_ms", duration_ms(opts["earliest"]) if "earliest" in opts else None)
    latest = opts.get("latest_ms", duration_ms(opts["latest"]) if "latest" in opts else None)
    allowance = opts.get("plus_field")

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value = obj.get(field)  # query parameters travel as text: "1795253400000" is the same moment
        raw = dec.as_integer(number(obj, field, base) if isinstance(value, str) else value)
        if raw is None:
            return NO_FINDINGS
        moment = raw * scale
        extra = (dec.as_integer(obj.get(allowance)) if allowance else 0) or 0
        if earliest is not None and moment + extra < ctx.now_ms + earliest:
            relation, bound = "too old", ctx.now_ms + earliest
        elif latest is not None and moment > ctx.now_ms + latest:
            relation, bound = "in the future", ctx.now_ms + latest
        else:
            return NO_FINDINGS
        from ..clock import iso_from_ms
        return (Finding(join_pointer(base, field), {"field": field, "value": str(raw), "now": iso_from_ms(ctx.now_ms),
                                                    "now_ms": str(ctx.now_ms), "plus": str(extra), "relation": relation,
                                                    "bound": str(bound), "age": str(ctx.now_ms - moment)}),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "now", "now_ms", "plus", "relation", "bound", "age"}, gate=(field,))
