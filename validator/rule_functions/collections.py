"""Checks over several items: how many, all the same, none repeated (a batch's orders, a list of ids)."""

from __future__ import annotations

import re
import typing as t

from ..conditions import MISSING, equal
from ..diagnostics import join_pointer
from ..wording import show
from .base import COMMON_PLACEHOLDERS, NO_FINDINGS, CheckSpec, Context, Finding, register

ITEMS: dict[str, t.Any] = {"type": "string", "description": "the member holding the list; omit it when the rule's `given` selects the list itself"}


def _items(opts: dict[str, t.Any]) -> tuple[str | None, str]:
    field = opts.get("items", opts.get("field"))
    return (field or None), ("array" if not field else "object")


def _select(obj: t.Any, field: str | None) -> t.Any:
    if field is None:
        return obj
    return obj.get(field) if isinstance(obj, dict) else None


def _at(base: str, field: str | None, *tokens: t.Any) -> str:
    return join_pointer(base, *tokens) if field is None else join_pointer(base, field, *tokens)


@register("item_count", {"field": {"type": "string"}, "min": {"type": "integer", "minimum": 0}, "max": {"type": "integer", "minimum": 0},
                         "anyOf": [{"required": ["min"]}, {"required": ["max"]}]},
          {"function": "item_count", "field": "orderList", "min": 1, "max": 5})
def item_count(opts: dict[str, t.Any]) -> CheckSpec:
    """The list in `field` (or the selected list itself) must hold min..max items. Too many points at the first
    item past the maximum; too few at the list. `{count}`, `{relation}` ("fewer than"/"more than"), `{bound}`."""
    field, kind = _items(opts)
    low, high = opts.get("min"), opts.get("max")

    def run(obj: t.Any, base: str, ctx: Context) -> t.Sequence[Finding]:
        items = _select(obj, field)
        if not isinstance(items, (list, tuple)):
            return NO_FINDINGS
        count = len(items)
        values = {"field": field or "the request", "count": str(count), "min": str(low), "max": str(high)}
        if low is not None and count < low:
            return (Finding(_at(base, field), {**values, "relation": "fewer than", "bound": str(low)}),)
        if high is not None and count > high:
            return (Finding(_at(base, field, high), {**values, "relation": "more than", "bound": str(high)}),)
        return NO_FINDINGS

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "count", "min", "max", "relation", "bound"},
                     gate=(field,) if field else (), selects=kind)


@register("same_value", {"required": ["field"], "items": ITEMS, "field": {"type": "string"}},
          {"function": "same_value", "items": "orderList", "field": "symbol"})
def same_value(opts: dict[str, t.Any]) -> CheckSpec:
    """Every item of the list that has `field` must hold the same value as the first item that has it (one
    symbol per batch). One finding per differing item, at its member; `{first}` is the first item's value."""
    items_field = opts.get("items") or None
    field = opts["field"]

    def run(obj: t.Any, base: str, ctx: Context) -> t.Sequence[Finding]:
        items = _select(obj, items_field)
        if not isinstance(items, (list, tuple)):
            return NO_FINDINGS
        found = []
        first: t.Any = MISSING
        for index, item in enumerate(items):
            if not isinstance(item, dict) or field not in item:
                continue
            if first is MISSING:
                first = item[field]
            elif not equal(item[field], first):
                found.append(Finding(_at(base, items_field, index, field),
                                     {"field": field, "value": show(item[field]), "first": show(first),
                                      "index": str(index), "number": str(index + 1)}))
        return found

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "first", "index", "number"},
                     gate=(items_field,) if items_field else (), selects="object" if items_field else "array")


@register("same_as_member", {"required": ["items", "field", "member"], "items": {"type": "string"}, "field": {"type": "string"},
                             "member": {"type": "string", "description": "the member of the enclosing object the items must match"}},
          {"function": "same_as_member", "items": "orderList", "field": "symbol", "member": "symbol"})
