"""The vocabulary of rule checks. A rule names one of these with its options; nothing else runs.

Each builder takes the rule's options once (at compile time) and returns a `Check`: a function of one
order object that yields findings, each a pointer, the values its message quotes, and a fix where
one can be derived.
"""

from __future__ import annotations

import dataclasses
import typing as t
from decimal import Decimal

from . import decimals as dec
from .conditions import MISSING, effective, equal
from .diagnostics import Fix, join_pointer
from .markets import MarketInfo
from .text import show


@dataclasses.dataclass(slots=True)
class Context:
    defaults: dict[str, t.Any]
    market: MarketInfo | None
    now_ms: int
    symbol: t.Any = None


@dataclasses.dataclass(slots=True)
class Finding:
    pointer: str
    values: dict[str, str]
    fix: Fix | None = None


Check = t.Callable[[dict[str, t.Any], str, Context], t.Iterator[Finding]]


@dataclasses.dataclass
class CheckSpec:
    run: Check
    market_fields: frozenset[str]  # metadata the check cannot run without
    placeholders: frozenset[str]   # what its message may quote
    reads: frozenset[str] = frozenset()  # the members it looks at


_MISSING = MISSING


class _Bound:
    """A bound given as a literal decimal or as a field of the symbol's market metadata."""

    def __init__(self, spec: t.Any) -> None:
        self.market_field = spec["market"] if isinstance(spec, dict) else None
        self.literal = None if self.market_field else dec.to_decimal(str(spec))
        if self.market_field is None and self.literal is None:
            raise ValueError(f"bound {spec!r} is neither a decimal nor {{market: field}}")

    def value(self, ctx: Context) -> Decimal | None:
        if self.market_field is None:
            return self.literal
        return ctx.market.get(self.market_field) if ctx.market else None


def _optional_bound(spec: t.Any) -> _Bound | None:
    return None if spec is None else _Bound(spec)


def _markets(*bounds: _Bound | None) -> frozenset[str]:
    return frozenset(b.market_field for b in bounds if b is not None and b.market_field)


def _is_set(obj: dict[str, t.Any], field: str) -> bool:
    return field in obj and obj[field] is not None


BASE = frozenset({"symbol"})


def required(opts: dict[str, t.Any]) -> CheckSpec:
    fields = opts["fields"]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        for field in fields:
            if not _is_set(obj, field):
                yield Finding(join_pointer(base, field), {"field": field})

    return CheckSpec(run, frozenset(), BASE | {"field"})


def exactly_one_of(opts: dict[str, t.Any]) -> CheckSpec:
    fields = opts["fields"]
    listed = " or ".join(fields)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        present = [f for f in fields if _is_set(obj, f)]
        if len(present) == 1:
            return
        pointer = join_pointer(base, present[-1]) if present else base
        yield Finding(pointer, {"fields": listed, "present": " and ".join(present) if present else "neither",
                                "count": str(len(present))})

    return CheckSpec(run, frozenset(), BASE | {"fields", "present", "count"})


def forbidden(opts: dict[str, t.Any]) -> CheckSpec:
    fields = opts["fields"]
    allow_default = opts.get("allow_default", False)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        for field in fields:
            if field not in obj:
                continue
            value = obj[field]
            default = ctx.defaults.get(field, _MISSING)
            if allow_default and default is not _MISSING and equal(value, default):
                continue
            shown_default = show(default) if default is not _MISSING else "none"
            yield Finding(join_pointer(base, field), {"field": field, "value": show(value), "default": shown_default})

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "default"})


def value_in(opts: dict[str, t.Any]) -> CheckSpec:
    field, values = opts["field"], list(opts["values"])
    listed = ", ".join(show(v) for v in values)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        value = effective(obj, ctx.defaults, field)
        if any(equal(value, v) for v in values):
            return
        if field in obj:
            shown = show(value)
        else:
            shown = f"absent (default {show(value)})" if value is not MISSING else "absent"
        yield Finding(join_pointer(base, field), {"field": field, "value": shown, "values": listed},
                      Fix(join_pointer(base, field), values[0], "unsafe"))

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "values"})


