"""Decimal checks: multiples of an increment, bounds, order value (price x quantity), field-to-field comparisons.

Every member is read with `number` (exact decimals; an unreadable value is an error, never a skip).
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

from .. import decimals as dec
from ..conditions import MISSING, effective
from ..diagnostics import Fix, join_pointer
from ..wording import show
from .base import (COMMON_PLACEHOLDERS, BOUND_SCHEMA, FIELD, NO_FINDINGS, Bound, CheckSpec, Context, Finding, Uncheckable, market_needs,
                   number, optional_bound, register)

ROUNDING_SCHEMA: dict[str, t.Any] = {"oneOf": [
    {"enum": ["toward_zero", "nearest", "up", "none"]},
    {"type": "object", "required": ["field", "down", "up"], "additionalProperties": False,
     "properties": {"field": FIELD, "down": {"type": "array"}, "up": {"type": "array"}},
     "description": "round down when `field` is one of `down` (a buy price), up when one of `up` (a sell price)"},
]}


def _shown(obj: dict[str, t.Any], field: str) -> str:
    return show(obj[field]).strip('"')


def _direction(rounding: t.Any, obj: dict[str, t.Any]) -> str:
    if isinstance(rounding, dict):
        side = obj.get(rounding["field"])
        if side in rounding["down"]:
            return "toward_zero"
        if side in rounding["up"]:
            return "up"
        return "none"  # no side (the schema says so): no direction is safe
    return str(rounding)


@register("multiple_of", {"required": ["field", "step"], "field": FIELD, "step": BOUND_SCHEMA,
                          "rounding": {**ROUNDING_SCHEMA, "description": "how the fix rounds (default toward_zero)"}},
          {"function": "multiple_of", "field": "price", "step": {"market": "price_increment"},
           "rounding": {"field": "side", "down": ["buy"], "up": ["sell"]}})
def multiple_of(opts: dict[str, t.Any]) -> CheckSpec:
    """The member must be an exact multiple of `step` (a literal or a market field). Placeholders: `{lower}`,
    `{upper}` (the multiples around the value), `{valid}` ("lower or upper", or only upper when lower is 0).
    The fix rounds as `rounding` says: quantities toward zero, a buy price down and a sell price up; a fix
    that would be 0 or less is not offered. Those fixes are safe (`--fix` applies them); `nearest` and `up`
    fixes are unsafe (`--unsafe-fixes`)."""
    field, step = opts["field"], Bound(opts["step"])
    if step.market_field == "price_increment" and "rounding" not in opts:
        # toward zero lowers a sell price: a fix more aggressive than what was written. A price rule says how it rounds.
        raise ValueError("a multiple_of on the price tick must say how its fix rounds: "
                         "rounding: {field: side, down: [<buy values>], up: [<sell values>]}, nearest, or none")
    rounding = opts.get("rounding", "toward_zero")
    # never more aggressive than what was written (a smaller quantity; a buy price down, a sell price up): safe
    # for --fix. "nearest" and an unconditional "up" may move the value the other way: unsafe.
    applicability = "safe" if isinstance(rounding, dict) or rounding == "toward_zero" else "unsafe"

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value = number(obj, field, base)
        increment = step.value(ctx)
        if value is None or increment is None or increment <= 0 or dec.is_multiple(value, increment):
            return NO_FINDINGS
        lower, upper = dec.neighbours(value, increment)
        direction = _direction(rounding, obj)
        if direction == "nearest":
            target: Decimal | None = upper if (lower <= 0 or (upper - value) < (value - lower)) else lower
        elif direction == "up":
            target = upper
        elif direction == "toward_zero":
            target = lower if value > 0 else upper
        else:
            target = None
        if target is not None and target <= 0:
            target = None
        pointer = join_pointer(base, field)
        valid = dec.fmt(upper) if lower <= 0 else f"{dec.fmt(lower)} or {dec.fmt(upper)}"
        return (Finding(pointer, {"field": field, "value": _shown(obj, field), "step": dec.fmt(increment),
                                  "lower": dec.fmt(lower), "upper": dec.fmt(upper), "valid": valid,
                                  "nearest": dec.fmt(target) if target is not None else valid, "symbol": str(ctx.symbol)},
                        Fix(pointer, dec.fmt(target), applicability) if target is not None else None),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "step", "lower", "upper", "nearest", "valid"},
                     gate=(field,), **market_needs(step))


@register("range", {"required": ["field"], "anyOf": [{"required": ["min"]}, {"required": ["max"]}], "field": FIELD,
                    "min": BOUND_SCHEMA, "max": BOUND_SCHEMA,
                    "exclusive": {"type": "boolean", "description": "the bounds themselves are out of range"},
                    "use_default": {"type": "boolean", "description": "check the documented default when the member is absent"}},
          {"function": "range", "field": "size", "min": {"market": "base_min"}, "max": {"market": "base_max"}})
def range_(opts: dict[str, t.Any]) -> CheckSpec:
    """The member must lie within [min, max] (either may be omitted; `exclusive` makes the bounds themselves
    invalid). `{relation}` says "below the minimum" or "above the maximum", `{bound}` which. The fix sets the
    bound (inclusive ranges only)."""
    field = opts["field"]
    low, high = optional_bound(opts.get("min")), optional_bound(opts.get("max"))
    exclusive = opts.get("exclusive", False)
    use_default = opts.get("use_default", False)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        raw = effective(obj, ctx.defaults, field) if use_default else obj.get(field)
        if raw is MISSING:
            raw = None
        try:
            value = dec.to_decimal(raw)
        except dec.NotExact as exc:
            raise Uncheckable(join_pointer(base, field), field, raw, exc.reason, exc.code) from None
        if value is None:
            return NO_FINDINGS
        minimum = low.value(ctx) if low else None
        maximum = high.value(ctx) if high else None
        if minimum is not None and (value < minimum or (exclusive and value == minimum)):
            relation, bound = ("not above the minimum" if exclusive else "below the minimum"), minimum
        elif maximum is not None and (value > maximum or (exclusive and value == maximum)):
            relation, bound = ("not below the maximum" if exclusive else "above the maximum"), maximum
        else:
            return NO_FINDINGS
        pointer = join_pointer(base, field)
        shown = show(raw).strip('"') + ("" if field in obj else " (default)")
        return (Finding(pointer, {"field": field, "value": shown, "symbol": str(ctx.symbol),
                                  "min": dec.fmt(minimum) if minimum is not None else "none",
                                  "max": dec.fmt(maximum) if maximum is not None else "none",
                                  "relation": relation, "bound": dec.fmt(bound)},
                        None if exclusive else Fix(pointer, dec.fmt(bound), "unsafe")),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "min", "max", "relation", "bound"},
                     gate=() if use_default else (field,), **market_needs(low, high))


@register("notional", {"required": ["fields"], "anyOf": [{"required": ["min"]}, {"required": ["max"]}],
                       "fields": {"type": "array", "items": FIELD, "minItems": 2, "maxItems": 2},
                       "min": BOUND_SCHEMA, "max": BOUND_SCHEMA, "fix_step": BOUND_SCHEMA,
                       "exclusive": {"type": "boolean", "description": "a value equal to a bound is out of range too"},
                       "at_bound_only": {"type": "boolean", "description": "report only a value exactly equal to a bound"}},
          {"function": "notional", "fields": ["price", "size"], "min": {"market": "min_notional"}, "fix_step": {"market": "base_increment"}})
def notional(opts: dict[str, t.Any]) -> CheckSpec:
    """price x quantity (`fields`, in that order) must lie within [min, max]. `exclusive` refuses the bounds
    themselves; `at_bound_only` reports only a value exactly at a bound (for venues whose sources disagree on
    equality). `{needed}` is the quantity that meets the bound, rounded to `fix_step` (up for a minimum)."""
    price_field, size_field = opts["fields"]
    low, high = optional_bound(opts.get("min")), optional_bound(opts.get("max"))
    step = optional_bound(opts.get("fix_step"))
    exclusive, at_bound_only = opts.get("exclusive", False), opts.get("at_bound_only", False)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        price, size = number(obj, price_field, base), number(obj, size_field, base)
        if price is None or size is None or price <= 0:
            return NO_FINDINGS
        minimum = low.value(ctx) if low else None
        maximum = high.value(ctx) if high else None
        if minimum is None and maximum is None:  # e.g. a symbol without a maximum order value: nothing to multiply for
            return NO_FINDINGS
        value = dec.multiply(price, size)
        if at_bound_only:
            if minimum is not None and value == minimum:
                relation, bound, rounding = "equal to the minimum", minimum, dec.ceil_to
            elif maximum is not None and value == maximum:
                relation, bound, rounding = "equal to the maximum", maximum, dec.floor_to
            else:
                return NO_FINDINGS
        elif minimum is not None and (value < minimum or (exclusive and value == minimum)):
            relation, bound, rounding = "below the minimum", minimum, dec.ceil_to
        elif maximum is not None and (value > maximum or (exclusive and value == maximum)):
            relation, bound, rounding = "above the maximum", maximum, dec.floor_to
        else:
            return NO_FINDINGS
        increment = step.value(ctx) if step else None
        needed = dec.divide(bound, price)
        needed = rounding(needed, increment) if increment else needed
        if (exclusive or at_bound_only) and increment and dec.multiply(needed, price) == bound:
            needed = needed + increment if rounding is dec.ceil_to else needed - increment
        pointer = join_pointer(base, size_field)
        fix = Fix(pointer, dec.fmt(needed), "unsafe") if needed > 0 and increment else None
        return (Finding(pointer, {"notional": dec.fmt(value), "price": dec.fmt(price), "size": dec.fmt(size), "symbol": str(ctx.symbol),
                                  "relation": relation, "bound": dec.fmt(bound), "needed": dec.fmt(needed)}, fix),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"notional", "price", "size", "relation", "bound", "needed"},
                     gate=(price_field, size_field), **market_needs(low, high))


_OPS: dict[str, t.Callable[[Decimal, Decimal], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "!=": lambda a, b: a != b,
}


@register("compare", {"required": ["field", "op", "other"], "field": FIELD, "op": {"enum": list(_OPS)}, "other": FIELD,
                      "factor": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$", "description": "other is multiplied by this first"}},
          {"function": "compare", "field": "price", "op": "<=", "other": "stop_price", "factor": "1.1"})
def compare(opts: dict[str, t.Any]) -> CheckSpec:
    """`field op other x factor` must hold (both members decimal; skipped when either is absent).
    `{bound}` is other x factor. Integers (timestamps) compare exactly as well."""
    field, other, op = opts["field"], opts["other"], opts["op"]
    factor = dec.to_decimal(str(opts.get("factor", "1"))) or Decimal(1)
    test = _OPS[op]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value, reference = number(obj, field, base), number(obj, other, base)
        if value is None or reference is None:
            return NO_FINDINGS
        bound = dec.multiply(reference, factor)
        if test(value, bound):
            return NO_FINDINGS
        pointer = join_pointer(base, field)
        return (Finding(pointer, {"field": field, "value": dec.fmt(value), "other": other, "other_value": dec.fmt(reference),
                                  "op": op, "bound": dec.fmt(bound), "factor": dec.fmt(factor)},
                        Fix(pointer, dec.fmt(bound), "unsafe") if op in ("<=", ">=") and bound > 0 else None),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "other", "other_value", "op", "bound", "factor"}, gate=(field, other))
