"""Rules compiled per (venue, operation) to one Python function: a fast path that says "no finding" quickly.

"Accept fast, explain slow": `fast(request, now_ms, markets)` returns True only when the rule interpreter
(`Validator._rules`) would certainly report nothing for the request, and False whenever it might (the caller
then runs the interpreter, which produces the real diagnostics). A wrong False costs speed only; a wrong
True would be a false "valid", so every doubtful case returns False: any exception, any missing market
field, any check without an emitter that returns a finding or raises.

It is used only without a session memory and without placeholders (see `Validator._run`).
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

from .checks import Context
from .checks.base import Bound
from .decimals import is_multiple, multiply, to_decimal
from .conditions import MISSING, compile_condition, equal

Emitter = t.Callable[..., "list[str] | None"]


def _is_set(obj: str, field: str) -> str:
    return f"({field!r} in {obj} and {obj}[{field!r}] is not None)"


def _emit_required(opts: dict[str, t.Any], obj: str, ind: str, dl: t.Any = None) -> list[str] | None:
    return [f"{ind}if not {_is_set(obj, f)}: return False" for f in opts["fields"]]


def _emit_forbidden(opts: dict[str, t.Any], obj: str, ind: str, dl: t.Any = None) -> list[str] | None:
    if opts.get("allow_default"):
        return None  # the default comparison stays with the check itself
    return [f"{ind}if {_is_set(obj, f)}: return False" for f in opts["fields"]]


def _emit_exactly_one_of(opts: dict[str, t.Any], obj: str, ind: str, dl: t.Any = None) -> list[str] | None:
    count = " + ".join(_is_set(obj, f) for f in opts["fields"])
    return [f"{ind}if ({count}) != 1: return False"]


def _emit_at_least_one_of(opts: dict[str, t.Any], obj: str, ind: str, dl: t.Any = None) -> list[str] | None:
    fields = opts["fields"]
    count = " + ".join(_is_set(obj, f) for f in fields)
    lines = [f"{ind}if ({count}) == 0: return False"]
    if opts.get("all_warns"):
        lines.append(f"{ind}if ({count}) == {len(fields)}: return False")
    return lines


class _Decimals:
    """Per-object lazy locals holding each decimal member parsed once (to_decimal; NotExact propagates: False)."""

    def __init__(self, names: dict[str, t.Any]) -> None:
        self.names = names
        self.locals: dict[str, str] = {}

    def get(self, field: str, obj: str, ind: str, out: list[str]) -> str:
        local = self.locals.setdefault(field, f"_d{len(self.locals)}")
        out.append(f"{ind}if {local} is _UNSET: {local} = _to_decimal({obj}.get({field!r}))")
        return local

    def bound(self, spec: t.Any, ind: str, out: list[str], local: str) -> bool:
        """Assigns the bound to `local`; False when the spec is absent."""
        if spec is None:
            return False
        bound = Bound(spec)
        if bound.market_field is None:
            name = f"_LIT{len(self.names)}"
            self.names[name] = bound.literal
            out.append(f"{ind}{local} = {name}")
        else:
            out.append(f"{ind}{local} = market.get({bound.market_field!r}) if market else None")
        return True


def _emit_multiple_of(opts: dict[str, t.Any], obj: str, ind: str, dl: _Decimals) -> list[str] | None:
    out: list[str] = []
    value = dl.get(opts["field"], obj, ind, out)
    dl.bound(opts["step"], ind, out, "_inc")
    out.append(f"{ind}if {value} is not None and _inc is not None and not (_inc <= 0) and not _is_multiple({value}, _inc): return False")
    return out


def _emit_range(opts: dict[str, t.Any], obj: str, ind: str, dl: _Decimals) -> list[str] | None:
    if opts.get("use_default"):
        return None
    out: list[str] = []
    value = dl.get(opts["field"], obj, ind, out)
    eq = " or {v} == {b}" if opts.get("exclusive") else ""
    out.append(f"{ind}if {value} is not None:")
    inner = ind + "    "
    if dl.bound(opts.get("min"), inner, out, "_lo"):
        out.append(f"{inner}if _lo is not None and ({value} < _lo{eq.format(v=value, b='_lo')}): return False")
    if dl.bound(opts.get("max"), inner, out, "_hi"):
        out.append(f"{inner}if _hi is not None and ({value} > _hi{eq.format(v=value, b='_hi')}): return False")
    out.append(f"{inner}pass")
    return out


def _emit_notional(opts: dict[str, t.Any], obj: str, ind: str, dl: _Decimals) -> list[str] | None:
    out: list[str] = []
    price_field, size_field = opts["fields"]
    price = dl.get(price_field, obj, ind, out)
    size = dl.get(size_field, obj, ind, out)
    out.append(f"{ind}if {price} is not None and {size} is not None and {price} > 0:")
    inner = ind + "    "
    if not dl.bound(opts.get("min"), inner, out, "_lo"):
        out.append(f"{inner}_lo = None")
    if not dl.bound(opts.get("max"), inner, out, "_hi"):
        out.append(f"{inner}_hi = None")
    out.append(f"{inner}if _lo is not None or _hi is not None:")
    deep = inner + "    "
    out.append(f"{deep}_val = _multiply({price}, {size})")
    if opts.get("at_bound_only"):
        out.append(f"{deep}if (_lo is not None and _val == _lo) or (_hi is not None and _val == _hi): return False")
    else:
        eq = opts.get("exclusive", False)
        out.append(f"{deep}if _lo is not None and (_val < _lo{' or _val == _lo' if eq else ''}): return False")
        out.append(f"{deep}if _hi is not None and (_val > _hi{' or _val == _hi' if eq else ''}): return False")
    return out


def _emit_market_flag(opts: dict[str, t.Any], obj: str, ind: str, dl: _Decimals) -> list[str] | None:
    flag, expected = opts["flag"], opts.get("expect", True)
    if type(expected) is not bool:
        return None
    return [f"{ind}_flag = market.get({flag!r}) if market else None",
            f"{ind}if _flag is not None and _flag != {expected!r}: return False"]


def _emit_value_in(opts: dict[str, t.Any], obj: str, ind: str, dl: _Decimals) -> list[str] | None:
    values = list(opts["values"])
    value_of = f"({obj}[{opts['field']!r}] if {opts['field']!r} in {obj} else defaults.get({opts['field']!r}, MISSING))"
    if all(type(v) is str for v in values):  # as conditions.equal: only text equals text
        return [f"{ind}if not (type(_v := {value_of}) is str and _v in {frozenset(values)!r}): return False"]
    name = f"_VALUES{len(dl.names)}"
    dl.names[name] = tuple(values)
    return [f"{ind}_v = {value_of}", f"{ind}if not any(_equal(_v, _w) for _w in {name}): return False"]


def _emit_compare(opts: dict[str, t.Any], obj: str, ind: str, dl: _Decimals) -> list[str] | None:
    op = opts["op"]
    if op not in ("<", "<=", ">", ">=", "!="):
        return None
    out: list[str] = []
    value = dl.get(opts["field"], obj, ind, out)
    reference = dl.get(opts["other"], obj, ind, out)
    factor = to_decimal(str(opts.get("factor", "1"))) or Decimal(1)
    name = f"_LIT{len(dl.names)}"
    dl.names[name] = factor
    out.append(f"{ind}if {value} is not None and {reference} is not None and not ({value} {op} _multiply({reference}, {name})): return False")
    return out


EMITTERS: dict[str, Emitter] = {
    "value_in": _emit_value_in,
    "compare": _emit_compare,
    "multiple_of": _emit_multiple_of,
    "range": _emit_range,
    "notional": _emit_notional,
    "market_flag": _emit_market_flag,
    "required": _emit_required,
    "forbidden": _emit_forbidden,
    "exactly_one_of": _emit_exactly_one_of,
    "at_least_one_of": _emit_at_least_one_of,
}


def _condition(spec: t.Any, obj: str, names: dict[str, t.Any]) -> str:
    """A `when` condition as a Python expression over `obj` and `defaults`; the compiled predicate otherwise."""
    if spec is None:
        return "True"
    if "all" in spec:
        return "(" + " and ".join(_condition(s, obj, names) for s in spec["all"]) + ")"
    if "any" in spec:
        return "(" + " or ".join(_condition(s, obj, names) for s in spec["any"]) + ")"
    if "not" in spec:
        return f"(not {_condition(spec['not'], obj, names)})"
    field = spec.get("field")
    value_of = f"({obj}[{field!r}] if {field!r} in {obj} else defaults.get({field!r}))"
    if "present" in spec:
        return f"({_is_set(obj, field)} is {bool(spec['present'])!r})"
    if "equals" in spec and type(spec["equals"]) is str:
        return f"({value_of} == {spec['equals']!r})"
    if "equals" in spec and type(spec["equals"]) is bool:
        return f"({value_of} is {spec['equals']!r})"
    if "in" in spec and all(type(v) is str for v in spec["in"]):
        return f"(type(_v := {value_of}) is str and _v in {frozenset(spec['in'])!r})"
    name = f"_cond_{len(names)}"  # this part compiled on its own (not the rule's whole condition)
    names[name] = compile_condition(spec)
    return f"{name}({obj}, defaults)"


def generate(compiled: t.Any) -> tuple[str, dict[str, t.Any]]:
    """The source of `fast` for one CompiledOperation, and the globals it runs with."""
    from .diagnostics import expand

    venue_spec = compiled.venue
    names: dict[str, t.Any] = {"Context": Context, "_expand": expand, "_known_fields": _known_fields,
                               "VENUE": compiled.spec.venue, "SYMBOL_MEMBER": venue_spec.symbol_member,
                               "_symbol_in": venue_spec.symbol_in, "MISSING": MISSING, "_equal": equal,
                               "_UNSET": _UNSET, "_to_decimal": to_decimal, "_is_multiple": is_multiple, "_multiply": multiply}
    by_parts = bool(venue_spec.symbol_parts)
    lines = ["def fast(request, now_ms, markets):"]
    index = 0
    for g, group in enumerate(compiled.groups):
        names[f"DEFAULTS_{g}"] = group.defaults
        names[f"TOKENS_{g}"] = group.tokens
        lines.append(f"    defaults = DEFAULTS_{g}")
        lines.append(f"    for obj, base in _expand(request, TOKENS_{g}):")
        lines.append("        is_object = isinstance(obj, dict)")
        lines.append("        if not is_object and not isinstance(obj, (list, tuple)): continue")
        lines.append("        symbol = obj.get(SYMBOL_MEMBER) if is_object else None")
        lines.append("        named_by = SYMBOL_MEMBER")
        if by_parts:
            lines.append("        if symbol is None and is_object: symbol, named_by = _symbol_in(obj)")
        lines.append("        market = markets.get(VENUE, symbol)")
        lines.append("        ctx = None")
        dl = _Decimals(names)
        used: set[str] = set()
        head = len(lines)
        for step in group.steps:
            index += 1
            rule = step.rule
            lines.append(f"        # {rule.id} ({rule.code}, {rule.check_options.get('function')})")
            if step.on_arrays and step.condition is not None:
                continue  # the interpreter never runs a conditional step on a list
            kind = "not is_object" if step.on_arrays else "is_object"
            lines.append(f"        if {kind}:")
            ind = "            "
            tests = []
            if not step.on_arrays and step.gate:
                tests.extend(f"{name!r} in obj" for name in step.gate[:2])
            if step.condition is not None:
                tests.append(_condition(rule.when, "obj", names))
            if tests:
                lines.append(f"{ind}if {' and '.join(tests)}:")
                ind += "    "
            if step.market_fields:
                names[f"FIELDS_{index}"] = frozenset(step.market_fields)
                used.update(step.market_fields)
                lines.append(f"{ind}if not FIELDS_{index} <= _known: return False")
            emitter = EMITTERS.get(rule.check_options.get("function", ""))
            body = emitter(rule.check_options, "obj", ind, dl) if emitter and not step.on_arrays else None
            if body is None:
                names[f"_run_{index}"] = step.run
                lines.append(f"{ind}if ctx is None: ctx = Context(defaults, market, now_ms, symbol, VENUE, None, named_by)")
                lines.append(f"{ind}if _run_{index}(obj, base, ctx): return False")
            else:
                lines.extend(body)
        lines[head:head] = [f"        {local} = _UNSET" for local in dl.locals.values()]
        if used:  # the market fields the group's steps need that the symbol's record gives, looked up once
            names[f"USED_{g}"] = tuple(sorted(used))
            lines.insert(head, f"        _known = _known_fields(market, USED_{g})")
    lines.append("    return True")
    return "\n".join(lines) + "\n", names


_UNSET = object()


def _known_fields(market: t.Any, fields: tuple[str, ...]) -> frozenset[str]:
    """Of `fields`, those the market record gives (as checker._missing decides; none without a record)."""
    if market is None:
        return frozenset()
    known = getattr(market, "known", None)
    if known is not None:
        return frozenset(f for f in fields if known(f))
    return frozenset(f for f in fields if market.get(f) is not None)


class FastPath:
    """The compiled function of one operation, with its source; calling it never raises (False on any error)."""

    def __init__(self, compiled: t.Any) -> None:
        self.source, names = generate(compiled)
        code = compile(self.source, f"<orderlint compiled {compiled.spec.venue}/{compiled.spec.id}>", "exec")
        exec(code, names)
        self._fast = names["fast"]
        self.taken = 0  # how many requests the fast path accepted (for tests and curiosity)

    def __call__(self, request: t.Any, now_ms: int, markets: t.Any) -> bool:
        try:
            ok = self._fast(request, now_ms, markets) is True
        except Exception:
            return False
        if ok:
            self.taken += 1
        return ok


def build(operations: dict[tuple[str, str], t.Any]) -> dict[tuple[str, str], FastPath]:
    """A fast path for every compiled operation with rules; an operation whose generation fails has none (the
    interpreter then checks it, as always)."""
    out: dict[tuple[str, str], FastPath] = {}
    for key, compiled in operations.items():
        if not compiled.groups:
            continue
        try:
            out[key] = FastPath(compiled)
        except Exception:  # pragma: no cover - a generator bug costs speed, never a verdict
            continue
    return out
