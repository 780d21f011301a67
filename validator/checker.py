"""The Validator: every venue's schemas and rules compiled once, then checked per request without I/O."""

from __future__ import annotations

import dataclasses
import decimal
import math
import typing as t

from .checks import Context
from .clock import to_epoch_ms, wall_clock_ms
from .codes import catalog, diagnostic
from .datafiles import DataFileError
from .diagnostics import Diagnostic, Result, join_pointer, split_pointer
from .markets import Markets, default_markets
from .resources import data_root
from .ruleset import Rule, load_rule_file, render
from .schemas import SchemaCheck, defaults_of, load_registry, subschema
from .venues import OperationSpec, VenueSpec, load_venues, suggest_venue


@dataclasses.dataclass(frozen=True)
class BoundRule:
    """A rule as it applies to one operation: where its objects are and what their defaults are."""

    rule: Rule
    pattern: str
    defaults: dict[str, t.Any]


@dataclasses.dataclass
class CompiledOperation:
    spec: OperationSpec
    schema: SchemaCheck | None
    rules: list[BoundRule]


def expand(value: t.Any, pattern: str) -> list[tuple[t.Any, str]]:
    """The values a pointer pattern selects (with * for every item), with their pointers."""
    found = [(value, "")]
    for token in split_pointer(pattern):
        nxt = []
        for current, pointer in found:
            if token == "*":
                if isinstance(current, list):
                    nxt.extend((item, join_pointer(pointer, i)) for i, item in enumerate(current))
                elif isinstance(current, dict):
                    nxt.extend((item, join_pointer(pointer, k)) for k, item in current.items())
            elif isinstance(current, dict) and token in current:
                nxt.append((current[token], join_pointer(pointer, token)))
            elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
                nxt.append((current[int(token)], join_pointer(pointer, token)))
        found = nxt
    return found


