"""The Validator: every venue's schemas and rules compiled once, then checked per request without I/O."""

from __future__ import annotations

import dataclasses
import decimal
import math
import typing as t

from .checks import Context, Memory
from .clock import moment_ms
from .codes import catalog, diagnostic
from .datafiles import DataFileError
from .diagnostics import Diagnostic, Result, expand, join_pointer, split_pointer
from .markets import Markets, default_markets
from .resources import data_root
from .ruleset import Rule, load_rule_file, render
from .session import Session
from .schemas import FastSchemas, SchemaCheck, defaults_of, load_registry, subschema
from .venues import OperationSpec, VenueSpec, load_venues, suggest_venue


@dataclasses.dataclass(frozen=True)
class RuleGroup:
    """The rules that apply to the same objects of one operation (one pointer pattern, one set of defaults)."""

    pattern: str
    tokens: tuple[str, ...]
    defaults: dict[str, t.Any]
    rules: tuple[Rule, ...]
    # per rule, what the hot loop needs without attribute look-ups: (gate, condition, needs market, check, rule)
    steps: tuple[tuple[tuple[str, ...], t.Any, bool, t.Any, Rule], ...] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        steps = tuple((r.check.gate, r.condition, r.needs_market, r.check.run, r) for r in self.rules)
        object.__setattr__(self, "steps", steps)


@dataclasses.dataclass
class CompiledOperation:
    spec: OperationSpec
    schema: SchemaCheck | None
    groups: list[RuleGroup]
    remembered: list[tuple[RuleGroup, Rule]] = dataclasses.field(init=False)  # values a session keeps

    def __post_init__(self) -> None:
        self.remembered = [(group, rule) for group in self.groups for rule in group.rules
                           if rule.check is not None and rule.check.remember is not None]


