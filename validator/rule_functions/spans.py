"""Checks on timestamp members of a query or an order: their unit, their order, and the span between two.

A timestamp member is read through `base.number`, so it may be a JSON integer or its decimal text (query
parameters travel as text); a value that cannot be read exactly is an error of its own. The three checks
are meant to be used together on one pair of members (for example `startAt`/`endAt`):

- `timestamp_unit` (R302): each member holds a whole number of the documented unit (ms: 13 digits,
  s: 10 digits); a value in another unit is reported with the likely mistake and the corrected value.
- `time_order` (R303): start <= end, when both are set.
- `time_span` (R304): end - start <= a duration such as "7d", when both are set (or end defaults to now).
- `time_age` (R301): now - member <= a duration, for a venue that answers only about a recent period.

`time_order`, `time_span` and `time_age` take the same `unit` option: a value that is not in that unit is skipped
by them (timestamp_unit reports it), so one wrong unit gives one finding, not three. `zero_absent`
treats a value of 0 as "not given", for venues that document 0 as the default of an optional bound.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

from ..diagnostics import Fix, join_pointer
from .base import COMMON_PLACEHOLDERS, FIELD, NO_FINDINGS, CheckSpec, Context, Finding, number, register
from .times import DURATION, duration_ms

UNIT: dict[str, t.Any] = {"enum": ["ms", "s"], "description": "the documented unit: ms (13 digits) or s (10 digits); default ms"}
ZERO_ABSENT: dict[str, t.Any] = {"type": "boolean", "description": "a value of 0 means the member is not given"}

# Digits of a current timestamp in each unit (valid from 2001-09-09 to 2286-11-20), and what a value of
# other lengths most likely is: {digits: (name, factor to milliseconds)}.
DIGITS = {"s": 10, "ms": 13}
_FACTOR_MS = {"s": 1000, "ms": 1}
_LIKELY = {10: ("seconds", 1000), 13: ("milliseconds", 1), 16: ("microseconds", Decimal("0.001")),
           19: ("nanoseconds", Decimal("0.000001"))}


def _digits(value: int) -> int:
    return len(str(abs(value)))


def _whole(obj: dict[str, t.Any], field: str, base: str, zero_absent: bool) -> int | None:
    """The member as a whole number; None when absent, null, 0 with zero_absent, or not whole (reported elsewhere)."""
    value = number(obj, field, base)
    if value is None or value != value.to_integral_value():
        return None
    whole = int(value)
    return None if zero_absent and whole == 0 else whole


def _in_unit(value: int, unit: str | None) -> bool:
    return unit is None or (value > 0 and _digits(value) == DIGITS[unit])


def human(ms: int) -> str:
    """A duration in milliseconds as days, hours, minutes, seconds and ms ("8d 2h", "1s 500ms", "0ms")."""
    if ms < 0:
        return "-" + human(-ms)
    parts = []
    for name, size in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)):
        count, ms = divmod(ms, size)
        if count:
            parts.append(f"{count}{name}")
    return " ".join(parts) or "0ms"


@register("timestamp_unit", {"required": ["field"], "field": FIELD, "unit": UNIT, "zero_absent": ZERO_ABSENT},
          {"function": "timestamp_unit", "field": "startAt", "unit": "ms"})
def timestamp_unit(opts: dict[str, t.Any]) -> CheckSpec:
    """The timestamp member must be a positive whole number in `unit` (ms: 13 digits, s: 10 digits).
    `{problem}` says what is wrong: "looks like seconds: 1700000000 -> 1700000000000" (with a fix to the
    corrected value, same type as given), or the digit count and the expected one. `{expected}` is the
    digit count, `{unit_name}` "milliseconds" or "seconds", `{corrected}` the converted value (or empty)."""
    field, unit = opts["field"], opts.get("unit", "ms")
    zero_absent = opts.get("zero_absent", False)
    expected = DIGITS[unit]
    unit_name = "milliseconds" if unit == "ms" else "seconds"

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value = number(obj, field, base)
        if value is None or (zero_absent and value == 0):
            return NO_FINDINGS
        pointer = join_pointer(base, field)
        raw = obj.get(field)
        shown = str(value) if isinstance(raw, (int, str)) else format(value, "f")
        values = {"field": field, "value": shown, "unit": unit, "unit_name": unit_name, "expected": str(expected),
                  "corrected": ""}
        if value != value.to_integral_value():
            return (Finding(pointer, {**values, "problem": f"is not a whole number of {unit_name}"}),)
        whole = int(value)
        if whole <= 0:
            return (Finding(pointer, {**values, "problem": f"is not a positive {expected}-digit timestamp in {unit_name}"}),)
        digits = _digits(whole)
        if digits == expected:
            return NO_FINDINGS
        likely = _LIKELY.get(digits)
        if likely is None:
            return (Finding(pointer, {**values, "problem": f"has {digits} digits; a timestamp in {unit_name} has {expected}"}),)
        name, to_ms = likely
        corrected = int(Decimal(whole) * Decimal(t.cast(t.Any, to_ms)) / _FACTOR_MS[unit])
        text = str(corrected)
        fixed: t.Any = text if isinstance(raw, str) else corrected
        return (Finding(pointer, {**values, "corrected": text, "problem": f"looks like {name}: {whole} -> {text}"},
                        Fix(pointer, fixed, "unsafe")),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "unit", "unit_name", "expected", "corrected", "problem"},
                     gate=(field,))


def _pair_options(unit: str, extra: dict[str, t.Any]) -> dict[str, t.Any]:
    return {"required": ["start", "end", *extra.pop("required", [])], "start": FIELD, "end": FIELD,
            "unit": {**UNIT, "description": unit}, "zero_absent": ZERO_ABSENT, **extra}


@register("time_order", _pair_options("ms or s: values not in this unit are skipped (timestamp_unit reports them); default: any",
                                      {"allow_equal": {"type": "boolean", "description": "start == end is fine (default true)"}}),
          {"function": "time_order", "start": "startAt", "end": "endAt", "unit": "ms"})
def time_order(opts: dict[str, t.Any]) -> CheckSpec:
    """Member `start` must not be later than member `end` (strictly earlier with `allow_equal: false`); checked
    only when both are set (and, with `unit`, both in that unit). Pointer: `start`. Quotes `{start}`,
    `{start_value}`, `{end}`, `{end_value}`."""
    start, end = opts["start"], opts["end"]
    unit, zero_absent = opts.get("unit"), opts.get("zero_absent", False)
    allow_equal = opts.get("allow_equal", True)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        first, last = _whole(obj, start, base, zero_absent), _whole(obj, end, base, zero_absent)
        if first is None or last is None or not (_in_unit(first, unit) and _in_unit(last, unit)):
            return NO_FINDINGS
        if first < last or (allow_equal and first == last):
            return NO_FINDINGS
        return (Finding(join_pointer(base, start), {"start": start, "end": end, "start_value": str(first),
                                                    "end_value": str(last), "field": start, "value": str(first)}),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"start", "end", "start_value", "end_value", "field", "value"}, gate=(start, end))


@register("time_span", _pair_options("ms or s (default ms): the unit of both members; values not in it are skipped",
                                     {"required": ["max"], "max": DURATION,
                                      "end_default": {"enum": ["now"], "description": "an absent end means the moment of the check"}}),
          {"function": "time_span", "start": "startAt", "end": "endAt", "max": "7d", "unit": "ms"})
def time_span(opts: dict[str, t.Any]) -> CheckSpec:
    """`end - start` must not exceed the duration `max` ("7d", "24h", "90d"); both in `unit` (ms by default,
    values not in it are skipped). Checked when both are set, or with `end_default: now` when start is set.
    Pointer: `end` (or `start` when end defaulted). Quotes `{span}` (e.g. "8d 2h"), `{span_ms}`, `{max}`,
    `{max_ms}`, `{bound}` (the latest allowed end, in `unit`; also the fix), `{start_value}`, `{end_value}`."""
    start, end = opts["start"], opts["end"]
    unit, zero_absent = opts.get("unit", "ms"), opts.get("zero_absent", False)
    limit_ms = duration_ms(opts["max"])
    if limit_ms < 0:
        raise ValueError(f"time_span max {opts['max']!r} must not be negative")
    scale = _FACTOR_MS[unit]
    end_default = opts.get("end_default")

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        first, last = _whole(obj, start, base, zero_absent), _whole(obj, end, base, zero_absent)
        end_absent = obj.get(end) is None or (zero_absent and number(obj, end, base) == 0)
        defaulted = end_default == "now" and end_absent
        if defaulted and first is not None:
            last = ctx.now_ms // scale
        if first is None or last is None or not _in_unit(first, unit) or not (defaulted or _in_unit(last, unit)):
            return NO_FINDINGS
        span_ms = (last - first) * scale
        if span_ms <= limit_ms:
            return NO_FINDINGS
        bound = first + limit_ms // scale
        pointer = join_pointer(base, start if defaulted else end)
        raw = obj.get(end)
        fix = None if defaulted else Fix(pointer, str(bound) if isinstance(raw, str) else bound, "unsafe")
        return (Finding(pointer, {"start": start, "end": end, "start_value": str(first),
                                  "end_value": str(last) + (" (now)" if defaulted else ""), "span": human(span_ms),
                                  "span_ms": str(span_ms), "max": opts["max"], "max_ms": str(limit_ms), "bound": str(bound),
                                  "field": start if defaulted else end, "value": str(first if defaulted else last)}, fix),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"start", "end", "start_value", "end_value", "span", "span_ms", "max", "max_ms",
                                               "bound", "field", "value"}, gate=(start,) if end_default else (start, end))


@register("time_age", {"required": ["field", "max"], "field": FIELD, "max": DURATION,
                       "unit": {**UNIT, "description": "ms or s (default ms): the member's unit; a value not in it is skipped"},
                       "zero_absent": ZERO_ABSENT},
          {"function": "time_age", "field": "startAt", "max": "72h", "unit": "ms"})
def time_age(opts: dict[str, t.Any]) -> CheckSpec:
    """The timestamp member must not lie more than the duration `max` before now (`now - value <= max`), for a
    venue that only answers about a recent period; a value not in `unit` is skipped (timestamp_unit reports
    it). Quotes `{age}` ("4d 2h"), `{max}`, `{bound}` (the earliest accepted value, in `unit`; also the
    fix) and `{now}` (ISO 8601)."""
    field, unit = opts["field"], opts.get("unit", "ms")
    zero_absent = opts.get("zero_absent", False)
    limit_ms = duration_ms(opts["max"])
    if limit_ms < 0:
        raise ValueError(f"time_age max {opts['max']!r} must not be negative")
    scale = _FACTOR_MS[unit]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value = _whole(obj, field, base, zero_absent)
        if value is None or not _in_unit(value, unit):
            return NO_FINDINGS
        age_ms = ctx.now_ms - value * scale
        if age_ms <= limit_ms:
            return NO_FINDINGS
        from ..clock import iso_from_ms
        bound = -(-(ctx.now_ms - limit_ms) // scale)  # the earliest value in unit that is not too old
        pointer = join_pointer(base, field)
        raw = obj.get(field)
        return (Finding(pointer, {"field": field, "value": str(value), "age": human(age_ms), "max": opts["max"],
                                  "bound": str(bound), "now": iso_from_ms(ctx.now_ms)},
                        Fix(pointer, str(bound) if isinstance(raw, str) else bound, "unsafe")),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "age", "max", "bound", "now"}, gate=(field,))