def same_as_member(opts: dict[str, t.Any]) -> CheckSpec:
    """Every item of `items` that has `field` must equal the enclosing object's `member` (a batch whose symbol is
    given once at the top). One finding per differing item; `{expected}` is the enclosing value."""
    items_field, field, member = opts["items"], opts["field"], opts["member"]

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        items = obj.get(items_field)
        if not isinstance(items, (list, tuple)) or member not in obj:
            return NO_FINDINGS
        expected = obj[member]
        return [Finding(join_pointer(base, items_field, index, field),
                        {"field": field, "value": show(item[field]), "expected": show(expected), "member": member,
                         "index": str(index), "number": str(index + 1)})
                for index, item in enumerate(items)
                if isinstance(item, dict) and field in item and not equal(item[field], expected)]

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "expected", "member", "index", "number"}, gate=(items_field, member))


@register("unique", {"required": ["field"], "items": ITEMS, "field": {"type": "string"}},
          {"function": "unique", "items": "orderList", "field": "clientOid"})
def unique(opts: dict[str, t.Any]) -> CheckSpec:
    """No two items of the list may hold the same `field` value. One finding per repeat, at the repeating item;
    `{index}`/`{first_index}` are 0-based, `{number}`/`{first_number}` count from 1."""
    items_field = opts.get("items") or None
    field = opts["field"]

    def run(obj: t.Any, base: str, ctx: Context) -> t.Sequence[Finding]:
        items = _select(obj, items_field)
        if not isinstance(items, (list, tuple)):
            return NO_FINDINGS
        found = []
        seen: dict[t.Any, int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict) or item.get(field) is None:
                continue
            key = item[field]
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                continue
            if key in seen:
                found.append(Finding(_at(base, items_field, index, field),
                                     {"field": field, "value": show(key), "index": str(index), "first_index": str(seen[key]),
                                      "number": str(index + 1), "first_number": str(seen[key] + 1)}))
            else:
                seen[key] = index
        return found

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "index", "first_index", "number", "first_number"},
                     gate=(items_field,) if items_field else (), selects="object" if items_field else "array")


@register("comma_list", {"required": ["field"], "field": {"type": "string"},
                         "max": {"type": "integer", "minimum": 1}, "min": {"type": "integer", "minimum": 0},
                         "distinct": {"type": "boolean", "description": "report an item that repeats an earlier one"},
                         "item_pattern": {"type": "string", "description": "regular expression every item must match in full"},
                         "item_description": {"type": "string", "description": "what an item is, for messages"}},
          {"function": "comma_list", "field": "orderIds", "max": 20, "distinct": True, "item_pattern": "^[0-9]+$"})
def comma_list(opts: dict[str, t.Any]) -> CheckSpec:
    """A text member holding comma-separated items (ids, symbols): at most `max` (at least `min`) items, each
    matching `item_pattern`, none empty, and with `distinct` none repeated. `{problem}` says what is wrong."""
    field = opts["field"]
    low, high = opts.get("min"), opts.get("max")
    distinct = opts.get("distinct", False)
    pattern = re.compile(opts["item_pattern"]) if "item_pattern" in opts else None
    what = opts.get("item_description", "item")

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        value = obj.get(field)
        if not isinstance(value, str):
            return NO_FINDINGS
        items = value.split(",") if value else []
        pointer = join_pointer(base, field)
        values = {"field": field, "count": str(len(items)), "max": str(high), "min": str(low), "value": show(value)}
        problems = []
        if high is not None and len(items) > high:
            problems.append(f"holds {len(items)} {what}s; at most {high} are allowed")
        if low is not None and len(items) < low:
            problems.append(f"holds {len(items)} {what}s; at least {low} are needed")
        seen: set[str] = set()
        for number, item in enumerate(items, 1):
            if item == "" or item != item.strip():
                problems.append(f"{what} {number} is empty or has spaces")
            elif pattern is not None and not pattern.fullmatch(item):
                problems.append(f"{what} {number} {show(item)} is not a valid {what}")
            elif distinct and item in seen:
                problems.append(f"{what} {number} {show(item)} repeats an earlier one")
            seen.add(item)
            if len(problems) >= 3:
                break
        if not problems:
            return NO_FINDINGS
        return (Finding(pointer, {**values, "problem": "; ".join(problems)}),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "count", "max", "min", "value", "problem"}, gate=(field,))