def multiple_of(opts: dict[str, t.Any]) -> CheckSpec:
    field, step = opts["field"], _Bound(opts["step"])

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        value = dec.to_decimal(obj.get(field))
        increment = step.value(ctx)
        if value is None or increment is None or increment <= 0 or dec.is_multiple(value, increment):
            return
        lower, upper = dec.neighbours(value, increment)
        nearest = upper if (lower <= 0 or (upper - value) < (value - lower)) else lower
        pointer = join_pointer(base, field)
        yield Finding(pointer, {"field": field, "value": show(obj[field]).strip('"'), "step": dec.fmt(increment),
                                "lower": dec.fmt(lower), "upper": dec.fmt(upper), "nearest": dec.fmt(nearest),
                                "symbol": str(ctx.symbol)},
                      Fix(pointer, dec.fmt(nearest), "unsafe"))

    return CheckSpec(run, _markets(step), BASE | {"field", "value", "step", "lower", "upper", "nearest"})


def range_(opts: dict[str, t.Any]) -> CheckSpec:
    field = opts["field"]
    low, high = _optional_bound(opts.get("min")), _optional_bound(opts.get("max"))
    use_default = opts.get("use_default", False)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        raw = effective(obj, ctx.defaults, field) if use_default else obj.get(field)
        value = dec.to_decimal(raw)
        if value is None:
            return
        pointer = join_pointer(base, field)
        shown = show(raw).strip('"') + ("" if field in obj else " (default)")
        minimum = low.value(ctx) if low else None
        maximum = high.value(ctx) if high else None
        values = {"field": field, "value": shown, "symbol": str(ctx.symbol),
                  "min": dec.fmt(minimum) if minimum is not None else "none",
                  "max": dec.fmt(maximum) if maximum is not None else "none"}
        if minimum is not None and value < minimum:
            yield Finding(pointer, {**values, "relation": "below the minimum", "bound": dec.fmt(minimum)},
                          Fix(pointer, dec.fmt(minimum), "unsafe"))
        elif maximum is not None and value > maximum:
            yield Finding(pointer, {**values, "relation": "above the maximum", "bound": dec.fmt(maximum)},
                          Fix(pointer, dec.fmt(maximum), "unsafe"))

    return CheckSpec(run, _markets(low, high), BASE | {"field", "value", "min", "max", "relation", "bound"})


def notional(opts: dict[str, t.Any]) -> CheckSpec:
    price_field, size_field = opts["fields"]
    low, high = _optional_bound(opts.get("min")), _optional_bound(opts.get("max"))
    step = _optional_bound(opts.get("fix_step"))

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        price, size = dec.to_decimal(obj.get(price_field)), dec.to_decimal(obj.get(size_field))
        if price is None or size is None or price <= 0:
            return
        value = dec.multiply(price, size)
        pointer = join_pointer(base, size_field)
        values = {"notional": dec.fmt(value), "price": dec.fmt(price), "size": dec.fmt(size), "symbol": str(ctx.symbol)}
        minimum = low.value(ctx) if low else None
        maximum = high.value(ctx) if high else None
        increment = step.value(ctx) if step else None
        if minimum is not None and value < minimum:
            needed = dec.divide(minimum, price)
            needed = dec.ceil_to(needed, increment) if increment else needed
            yield Finding(pointer, {**values, "relation": "below the minimum", "bound": dec.fmt(minimum), "needed": dec.fmt(needed)},
                          Fix(pointer, dec.fmt(needed), "unsafe"))
        elif maximum is not None and value > maximum:
            allowed = dec.divide(maximum, price)
            allowed = dec.floor_to(allowed, increment) if increment else allowed
            yield Finding(pointer, {**values, "relation": "above the maximum", "bound": dec.fmt(maximum), "needed": dec.fmt(allowed)},
                          Fix(pointer, dec.fmt(allowed), "unsafe"))

    return CheckSpec(run, _markets(low, high), BASE | {"notional", "price", "size", "relation", "bound", "needed"})


_OPS: dict[str, t.Callable[[Decimal, Decimal], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def compare(opts: dict[str, t.Any]) -> CheckSpec:
    field, other, op = opts["field"], opts["other"], opts["op"]
    factor = dec.to_decimal(str(opts.get("factor", "1")))
    test = _OPS[op]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        value, reference = dec.to_decimal(obj.get(field)), dec.to_decimal(obj.get(other))
        if value is None or reference is None:
            return
        bound = dec.multiply(reference, factor)
        if test(value, bound):
            return
        pointer = join_pointer(base, field)
        yield Finding(pointer, {"field": field, "value": dec.fmt(value), "other": other, "other_value": dec.fmt(reference),
                                "op": op, "bound": dec.fmt(bound), "factor": dec.fmt(factor)},
                      Fix(pointer, dec.fmt(bound), "unsafe"))

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "other", "other_value", "op", "bound", "factor"})


