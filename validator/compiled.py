"""Rules compiled per (venue, operation) to one Python function: a fast path that says "no finding" quickly.

"Accept fast, explain slow": `fast(request, now_ms, markets)` returns True only when the rule interpreter
(`Validator._rules`) would certainly report nothing for the request, and False whenever it might (the caller
then runs the interpreter, which produces the real diagnostics). A wrong False costs speed only; a wrong
True would be a false "valid", so every doubtful case returns False: any exception, any missing market
field, any check without an emitter that returns a finding or raises.

It is used only without a session memory and without placeholders (see `Validator._run`).
"""

from __future__ import annotations

import dataclasses
import typing as t
from decimal import Decimal

from .rule_functions import Context
from .rule_functions.base import Bound
from .decimals import is_multiple, multiply, to_decimal
from .diagnostics import Result
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

    def __init__(self, names: dict[str, t.Any], reads: _Reads) -> None:
        self.names = names
        self.reads = reads
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
            out.append(f"{ind}{local} = {self.reads.market(bound.market_field)}")
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
    value = dl.reads.market(flag)
    return [f"{ind}if {value} is not None and {value} != {expected!r}: return False"]


def _emit_value_in(opts: dict[str, t.Any], obj: str, ind: str, dl: _Decimals) -> list[str] | None:
    values = list(opts["values"])
    value = dl.reads.member(opts["field"], "MISSING")
    if all(type(v) is str for v in values):  # as conditions.equal: only text equals text
        return [f"{ind}if not (type({value}) is str and {value} in {frozenset(values)!r}): return False"]
    name = f"_VALUES{len(dl.names)}"
    dl.names[name] = tuple(values)
    return [f"{ind}if not any(_equal({value}, _w) for _w in {name}): return False"]


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


def _emit_not_reused(opts: dict[str, t.Any], obj: str, ind: str, dl: _Decimals) -> list[str] | None:
    return []  # it needs a session's memory, and the fast path runs only without one