class Validator:
    """Checks order requests against every venue orderlint knows.

    Build it once (it reads and compiles all schemas and rule files); `check` then does no I/O, never
    raises for any request value, and is safe to call from several threads.
    """

    def __init__(self, markets: Markets | None = None, *, strict: bool = False, data_dir: t.Any = None) -> None:
        root = data_dir or data_root()
        catalog()  # load the code catalog now, not on the first check
        self.markets = markets if markets is not None else default_markets()
        self.strict = strict
        self.venues: dict[str, VenueSpec] = load_venues(root)
        self._operations: dict[tuple[str, str], CompiledOperation] = {}
        self.rules: list[Rule] = []
        for venue in self.venues.values():
            registry, schemas = load_registry(venue.folder)
            rule_file = root / "rules" / f"{venue.id}.yaml"
            venue_rules = load_rule_file(rule_file, venue.operations) if rule_file.exists() else []
            self.rules.extend(venue_rules)
            for op in venue.operations.values():
                if not op.schema:
                    continue
                if op.schema not in schemas:
                    raise DataFileError(str(venue.folder / "venue.yaml"), f"operation {op.id}: schema {op.schema} not found")
                schema = schemas[op.schema]
                bound = []
                for rule in venue_rules:
                    if op.id not in rule.operations:
                        continue
                    pattern = {"order": op.orders or "", "request": ""}.get(rule.given, rule.given)
                    bound.append(BoundRule(rule, pattern, defaults_of(subschema(schema, registry, pattern))))
                self._operations[(venue.id, op.id)] = CompiledOperation(
                    op, SchemaCheck(schema, registry, venue.unknown_member_severity), bound)

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
        try:
            return self._check(request, venue, operation, now)
        except Exception as exc:  # a bug in orderlint must not cost the caller a verdict, nor raise
            diag = diagnostic("E099", f"internal error while checking: {type(exc).__name__}: {exc}")
            return Result(venue if isinstance(venue, str) else None, operation if isinstance(operation, str) else None, (diag,))

    def check_many(self, requests: t.Iterable[t.Any], venue: str, operation: str, now: t.Any = None) -> list[Result]:
        return [self.check(request, venue, operation, now) for request in requests]

    def _check(self, request: t.Any, venue: str, operation: str, now: t.Any) -> Result:
        exact = self._operations.get((venue, operation)) if isinstance(venue, str) and isinstance(operation, str) else None
        if exact is not None:  # the common case: ids given as compiled; no resolution needed
            return self._run(exact, request, now)
        op, problems = self.resolve(venue, operation)
        if op is None:
            return Result(venue if isinstance(venue, str) else None, operation if isinstance(operation, str) else None, tuple(problems))
        compiled = self._operations.get((op.venue, op.id))
        if compiled is None:
            diag = diagnostic("E005", f"{op.venue} {op.id} ({op.alias}) is known but not yet checked by orderlint")
            return Result(op.venue, op.id, (diag,))
        return self._run(compiled, request, now)

    def _run(self, compiled: CompiledOperation, request: t.Any, now: t.Any) -> Result:
        op = compiled.spec
        now_ms = to_epoch_ms(now) if now is not None else None
        if now_ms is None:
            now_ms = wall_clock_ms()
        try:
            found = compiled.schema.diagnostics(request) if compiled.schema else []
        except decimal.InvalidOperation:
            # NaN or infinity from an in-process caller: JSON Schema comparisons cannot order them
            found = []
            request = _finite(request, "", found)
            found.extend(compiled.schema.diagnostics(request) if compiled.schema else [])
        found.extend(self._rules(compiled, request, now_ms, found))
        return Result(op.venue, op.id, tuple(found))

    def _rules(self, compiled: CompiledOperation, request: t.Any, now_ms: int, schema_found: list[Diagnostic]) -> list[Diagnostic]:
        flagged = {d.pointer for d in schema_found if d.severity == "error"}
        out: list[Diagnostic] = []
        skipped: dict[str, tuple[t.Any, list[str]]] = {}
        venue = compiled.spec.venue
        for bound in compiled.rules:
            rule = bound.rule
            for obj, base in expand(request, bound.pattern):
                if not isinstance(obj, dict):
                    continue
                if rule.condition is not None and not rule.condition(obj, bound.defaults):
                    continue
                symbol = obj.get("symbol")
                market = self.markets.get(venue, symbol)
                if rule.needs_market and market is None:
                    if isinstance(symbol, str) and (not rule.check.reads or any(f in obj for f in rule.check.reads)):
                        names = skipped.setdefault(base, (symbol, []))[1]
                        label = f"{rule.code} {rule.name}"
                        if label not in names:
                            names.append(label)
                    continue
                ctx = Context(bound.defaults, market, now_ms, symbol)
                for finding in rule.check.run(obj, base, ctx):
                    if finding.pointer in flagged:
                        continue  # the schema already said what is wrong with this member
                    severity = rule.strict_severity if (self.strict and rule.strict_severity) else rule.severity
                    values = {"symbol": str(symbol), **finding.values}
                    help_text = render(rule.help, values) if rule.help else None
                    out.append(Diagnostic(code=rule.code, name=rule.name, severity=severity, message=render(rule.message, values),
                                          pointer=finding.pointer, fix=finding.fix, help=help_text, rule=rule.id))
        for base, (symbol, names) in skipped.items():
            if join_pointer(base, "symbol") in flagged:
                continue  # the symbol itself is malformed; the schema said so
            out.append(diagnostic("M001", f"no market metadata for {venue} {symbol}: skipped {', '.join(names)}",
                                  severity="error" if self.strict else "warning", pointer=join_pointer(base, "symbol"),
                                  help="pass --markets with the venue's symbols response or a normalized markets file"))
        return out



def _finite(value: t.Any, pointer: str, found: list[Diagnostic]) -> t.Any:
    """The request with non-finite numbers replaced by their text (and reported), so every check can order it."""
    if isinstance(value, dict):
        return {k: _finite(v, join_pointer(pointer, k), found) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v, join_pointer(pointer, i), found) for i, v in enumerate(value)]
    if (isinstance(value, decimal.Decimal) and not value.is_finite()) or (isinstance(value, float) and not math.isfinite(value)):
        found.append(diagnostic("P004", f"{value} is not a finite number; no venue accepts NaN or infinity", pointer=pointer))
        return str(value)
    return value
