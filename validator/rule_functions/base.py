"""What every rule check is made of: its context, its findings, its spec, and the registry of check functions.

A check function is registered with `@register(name, options)`: `options` is the JSON Schema of the
rule's `check:` block (without `function`), validated when a rule file loads. The builder takes the
options once and returns a `CheckSpec` whose `run(obj, base, ctx)` returns findings (usually none).
"""

from __future__ import annotations

import dataclasses
import typing as t
from decimal import Decimal

from .. import decimals as dec
from ..diagnostics import Fix, join_pointer

if t.TYPE_CHECKING:
    from ..markets import MarketInfo


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
    symbol_member: str = "symbol"


@dataclasses.dataclass(slots=True)
class Finding:
    pointer: str
    values: dict[str, str]
    fix: Fix | None = None


class Uncheckable(Exception):
    """A member a check must read holds a value that cannot be checked exactly; always an error."""

    def __init__(self, pointer: str, field: str, value: t.Any, reason: str, code: str) -> None:
        super().__init__(reason)
        self.pointer, self.field, self.value, self.reason, self.code = pointer, field, value, reason, code


Check = t.Callable[[t.Any, str, Context], t.Sequence[Finding]]
NO_FINDINGS: tuple[Finding, ...] = ()


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
    market_fields: frozenset[str] = frozenset()  # metadata the check cannot run without
    placeholders: frozenset[str] = frozenset()   # what its message may quote
    reads: frozenset[str] = frozenset()  # the members it looks at
    remember: Remember | None = None  # set for checks that span the orders of a session
    gate: tuple[str, ...] = ()  # one or two members without which the check cannot find anything (a shortcut)
    selects: str = "object"  # what the rule's `given` must select: "object" (an order object) or "array"
    optional_market_fields: frozenset[str] = frozenset()  # metadata whose absence means "no bound"


@dataclasses.dataclass(frozen=True)
class Function:
    """A registered check function: its builder, the schema of its options, and its documentation."""

    name: str
    build: t.Callable[[dict[str, t.Any]], CheckSpec]
    options: dict[str, t.Any]
    doc: str
    example: dict[str, t.Any]


REGISTRY: dict[str, Function] = {}


def register(name: str, options: dict[str, t.Any], example: dict[str, t.Any]) -> t.Callable[[t.Callable[[dict[str, t.Any]], CheckSpec]], t.Callable[[dict[str, t.Any]], CheckSpec]]:
    """Add a check function to the vocabulary rule files may name.

    `options` maps each option to its JSON Schema; `required` lists the mandatory ones under the key
    "required". `example` is one `check:` block using it, shown in the rule-language reference.
    """

    def add(builder: t.Callable[[dict[str, t.Any]], CheckSpec]) -> t.Callable[[dict[str, t.Any]], CheckSpec]:
        if name in REGISTRY:
            raise RuntimeError(f"check function {name!r} registered twice")
        REGISTRY[name] = Function(name, builder, options, (builder.__doc__ or "").strip(), example)
        return builder

    return add


def options_schema(function: Function) -> dict[str, t.Any]:
    """The JSON Schema a rule's `check:` block must satisfy for this function."""
    properties = {k: v for k, v in function.options.items() if k not in ("required", "anyOf")}
    schema: dict[str, t.Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"function": {"const": function.name}, **properties},
        "required": ["function", *function.options.get("required", [])],
    }
    if "anyOf" in function.options:
        schema["anyOf"] = function.options["anyOf"]
    return schema


# ---- reading members -------------------------------------------------------------------------

def number(obj: dict[str, t.Any], field: str, base: str) -> Decimal | None:
    """The exact decimal of a member; None when absent or null; Uncheckable when it cannot be read exactly."""
    value = obj.get(field)
    try:
        return dec.to_decimal(value)
    except dec.NotExact as exc:
        raise Uncheckable(join_pointer(base, field), field, value, exc.reason, exc.code) from None


def is_set(obj: dict[str, t.Any], field: str) -> bool:
    return field in obj and obj[field] is not None


# ---- bounds ----------------------------------------------------------------------------------

MARKET_FIELDS = ("price_increment", "base_increment", "quote_increment", "base_min", "base_max", "quote_min",
                 "quote_max", "min_notional", "max_notional")
# A venue without a maximum states none: absent maxima mean "no bound"; absent increments and minima are
# missing metadata, and the rules that need them say they were skipped.
NO_BOUND_WHEN_ABSENT = frozenset({"base_max", "quote_max", "max_notional"})

BOUND_SCHEMA: dict[str, t.Any] = {"oneOf": [
    {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
    {"type": "integer"},
    {"type": "object", "required": ["market"], "additionalProperties": False,
     "properties": {"market": {"enum": list(MARKET_FIELDS)}}},
]}


class Bound:
    """A bound given as a literal decimal or as a field of the symbol's market metadata."""

    def __init__(self, spec: t.Any) -> None:
        self.market_field: str | None = spec["market"] if isinstance(spec, dict) else None
        self.literal = None if self.market_field else dec.to_decimal(str(spec))
        if self.market_field is None and self.literal is None:
            raise ValueError(f"bound {spec!r} is neither a decimal nor {{market: field}}")

    def value(self, ctx: Context) -> Decimal | None:
        if self.market_field is None:
            return self.literal
        return ctx.market.get(self.market_field) if ctx.market else None


def optional_bound(spec: t.Any) -> Bound | None:
    return None if spec is None else Bound(spec)


class MarketNeeds(t.TypedDict):
    market_fields: frozenset[str]
    optional_market_fields: frozenset[str]


def market_needs(*bounds: Bound | None) -> MarketNeeds:
    """The metadata fields the bounds read, split into needed ones and those whose absence means no bound."""
    fields = {b.market_field for b in bounds if b is not None and b.market_field}
    return MarketNeeds(market_fields=frozenset(fields - NO_BOUND_WHEN_ABSENT),
                       optional_market_fields=frozenset(fields & NO_BOUND_WHEN_ABSENT))


COMMON_PLACEHOLDERS = frozenset({"symbol"})
FIELD: dict[str, t.Any] = {"type": "string", "minLength": 1}
FIELDS: dict[str, t.Any] = {"type": "array", "items": FIELD, "minItems": 1}