EMITTERS: dict[str, Emitter] = {
    "not_reused": _emit_not_reused,
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


class _Reads:
    """Locals of one group's object branch: each member value, condition and market field read once per object.

    Every expression is evaluated eagerly at the top of the branch; order does not matter to a yes/no answer, and
    an exception only sends the request to the interpreter."""

    def __init__(self, names: dict[str, t.Any]) -> None:
        self.names = names
        self.lines: list[str] = []
        self._seen: dict[str, str] = {}
        self.market_fields: dict[str, str] = {}

    def local(self, prefix: str, expression: str) -> str:
        name = self._seen.get(expression)
        if name is None:
            name = self._seen[expression] = f"_{prefix}{len(self._seen)}"
            self.lines.append(f"{name} = {expression}")
        return name

    def member(self, field: str, absent: str = "None") -> str:
        """The member's value, or its default (`absent` when it has none)."""
        fallback = f"defaults.get({field!r})" if absent == "None" else f"defaults.get({field!r}, {absent})"
        return self.local("f", f"(obj[{field!r}] if {field!r} in obj else {fallback})")

    def market(self, field: str) -> str:
        """A market field's value (None without a record): all of them unpacked from one per-record lookup."""
        if field not in self.market_fields:
            self.market_fields[field] = f"_m{len(self.market_fields)}"
        return self.market_fields[field]

    def condition(self, spec: t.Any) -> str:
        return self.local("c", _condition(spec, self))


def _condition(spec: t.Any, reads: _Reads) -> str:
    """A `when` condition as a Python expression over the branch's locals; the compiled predicate otherwise."""
    if spec is None:
        return "True"
    if "all" in spec:
        return "(" + " and ".join(_condition(s, reads) for s in spec["all"]) + ")"
    if "any" in spec:
        return "(" + " or ".join(_condition(s, reads) for s in spec["any"]) + ")"
    if "not" in spec:
        return f"(not {_condition(spec['not'], reads)})"
    field = spec.get("field")
    if "present" in spec:
        return f"({_is_set('obj', field)} is {bool(spec['present'])!r})"
    if "equals" in spec and type(spec["equals"]) is str:
        return f"({reads.member(field)} == {spec['equals']!r})"
    if "equals" in spec and type(spec["equals"]) is bool:
        return f"({reads.member(field)} is {spec['equals']!r})"
    if "equals" in spec:  # a number: conditions.equal on the value or default (no default: never equal)
        name = f"_LIT{len(reads.names)}"
        reads.names[name] = spec["equals"]
        return f"_equal({reads.member(field, 'MISSING')}, {name})"
    if "in" in spec and all(type(v) is str for v in spec["in"]):
        value = reads.member(field)
        return f"(type({value}) is str and {value} in {frozenset(spec['in'])!r})"
    name = f"_cond_{len(reads.names)}"  # this part compiled on its own (not the rule's whole condition)
    reads.names[name] = compile_condition(spec)
    return f"{name}(obj, defaults)"


def generate(compiled: t.Any) -> tuple[str, dict[str, t.Any]]:
    """The source of `fast` for one CompiledOperation, and the globals it runs with."""
    from .diagnostics import expand

    venue_spec = compiled.venue
    names: dict[str, t.Any] = {"Context": Context, "_expand": expand, "_record": _record,
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
        used: set[str] = set()
        branches: dict[bool, list[str]] = {False: [], True: []}  # list checks, object checks
        reads = _Reads(names)
        dl = _Decimals(names, reads)
        for step in group.steps:
            index += 1
            rule = step.rule
            if step.on_arrays and step.condition is not None:
                continue  # the interpreter never runs a conditional step on a list
            out = branches[not step.on_arrays]
            out.append(f"# {rule.id} ({rule.code}, {rule.check_options.get('function')})")
            mark = len(out)
            ind = ""
            tests: list[str] = []
            if not step.on_arrays and step.gate:
                tests.extend(f"{name!r} in obj" for name in step.gate[:2])
            if step.condition is not None:
                tests.append(reads.condition(rule.when))
            if tests:
                out.append(f"if {' and '.join(tests)}:")
                ind = "    "
            if step.market_fields:
                names[f"FIELDS_{index}"] = frozenset(step.market_fields)
                used.update(step.market_fields)
                out.append(f"{ind}if not FIELDS_{index} <= _known: return False")
            emitter = EMITTERS.get(rule.check_options.get("function", ""))
            body = emitter(rule.check_options, "obj", ind, dl) if emitter and not step.on_arrays else None
            if body is None:
                names[f"_run_{index}"] = step.run
                out.append(f"{ind}if ctx is None: ctx = Context(defaults, market, now_ms, symbol, VENUE, None, named_by)")
                out.append(f"{ind}if _run_{index}(obj, base, ctx): return False")
            elif body:
                out.extend(body)
            else:  # nothing this rule can find here
                del out[mark:]
                out.append("# (nothing to check without a session)")
        if used or reads.market_fields:  # what the symbol's record gives, looked up once per record
            names[f"USED_{g}"] = tuple(sorted(used))
            names[f"READ_{g}"] = tuple(reads.market_fields)
            names[f"RECORDS_{g}"] = {}
            unpacked = "".join(f"{local}, " for local in reads.market_fields.values())
            lines.append(f"        _known, ({unpacked}) = _record(market, USED_{g}, READ_{g}, RECORDS_{g})")
        if branches[False]:
            lines.append("        if not is_object:")
            lines.extend("            " + line for line in branches[False])
            lines.append("            continue")
        else:
            lines.append("        if not is_object: continue")
        lines.extend(f"        {local} = _UNSET" for local in dl.locals.values())
        lines.extend("        " + line for line in reads.lines)
        lines.extend("        " + line for line in branches[True])
    lines.append("    return True")
    return "\n".join(lines) + "\n", names


_UNSET = object()


def _record(market: t.Any, fields: tuple[str, ...], read: tuple[str, ...],
            cache: dict[int, tuple[t.Any, frozenset[str], tuple[t.Any, ...]]]) -> tuple[frozenset[str], tuple[t.Any, ...]]:
    """Of `fields`, those the market record gives (as checker._missing decides; none without a record), and the
    values of the `read` fields, kept per record in `cache` (a record is immutable; the record itself is kept so
    that its id cannot be reused)."""
    if market is None:
        return frozenset(), (None,) * len(read)
    entry = cache.get(id(market))
    if entry is not None and entry[0] is market:
        return entry[1], entry[2]
    known = getattr(market, "known", None)
    found = frozenset(f for f in fields if (known(f) if known is not None else market.get(f) is not None))
    values = tuple(market.get(f) for f in read)
    if len(cache) < 100_000:
        cache[id(market)] = (market, found, values)
    return found, values


class FastPath:
    """The compiled function of one operation, with its source; calling it never raises (False on any error)."""

    def __init__(self, compiled: t.Any) -> None:
        self.source, names = generate(compiled)
        code = compile(self.source, f"<orderlint compiled {compiled.spec.venue}/{compiled.spec.id}>", "exec")
        exec(code, names)
        self._fast = names["fast"]
        self.taken = 0  # how many requests the fast path accepted (for tests and curiosity)
        spec = compiled.spec
        notes = tuple(d if d.url or not spec.url else dataclasses.replace(d, url=spec.url) for d in compiled.notes)
        self.clean_result = Result(spec.venue, spec.id, notes)  # what a request with no finding gets (immutable, shared)

    def __call__(self, request: t.Any, now_ms: int, markets: t.Any) -> bool:
        try:
            ok = self._fast(request, now_ms, markets) is True
        except Exception:
            return False
        if ok:
            self.taken += 1
        return ok


class FastPaths:
    """The fast path of each operation, generated on its first check (start-up compiles none): a run that
    checks one venue's orders never pays for the others'. A failed generation leaves the operation without
    one, so the interpreter checks it, as always."""

    def __init__(self, operations: dict[tuple[str, str], t.Any]) -> None:
        self._operations = operations
        self._built: dict[tuple[str, str], FastPath | None] = {}

    def get(self, key: tuple[str, str]) -> FastPath | None:
        try:
            return self._built[key]
        except KeyError:
            pass
        compiled = self._operations.get(key)
        found: FastPath | None = None
        if compiled is not None:
            try:
                found = FastPath(compiled)
            except Exception:  # pragma: no cover - a generator bug costs speed, never a verdict
                found = None
        self._built[key] = found  # two threads may both build it once; either result is the same
        return found

    def build_all(self) -> dict[tuple[str, str], FastPath]:
        """Every operation's fast path, generated now (for tests and `orderlint rules --compiled`)."""
        return {key: path for key in list(self._operations) if (path := self.get(key)) is not None}
