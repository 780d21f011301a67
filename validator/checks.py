"""The vocabulary of rule checks. A rule names one of these with its options; nothing else runs.

Each builder takes the rule's options once (at compile time) and returns a `Check`: a function of one
order object that returns its findings (usually none), each a pointer, the values its message
quotes, and a fix where one can be derived.
"""

from __future__ import annotations

import dataclasses
import re
import typing as t
from decimal import Decimal

from . import decimals as dec
from .clock import iso_from_ms
from .conditions import MISSING, effective, equal
from .diagnostics import Fix, join_pointer
from .markets import MarketInfo
from .text import show


class Memory(t.Protocol):
    """What a session remembers across orders (see validator.session)."""

    def seen(self, venue: str, namespace: str, value: t.Any, now_ms: int, window_ms: int | None) -> tuple[int, str] | None: ...


@dataclasses.dataclass(slots=True)
class Context:
    defaults: dict[str, t.Any]
    market: MarketInfo | None
    now_ms: int
    symbol: t.Any = None
    venue: str = ""
    memory: Memory | None = None


@dataclasses.dataclass(slots=True)
class Finding:
    pointer: str
    values: dict[str, str]
    fix: Fix | None = None


Check = t.Callable[[dict[str, t.Any], str, Context], t.Sequence[Finding]]
NONE: tuple[Finding, ...] = ()


@dataclasses.dataclass(frozen=True)
class Remember:
    """A value a session keeps once an order is accepted: `field` of each order, under `namespace`."""

    namespace: str
    field: str
    window_ms: int | None  # None: never reuse

    def value_of(self, obj: dict[str, t.Any]) -> str | None:
        """The value an order holds for this field, if it is one to remember (a non-empty string)."""
        value = obj.get(self.field)
        return value if isinstance(value, str) and value else None


@dataclasses.dataclass
class CheckSpec:
    run: Check
    market_fields: frozenset[str]  # metadata the check cannot run without
    placeholders: frozenset[str]   # what its message may quote
    reads: frozenset[str] = frozenset()  # the members it looks at
    remember: Remember | None = None  # set for checks that span the orders of a session
    gate: tuple[str, ...] = ()  # one or two members without which the check cannot find anything (a shortcut)


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

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        return [Finding(join_pointer(base, field), {"field": field}) for field in fields if not _is_set(obj, field)]

    return CheckSpec(run, frozenset(), BASE | {"field"})


def exactly_one_of(opts: dict[str, t.Any]) -> CheckSpec:
    fields = opts["fields"]
    listed = " or ".join(fields)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        present = [f for f in fields if _is_set(obj, f)]
        if len(present) == 1:
            return NONE
        pointer = join_pointer(base, present[-1]) if present else base
        return (Finding(pointer, {"fields": listed, "present": " and ".join(present) if present else "neither",
                                "count": str(len(present))}),)

    return CheckSpec(run, frozenset(), BASE | {"fields", "present", "count"})


def forbidden(opts: dict[str, t.Any]) -> CheckSpec:
    fields = opts["fields"]
    allow_default = opts.get("allow_default", False)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        found = []
        for field in fields:
            if field not in obj:
                continue
            value = obj[field]
            default = ctx.defaults.get(field, _MISSING)
            if allow_default and default is not _MISSING and equal(value, default):
                continue
            shown_default = show(default) if default is not _MISSING else "none"
            found.append(Finding(join_pointer(base, field), {"field": field, "value": show(value), "default": shown_default}))
        return found

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "default"})


def value_in(opts: dict[str, t.Any]) -> CheckSpec:
    field, values = opts["field"], list(opts["values"])
    listed = ", ".join(show(v) for v in values)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value = effective(obj, ctx.defaults, field)
        if any(equal(value, v) for v in values):
            return NONE
        if field in obj:
            shown = show(value)
        else:
            shown = f"absent (default {show(value)})" if value is not MISSING else "absent"
        return (Finding(join_pointer(base, field), {"field": field, "value": shown, "values": listed},
                      Fix(join_pointer(base, field), values[0], "unsafe")),)

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "values"})


def multiple_of(opts: dict[str, t.Any]) -> CheckSpec:
    field, step = opts["field"], _Bound(opts["step"])

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value = dec.to_decimal(obj.get(field))
        increment = step.value(ctx)
        if value is None or increment is None or increment <= 0 or dec.is_multiple(value, increment):
            return NONE
        lower, upper = dec.neighbours(value, increment)
        nearest = upper if (lower <= 0 or (upper - value) < (value - lower)) else lower
        pointer = join_pointer(base, field)
        return (Finding(pointer, {"field": field, "value": show(obj[field]).strip('"'), "step": dec.fmt(increment),
                                "lower": dec.fmt(lower), "upper": dec.fmt(upper), "nearest": dec.fmt(nearest),
                                "symbol": str(ctx.symbol)},
                      Fix(pointer, dec.fmt(nearest), "unsafe")),)

    return CheckSpec(run, _markets(step), BASE | {"field", "value", "step", "lower", "upper", "nearest"}, gate=(field,))