class Validator:
    """Checks order requests against every venue orderlint knows.

    Build it once (it reads and compiles all schemas and rule files); `check` then does no I/O, never
    raises for any request value, and is safe to call from several threads.
    """

    def __init__(self, markets: Markets | None = None, *, strict: bool = False, data_dir: t.Any = None,
                 compiled_schemas: bool = True) -> None:
        """`compiled_schemas=False` checks schemas with python-jsonschema alone (the reference path)."""
        root = data_dir or data_root()
        catalog()  # load the code catalog now, not on the first check
        self.markets = markets if markets is not None else default_markets()
        self.strict = strict
        self.venues: dict[str, VenueSpec] = load_venues(root)
        self._operations: dict[tuple[str, str], CompiledOperation] = {}
        self.rules: list[Rule] = []
        for venue in self.venues.values():
            registry, schemas = load_registry(venue.folder)
            fast = FastSchemas(schemas) if compiled_schemas and FastSchemas.available() else None
            rule_file = root / "rules" / f"{venue.id}.yaml"
            venue_rules = load_rule_file(rule_file, venue.operations) if rule_file.exists() else []
            self.rules.extend(venue_rules)
            for op in venue.operations.values():
                if not op.schema:
                    continue
                if op.schema not in schemas:
                    raise DataFileError(str(venue.folder / "venue.yaml"), f"operation {op.id}: schema {op.schema} not found")
                schema = schemas[op.schema]
                by_pattern: dict[str, list[Rule]] = {}
                for rule in venue_rules:
                    if op.id in rule.operations:
                        pattern = {"order": op.orders or "", "request": ""}.get(rule.given, rule.given)
                        by_pattern.setdefault(pattern, []).append(rule)
                groups = [RuleGroup(pattern, tuple(split_pointer(pattern)), defaults_of(subschema(schema, registry, pattern)), tuple(rules))
                          for pattern, rules in by_pattern.items()]
                check = SchemaCheck(schema, registry, venue.unknown_member_severity, fast.validator(op.schema) if fast else None,
                                    fast.originals if fast else None)
                self._operations[(venue.id, op.id)] = CompiledOperation(op, check, groups)

    # -- resolution --------------------------------------------------------------------------
    def resolve(self, venue: t.Any, operation: t.Any) -> tuple[OperationSpec | None, list[Diagnostic]]:
        """The operation a venue id and an operation id (or "METHOD /path") name, or why not."""
        if not isinstance(venue, str) or not venue:
            return None, [diagnostic("E003" if venue is None else "E004", "no venue given" if venue is None else f"venue must be a string, got {venue!r}")]
        spec = self.venues.get(venue) or self.venues.get(venue.lower())
        if spec is None:
            close = suggest_venue(venue, self.venues)
            hint = f"; did you mean {close!r}?" if close else ""
            return None, [diagnostic("E001", f"unknown venue {venue!r}{hint}", help=f"known venues: {', '.join(sorted(self.venues))}")]
        if not isinstance(operation, str) or not operation:
            return None, [diagnostic("E003" if operation is None else "E004", "no operation given" if operation is None else f"operation must be a string, got {operation!r}")]
        op = spec.resolve(operation)
        if op is None:
            close = spec.suggest(operation)
            hint = f"; did you mean {close!r}?" if close else ""
            return None, [diagnostic("E002", f"{spec.id} has no operation {operation!r}{hint}", help="`orderlint venues` lists the operations")]
        return op, []

    def compiled(self, venue: str, operation: str) -> CompiledOperation | None:
        return self._operations.get((venue, operation))

    # -- checking ----------------------------------------------------------------------------
    def check(self, request: t.Any, venue: str, operation: str, now: t.Any = None) -> Result:
        """The verdict on one request as it would go on the wire."""
        return self.check_in(request, venue, operation, now, None)

    def check_many(self, requests: t.Iterable[t.Any], venue: str, operation: str, now: t.Any = None) -> list[Result]:
        """One verdict per request, in order."""
        return [self.check_in(request, venue, operation, now, None) for request in requests]

    def session(self, clock: t.Callable[[], t.Any] | None = None, capacity: int = 100_000) -> Session:
        """A checker that also remembers accepted orders (their client order ids) across calls.

        `clock` returns the current moment (epoch ms, ISO text or datetime) when a check gives no `now`;
        `capacity` bounds the ids remembered per venue (the oldest are forgotten first).
        """
        return Session(self, clock=clock, capacity=capacity)

    def check_in(self, request: t.Any, venue: t.Any, operation: t.Any, now: t.Any, memory: Memory | None) -> Result:
        """`check`, with what a session remembers (or None); never raises."""
        try:
            exact = self._operations.get((venue, operation)) if isinstance(venue, str) and isinstance(operation, str) else None
            if exact is not None:  # the common case: ids given as compiled; no resolution needed
                return self._run(exact, request, now, memory)
            op, problems = self.resolve(venue, operation)
            if op is None:
                return Result(venue if isinstance(venue, str) else None, operation if isinstance(operation, str) else None, tuple(problems))
            compiled = self._operations.get((op.venue, op.id))
            if compiled is None:
                diag = diagnostic("E005", f"{op.venue} {op.id} ({op.alias}) is known but not yet checked by orderlint")
                return Result(op.venue, op.id, (diag,))
            return self._run(compiled, request, now, memory)
        except RecursionError:  # only a caller's own objects can nest this deep; files are capped when loaded
            diag = diagnostic("P006", "request nests too deeply to check; refused")
            return Result(venue if isinstance(venue, str) else None, operation if isinstance(operation, str) else None, (diag,))
        except Exception as exc:  # a bug in orderlint must not cost the caller a verdict, nor raise
            diag = diagnostic("E099", f"internal error while checking: {type(exc).__name__}: {exc}")
            return Result(venue if isinstance(venue, str) else None, operation if isinstance(operation, str) else None, (diag,))

    def _run(self, compiled: CompiledOperation, request: t.Any, now: t.Any, memory: Memory | None) -> Result:
        op = compiled.spec
        now_ms = moment_ms(now)
        try:
            found = compiled.schema.diagnostics(request) if compiled.schema else []
        except decimal.InvalidOperation:
            # NaN or infinity from an in-process caller: JSON Schema comparisons cannot order them
            found = []
            request = _finite(request, "", found)
            found.extend(compiled.schema.diagnostics(request) if compiled.schema else [])
        if compiled.groups:
            found.extend(self._rules(compiled, request, now_ms, found, memory))
        return Result(op.venue, op.id, tuple(found))

    def _rules(self, compiled: CompiledOperation, request: t.Any, now_ms: int, schema_found: list[Diagnostic],
               memory: Memory | None) -> list[Diagnostic]:
        flagged = {d.pointer for d in schema_found if d.severity == "error"} if schema_found else ()
        out: list[Diagnostic] = []
        skipped: dict[str, tuple[t.Any, list[str]]] = {}
        venue = compiled.spec.venue
        markets = self.markets
        strict = self.strict
        for group in compiled.groups:
            defaults = group.defaults
            for obj, base in expand(request, group.tokens):
                if not isinstance(obj, dict):
                    continue
                symbol = obj.get("symbol")
                market = markets.get(venue, symbol)
                ctx = Context(defaults, market, now_ms, symbol, venue, memory)
                for gate, condition, needs_market, run, rule in group.steps:
                    if gate:  # members the check needs; without them it cannot find anything, so skip it
                        if gate[0] not in obj or (len(gate) > 1 and gate[1] not in obj):
                            continue
                    try:
                        if condition is not None and not condition(obj, defaults):
                            continue
                        if needs_market and market is None:
                            if isinstance(symbol, str) and (not rule.check.reads or any(f in obj for f in rule.check.reads)):
                                names = skipped.setdefault(base, (symbol, []))[1]
                                label = f"{rule.code} {rule.name}"
                                if label not in names:
                                    names.append(label)
                            continue
                        findings = run(obj, base, ctx)
                        if findings:
                            out.extend(_diagnostic(rule, f, symbol, strict) for f in findings if f.pointer not in flagged)
                    except Exception as exc:  # a bug in one rule costs neither the verdict nor the other rules
                        out.append(diagnostic("E099", f"internal error in rule {rule.venue}/{rule.id}: {type(exc).__name__}: {exc}",
                                              pointer=base))
        for base, (symbol, names) in skipped.items():
            if join_pointer(base, "symbol") in flagged:
                continue  # the symbol itself is malformed; the schema said so
            out.append(diagnostic("M001", f"no market metadata for {venue} {symbol}: skipped {', '.join(names)}",
                                  severity="error" if strict else "warning", pointer=join_pointer(base, "symbol"),
                                  help="pass --markets with the venue's symbols response or a normalized markets file"))
        return out


def _diagnostic(rule: Rule, finding: t.Any, symbol: t.Any, strict: bool) -> Diagnostic:
    severity = rule.strict_severity if (strict and rule.strict_severity) else rule.severity
    values = {"symbol": str(symbol), **finding.values}
    help_text = render(rule.help, values) if rule.help else None
    return Diagnostic(code=rule.code, name=rule.name, severity=severity, message=render(rule.message, values),
                      pointer=finding.pointer, fix=finding.fix, help=help_text, rule=rule.id)


def _finite(value: t.Any, pointer: str, found: list[Diagnostic]) -> t.Any:
    """The request with non-finite numbers replaced by their text (and reported), so every check can order it."""
    if isinstance(value, dict):
        return {k: _finite(v, join_pointer(pointer, k), found) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v, join_pointer(pointer, i), found) for i, v in enumerate(value)]
    if (isinstance(value, decimal.Decimal) and not value.is_finite()) or (isinstance(value, float) and not math.isfinite(value)):
        found.append(diagnostic("P004", f"{value} is not a finite number; no venue accepts NaN or infinity", pointer=pointer))
        return str(value)
    return value