def item_count(opts: dict[str, t.Any]) -> CheckSpec:
    field, low, high = opts["field"], opts.get("min"), opts.get("max")

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        items = obj.get(field)
        if not isinstance(items, list):
            return
        count = len(items)
        values = {"field": field, "count": str(count), "min": str(low), "max": str(high)}
        if low is not None and count < low:
            yield Finding(join_pointer(base, field), {**values, "relation": "fewer than", "bound": str(low)})
        elif high is not None and count > high:
            yield Finding(join_pointer(base, field, high), {**values, "relation": "more than", "bound": str(high)})

    return CheckSpec(run, frozenset(), BASE | {"field", "count", "min", "max", "relation", "bound"})


def same_value(opts: dict[str, t.Any]) -> CheckSpec:
    items_field, field = opts["items"], opts["field"]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        items = obj.get(items_field)
        if not isinstance(items, list):
            return
        first: t.Any = _MISSING
        for index, item in enumerate(items):
            if not isinstance(item, dict) or field not in item:
                continue
            if first is _MISSING:
                first = item[field]
            elif not equal(item[field], first):
                yield Finding(join_pointer(base, items_field, index, field),
                              {"field": field, "value": show(item[field]), "first": show(first), "index": str(index)})

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "first", "index"})


def unique(opts: dict[str, t.Any]) -> CheckSpec:
    items_field, field = opts["items"], opts["field"]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        items = obj.get(items_field)
        if not isinstance(items, list):
            return
        seen: dict[t.Any, int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict) or item.get(field) is None:
                continue
            key = item[field]
            try:
                hash(key)
            except TypeError:
                continue
            if key in seen:
                yield Finding(join_pointer(base, items_field, index, field),
                              {"field": field, "value": show(key), "index": str(index), "first_index": str(seen[key])})
            else:
                seen[key] = index

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "index", "first_index"})


def time_window(opts: dict[str, t.Any]) -> CheckSpec:
    """The member (plus an optional allowance member) must lie within [now + earliest, now + latest]."""
    field, unit = opts["field"], opts.get("unit", "ms")
    scale = 1000 if unit == "s" else 1
    earliest, latest = opts.get("earliest_ms"), opts.get("latest_ms")
    allowance = opts.get("plus_field")

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        raw = obj.get(field)
        if isinstance(raw, bool) or not isinstance(raw, int):
            return
        moment = raw * scale
        extra = obj.get(allowance) if allowance else 0
        if isinstance(extra, bool) or not isinstance(extra, int):
            extra = 0
        pointer = join_pointer(base, field)
        values = {"field": field, "value": str(raw), "now": str(ctx.now_ms), "plus": str(extra)}
        if earliest is not None and moment + extra < ctx.now_ms + earliest:
            age = ctx.now_ms - moment
            yield Finding(pointer, {**values, "relation": "too old", "bound": str(ctx.now_ms + earliest), "age": str(age)})
        elif latest is not None and moment > ctx.now_ms + latest:
            yield Finding(pointer, {**values, "relation": "in the future", "bound": str(ctx.now_ms + latest), "age": str(ctx.now_ms - moment)})

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "now", "plus", "relation", "bound", "age"})


def market_flag(opts: dict[str, t.Any]) -> CheckSpec:
    flag, expected = opts["flag"], opts.get("expect", True)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Iterator[Finding]:
        actual = ctx.market.get(flag) if ctx.market else None
        if actual is None or actual == expected:
            return
        yield Finding(join_pointer(base, "symbol"), {"flag": flag, "actual": show(actual)})

    return CheckSpec(run, frozenset({flag}), BASE | {"flag", "actual"})


BUILDERS: dict[str, t.Callable[[dict[str, t.Any]], CheckSpec]] = {
    "required": required,
    "exactly_one_of": exactly_one_of,
    "forbidden": forbidden,
    "value_in": value_in,
    "multiple_of": multiple_of,
    "range": range_,
    "notional": notional,
    "compare": compare,
    "item_count": item_count,
    "same_value": same_value,
    "unique": unique,
    "time_window": time_window,
    "market_flag": market_flag,
}


def build(opts: dict[str, t.Any]) -> CheckSpec:
    """The check a rule's `check:` block names, with the market metadata it depends on."""
    spec = BUILDERS[opts["function"]](opts)
    reads = [opts["field"]] if "field" in opts else list(opts.get("fields", ()))
    spec.reads = frozenset(reads)
    return spec