def range_(opts: dict[str, t.Any]) -> CheckSpec:
    field = opts["field"]
    low, high = _optional_bound(opts.get("min")), _optional_bound(opts.get("max"))
    use_default = opts.get("use_default", False)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        raw = effective(obj, ctx.defaults, field) if use_default else obj.get(field)
        value = dec.to_decimal(raw)
        if value is None:
            return NONE
        minimum = low.value(ctx) if low else None
        maximum = high.value(ctx) if high else None
        if minimum is not None and value < minimum:
            relation, bound = "below the minimum", minimum
        elif maximum is not None and value > maximum:
            relation, bound = "above the maximum", maximum
        else:
            return NONE
        pointer = join_pointer(base, field)
        shown = show(raw).strip('"') + ("" if field in obj else " (default)")
        return (Finding(pointer, {"field": field, "value": shown, "symbol": str(ctx.symbol),
                                "min": dec.fmt(minimum) if minimum is not None else "none",
                                "max": dec.fmt(maximum) if maximum is not None else "none",
                                "relation": relation, "bound": dec.fmt(bound)},
                      Fix(pointer, dec.fmt(bound), "unsafe")),)

    return CheckSpec(run, _markets(low, high), BASE | {"field", "value", "min", "max", "relation", "bound"},
                     gate=() if use_default else (field,))


def notional(opts: dict[str, t.Any]) -> CheckSpec:
    price_field, size_field = opts["fields"]
    low, high = _optional_bound(opts.get("min")), _optional_bound(opts.get("max"))
    step = _optional_bound(opts.get("fix_step"))

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        price, size = dec.to_decimal(obj.get(price_field)), dec.to_decimal(obj.get(size_field))
        if price is None or size is None or price <= 0:
            return NONE
        value = dec.multiply(price, size)
        minimum = low.value(ctx) if low else None
        maximum = high.value(ctx) if high else None
        if minimum is not None and value < minimum:
            relation, bound, rounding = "below the minimum", minimum, dec.ceil_to
        elif maximum is not None and value > maximum:
            relation, bound, rounding = "above the maximum", maximum, dec.floor_to
        else:
            return NONE
        increment = step.value(ctx) if step else None
        needed = dec.divide(bound, price)
        needed = rounding(needed, increment) if increment else needed
        pointer = join_pointer(base, size_field)
        return (Finding(pointer, {"notional": dec.fmt(value), "price": dec.fmt(price), "size": dec.fmt(size), "symbol": str(ctx.symbol),
                                "relation": relation, "bound": dec.fmt(bound), "needed": dec.fmt(needed)},
                      Fix(pointer, dec.fmt(needed), "unsafe")),)

    return CheckSpec(run, _markets(low, high), BASE | {"notional", "price", "size", "relation", "bound", "needed"},
                     gate=(price_field, size_field))


_OPS: dict[str, t.Callable[[Decimal, Decimal], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def compare(opts: dict[str, t.Any]) -> CheckSpec:
    field, other, op = opts["field"], opts["other"], opts["op"]
    factor = dec.to_decimal(str(opts.get("factor", "1")))
    test = _OPS[op]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value, reference = dec.to_decimal(obj.get(field)), dec.to_decimal(obj.get(other))
        if value is None or reference is None:
            return NONE
        bound = dec.multiply(reference, factor)
        if test(value, bound):
            return NONE
        pointer = join_pointer(base, field)
        return (Finding(pointer, {"field": field, "value": dec.fmt(value), "other": other, "other_value": dec.fmt(reference),
                                "op": op, "bound": dec.fmt(bound), "factor": dec.fmt(factor)},
                      Fix(pointer, dec.fmt(bound), "unsafe")),)

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "other", "other_value", "op", "bound", "factor"}, gate=(field, other))


def item_count(opts: dict[str, t.Any]) -> CheckSpec:
    field, low, high = opts["field"], opts.get("min"), opts.get("max")

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        items = obj.get(field)
        if not isinstance(items, (list, tuple)):
            return NONE
        count = len(items)
        values = {"field": field, "count": str(count), "min": str(low), "max": str(high)}
        if low is not None and count < low:
            return (Finding(join_pointer(base, field), {**values, "relation": "fewer than", "bound": str(low)}),)
        elif high is not None and count > high:
            return (Finding(join_pointer(base, field, high), {**values, "relation": "more than", "bound": str(high)}),)
        return NONE

    return CheckSpec(run, frozenset(), BASE | {"field", "count", "min", "max", "relation", "bound"}, gate=(field,))


def same_value(opts: dict[str, t.Any]) -> CheckSpec:
    items_field, field = opts["items"], opts["field"]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        items = obj.get(items_field)
        if not isinstance(items, (list, tuple)):
            return NONE
        found = []
        first: t.Any = _MISSING
        for index, item in enumerate(items):
            if not isinstance(item, dict) or field not in item:
                continue
            if first is _MISSING:
                first = item[field]
            elif not equal(item[field], first):
                found.append(Finding(join_pointer(base, items_field, index, field),
                                     {"field": field, "value": show(item[field]), "first": show(first), "index": str(index)}))
        return found

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "first", "index"}, gate=(items_field,))


def unique(opts: dict[str, t.Any]) -> CheckSpec:
    items_field, field = opts["items"], opts["field"]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        items = obj.get(items_field)
        if not isinstance(items, (list, tuple)):
            return NONE
        found = []
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
                found.append(Finding(join_pointer(base, items_field, index, field),
                                     {"field": field, "value": show(key), "index": str(index), "first_index": str(seen[key])}))
            else:
                seen[key] = index
        return found

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "index", "first_index"}, gate=(items_field,))


def time_window(opts: dict[str, t.Any]) -> CheckSpec:
    """The member (plus an optional allowance member) must lie within [now + earliest, now + latest]."""
    field, unit = opts["field"], opts.get("unit", "ms")
    scale = 1000 if unit == "s" else 1
    earliest, latest = opts.get("earliest_ms"), opts.get("latest_ms")
    allowance = opts.get("plus_field")

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        raw = dec.as_integer(obj.get(field))
        if raw is None:
            return NONE
        moment = raw * scale
        extra = (dec.as_integer(obj.get(allowance)) if allowance else 0) or 0
        if earliest is not None and moment + extra < ctx.now_ms + earliest:
            relation, bound = "too old", ctx.now_ms + earliest
        elif latest is not None and moment > ctx.now_ms + latest:
            relation, bound = "in the future", ctx.now_ms + latest
        else:
            return NONE
        return (Finding(join_pointer(base, field), {"field": field, "value": str(raw), "now": str(ctx.now_ms), "plus": str(extra),
                                                    "relation": relation, "bound": str(bound), "age": str(ctx.now_ms - moment)}),)

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "now", "plus", "relation", "bound", "age"}, gate=(field,))


_UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}


def duration_ms(text: str) -> int:
    """Milliseconds in a duration such as 500ms, 30s, 15m, 24h or 7d."""
    match = re.fullmatch(r"([0-9]{1,9})(ms|s|m|h|d)", text)
    if not match:
        raise ValueError(f"duration {text!r} is not a number followed by ms, s, m, h or d")
    return int(match.group(1)) * _UNITS_MS[match.group(2)]


def not_reused(opts: dict[str, t.Any]) -> CheckSpec:
    """Within a session: the member's value must not repeat an accepted earlier order's (within a window)."""
    field = opts["field"]
    window = opts.get("window")
    window_ms = None if window in (None, "forever") else duration_ms(str(window))
    namespace = opts.get("namespace", field)
    span = "ever" if window_ms is None else f"within {window}"
    remember = Remember(namespace, field, window_ms)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        if ctx.memory is None:
            return NONE
        value = remember.value_of(obj)
        if value is None:
            return NONE
        earlier = ctx.memory.seen(ctx.venue, namespace, value, ctx.now_ms, window_ms)
        if earlier is None:
            return NONE
        first_ms, origin = earlier
        return (Finding(join_pointer(base, field), {"field": field, "value": show(value), "first_seen": iso_from_ms(first_ms),
                                                  "origin": origin, "window": span}),)

    return CheckSpec(run, frozenset(), BASE | {"field", "value", "first_seen", "origin", "window"}, remember=remember, gate=(field,))


def market_flag(opts: dict[str, t.Any]) -> CheckSpec:
    flag, expected = opts["flag"], opts.get("expect", True)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        actual = ctx.market.get(flag) if ctx.market else None
        if actual is None or actual == expected:
            return NONE
        return (Finding(join_pointer(base, "symbol"), {"flag": flag, "actual": show(actual)}),)

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
    "not_reused": not_reused,
}


def build(opts: dict[str, t.Any]) -> CheckSpec:
    """The check a rule's `check:` block names, with the market metadata it depends on."""
    spec = BUILDERS[opts["function"]](opts)
    reads = [opts["field"]] if "field" in opts else list(opts.get("fields", ()))
    spec.reads = frozenset(reads)
    return spec
