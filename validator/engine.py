"""The Validator: every venue's schemas and rules compiled once, then checked per request without I/O."""

from __future__ import annotations

import dataclasses
import typing as t
from pathlib import Path

from .rule_functions import Context, Memory, Uncheckable
from .clock import to_epoch_ms, wall_clock_ms
from .codes import catalog, diagnostic, load_catalog
from .compiled import FastPaths
from .datafiles import DataFileError
from .decimals import NotExact, to_decimal
from .diagnostics import Diagnostic, Fix, Result, expand, join_pointer, split_pointer
from .markets import Markets, default_markets, load_markets
from .requests import apply_fix, merge_members, scan, under
from .resources import data_root
from .ruleset import Rule, load_venue_rules, render
from .schemas import FastSchemas, SchemaCheck, Vocabulary, defaults_of, load_registry, subschema
from .session import Session
from .wording import show
from .venues import OperationSpec, Resolved, VenueSpec, load_venues, suggest_venue


@dataclasses.dataclass(frozen=True)
class Step:
    """One rule as the hot loop runs it, with what it needs looked up once."""

    rule: Rule
    gate: tuple[str, ...]
    condition: t.Any
    run: t.Any
    market_fields: tuple[str, ...]  # metadata it cannot run without
    reads: frozenset[str]
    on_arrays: bool  # it checks the selected value when that is a list (a batch request), not an object


@dataclasses.dataclass(frozen=True)
class RuleGroup:
    """The rules that apply to the same objects of one operation (one pointer pattern, one set of defaults)."""

    pattern: str
    tokens: tuple[str, ...]
    defaults: dict[str, t.Any]
    rules: tuple[Rule, ...]
    steps: tuple[Step, ...] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        steps = tuple(Step(r, r.check.gate, r.condition, r.check.run, tuple(sorted(r.check.market_fields)), r.check.reads,
                           r.check.selects == "array")
                      for r in self.rules if r.check is not None)
        object.__setattr__(self, "steps", steps)


@dataclasses.dataclass
class CompiledOperation:
    spec: OperationSpec
    venue: VenueSpec
    schema: SchemaCheck | None
    groups: list[RuleGroup]
    notes: tuple[Diagnostic, ...] = ()  # said of every request of this operation (deprecation)
    remembered: list[tuple[RuleGroup, Rule]] = dataclasses.field(init=False)  # values a session keeps

    def __post_init__(self) -> None:
        self.remembered = [(group, rule) for group in self.groups for rule in group.rules
                           if rule.check is not None and rule.check.remember is not None]


def _types(found: tuple[dict[str, t.Any], t.Any] | None) -> set[str] | None:
    """The JSON types a (sub)schema admits, when it says."""
    if not found:
        return None
    declared = found[0].get("type")
    if declared is None:
        return None
    return {declared} if isinstance(declared, str) else set(declared)


class Validator:
    """Checks order requests against every venue orderlint knows.

    Build it once (it reads and compiles all schemas and rule files); `check` then does no I/O, never
    raises for any request value, and is safe to call from several threads.
    """

    def __init__(self, markets: Markets | None = None, *, strict: bool = False, data_dir: str | Path | None = None,
                 compiled_schemas: bool = True, verify_fixes: bool = True, compiled_rules: bool = True) -> None:
        """`data_dir` is a folder laid out as the repository (schemas/, rules/, optional markets/ and
        rules/codes.yaml): a venue tried out of tree. `compiled_schemas=False` checks schemas with
        python-jsonschema alone (the reference path). `verify_fixes` re-checks every offered fix and keeps
        only those that introduce no new error. `compiled_rules=False` runs every rule through the interpreter
        (the reference path); by default a generated per-operation function accepts rule-clean requests first."""
        # what pickling sends instead of the compiled state (see __reduce__)
        self._arguments = (markets, strict, None if data_dir is None else str(data_dir), compiled_schemas, verify_fixes)
        root = Path(data_dir) if data_dir is not None else data_root()
        codes = catalog()
        if data_dir is not None and (root / "rules" / "codes.yaml").is_file():
            codes = {**codes, **load_catalog(root / "rules" / "codes.yaml")}
        if markets is None:
            own = sorted((root / "markets").glob("*.yaml")) if data_dir is not None else []
            markets = load_markets(*own) if own else default_markets()
        self.markets = markets
        self.strict = strict
        self.verify_fixes = verify_fixes
        self.venues: dict[str, VenueSpec] = load_venues(root)
        self._operations: dict[tuple[str, str], CompiledOperation] = {}
        self.rules: list[Rule] = []
        self.codes = codes
        for venue in self.venues.values():
            self._compile_venue(root, venue, codes, compiled_schemas)
        self._fast = FastPaths(self._operations) if compiled_rules else None

    def __reduce__(self) -> tuple[t.Any, ...]:
        """Pickled as its constructor arguments (compiled schemas and rule functions do not pickle): the copy is
        rebuilt where it is unpickled, in a worker process or on another machine, and checks the same."""
        return (_rebuild_validator, self._arguments)

    def _compile_venue(self, root: Path, venue: VenueSpec, codes: dict[str, t.Any], compiled_schemas: bool) -> None:
        registry, schemas = load_registry(venue.folder)
        fast = FastSchemas(schemas) if compiled_schemas and FastSchemas.available() else None
        venue_rules = load_venue_rules(root / "rules", venue.id, venue.operations, codes)
        self.rules.extend(venue_rules)
        checked = {op.id: (op, op.schema) for op in venue.operations.values() if op.schema}
        for op, name in checked.values():
            if name not in schemas:
                raise DataFileError(str(venue.folder / "venue.yaml"), f"operation {op.id}: schema {name} not found")
        vocabulary = Vocabulary.of(venue, {op.id: (schemas[name], op.orders or "") for op, name in checked.values()}, registry)
        for op, name in checked.values():
            schema = schemas[name]
            by_pattern: dict[str, list[Rule]] = {}
            for rule in venue_rules:
                if op.id not in rule.operations:
                    continue
                pattern = {"order": op.orders or "", "request": ""}.get(rule.given, rule.given)
                self._refuse_unselectable(rule, op, subschema(schema, registry, pattern), pattern)
                by_pattern.setdefault(pattern, []).append(rule)
            groups = [RuleGroup(pattern, tuple(split_pointer(pattern)), defaults_of(subschema(schema, registry, pattern)), tuple(rules))
                      for pattern, rules in by_pattern.items()]
            check = SchemaCheck(schema, registry, op.unknown_member_severity or venue.unknown_member_severity, fast.validator(name) if fast else None,
                                fast.originals if fast else None, vocabulary=vocabulary.for_operation(op.id))
            notes: tuple[Diagnostic, ...] = ()
            if op.deprecated:
                replacement = venue.operations.get(op.replaced_by) if op.replaced_by else None
                instead = f"; use {replacement.id} ({replacement.alias})" if replacement else ""
                notes = (diagnostic("E008", f"{venue.id} {op.id} ({op.alias}) is deprecated by the venue{instead}",
                                    url=op.url, help="the venue may remove a deprecated endpoint without notice"),)
            self._operations[(venue.id, op.id)] = CompiledOperation(op, venue, check, groups, notes)

    @staticmethod
    def _refuse_unselectable(rule: Rule, op: OperationSpec, found: tuple[dict[str, t.Any], t.Any] | None, pattern: str) -> None:
        """A rule whose `given` can never select what its check reads would silently do nothing: refuse it."""
        wanted = "array" if rule.check is not None and rule.check.selects == "array" else "object"
        where = f"rule {rule.id} ({rule.code}) on {op.id}"
        if found is None:
            raise DataFileError(rule.source, f"{where}: given {pattern or '(the request)'!r} selects nothing the operation's schema defines")
        types = _types(found)
        if types is not None and wanted not in types:
            raise DataFileError(rule.source, f"{where}: given {pattern or '(the request)'!r} selects {' or '.join(sorted(types))} "
                                             f"values, but {rule.check_options['function']} checks {'a list' if wanted == 'array' else 'an object'}")

    # -- resolution --------------------------------------------------------------------------
    def resolve(self, venue: t.Any, operation: t.Any) -> tuple[OperationSpec | None, list[Diagnostic]]:
        """The operation a venue id and an operation id (or "METHOD /path", or a request line) name, or why not."""
        found, problems = self.resolve_line(venue, operation)
        return (found.op if found else None), problems

    def resolve_line(self, venue: t.Any, operation: t.Any) -> tuple[Resolved | None, list[Diagnostic]]:
        """As `resolve`, with the path and query members a concrete request line carries."""
        if not isinstance(venue, str) or not venue:
            return None, [diagnostic("E003" if venue is None else "E004", "no venue given" if venue is None else f"venue must be a string, got {show(venue)}")]
        spec = self.venues.get(venue) or self.venues.get(venue.lower())
        if spec is None:
            close = suggest_venue(venue, self.venues)
            hint = f"; did you mean {close!r}?" if close else ""
            return None, [diagnostic("E001", f"unknown venue {show(venue)}{hint}", help=f"known venues: {', '.join(sorted(self.venues))}")]
        if not isinstance(operation, str) or not operation:
            return None, [diagnostic("E003" if operation is None else "E004", "no operation given" if operation is None else f"operation must be a string, got {show(operation)}")]
        found = spec.resolve_line(operation)
        if found is None:
            close = spec.suggest(operation)
            hint = f"; did you mean {close!r}?" if close else ""
            return None, [diagnostic("E002", f"{spec.id} has no operation {show(operation)}{hint}", help="`orderlint venues` lists the operations")]
        return found, []

    def compiled_source(self, venue: str, operation: str) -> str:
        """The generated Python source of the operation's rule fast path ("" when it has none)."""
        fast = self._fast.get((venue, operation)) if self._fast is not None else None
        return fast.source if fast is not None else ""

    def compiled(self, venue: str, operation: str) -> CompiledOperation | None:
        return self._operations.get((venue, operation))

    # -- checking ----------------------------------------------------------------------------
    def check(self, request: t.Any, venue: str, operation: str, now: t.Any = None, *,
              placeholders: t.Collection[str] = ()) -> Result:
        """The verdict on one request as it would go on the wire.

        `now` is the clock for time rules (epoch ms as int or float, ISO 8601 text, a datetime or date; None:
        the wall clock). `placeholders` are pointers of template values filled in at run time: they are not
        checked, and the rules that need them say they were skipped.
        """
        return self.check_with_memory(request, venue, operation, now, None, placeholders)

    def check_many(self, requests: t.Iterable[t.Any], venue: str, operation: str, now: t.Any = None) -> list[Result]:
        """One verdict per request, in order."""
        return [self.check_with_memory(request, venue, operation, now, None) for request in requests]

    def fix(self, request: t.Any, venue: str, operation: str, now: t.Any = None, *, unsafe: bool = False) -> tuple[t.Any, Result]:
        """A copy of `request` with the offered fixes applied (safe ones only unless `unsafe`), and the verdict
        on that copy. The request itself is never changed; send the copy only when its verdict is valid.

        Fixes round conservatively (quantities toward zero, a buy price down and a sell price up), are offered
        only when they add no error, and two fixes of one member are never both applied.
        """
        from .fixes import fixed_request

        result = self.check(request, venue, operation, now)
        if not any(d.fix is not None for d in result.diagnostics):
            return fixed_request(request, ()), result
        fixed = fixed_request(request, result.diagnostics, unsafe=unsafe)
        return fixed, self.check(fixed, venue, operation, now)

    def session(self, clock: t.Callable[[], t.Any] | None = None, capacity: int = 100_000) -> Session:
        """A checker that also remembers accepted orders (their client order ids) across calls.

        `clock` returns the current moment (epoch ms, ISO text or datetime) when a check gives no `now`;
        `capacity` bounds the ids remembered per venue (the oldest are forgotten first).
        """
        return Session(self, clock=clock, capacity=capacity)

    def to_remember(self, request: t.Any, venue: str, operation: str) -> list[tuple[str, t.Any, int | None]]:
        """What a session keeps of an accepted request: (namespace, value, window in ms) for each value that a
        `not_reused` rule names, such as a client order id."""
        compiled = self._operations.get((venue, operation))
        if compiled is None:
            return []
        return [(remember.namespace, value, remember.window_ms) for remember, value in _remembered(compiled, request)]

    def check_with_memory(self, request: t.Any, venue: t.Any, operation: t.Any, now: t.Any, memory: Memory | None,
                 placeholders: t.Collection[str] = ()) -> Result:
        """`check`, with what a session remembers (or None); never raises."""
        name_venue = venue if isinstance(venue, str) else None
        name_op = operation if isinstance(operation, str) else None
        try:
            exact = self._operations.get((venue, operation)) if name_venue and name_op else None
            if exact is not None:  # the common case: ids given as compiled; no resolution needed
                return self._run(exact, request, now, memory, placeholders, ())
            found, problems = self.resolve_line(venue, operation)
            if found is None:
                return Result(name_venue, name_op, tuple(problems))
            op = found.op
            compiled = self._operations.get((op.venue, op.id))
            if compiled is None:
                diag = diagnostic("E005", f"{op.venue} {op.id} ({op.alias}) is known but not yet checked by orderlint")
                return Result(op.venue, op.id, (diag,))
            extra: tuple[Diagnostic, ...] = ()
            if found.members:
                request, conflicts = merge_members(request, found.members)
                extra = tuple(diagnostic("E009", f"the request line gives {name} {show(line_value)} but the request holds {show(body_value)}",
                                         pointer=join_pointer("", name)) for name, line_value, body_value in conflicts)
            return self._run(compiled, request, now, memory, placeholders, extra)
        except RecursionError:  # only a caller's own objects can nest this deep; files are capped when loaded
            return Result(name_venue, name_op, (diagnostic("P006", "request nests too deeply to check; refused"),))
        except Exception as exc:  # a bug in orderlint must not cost the caller a verdict, nor raise
            return Result(name_venue, name_op, (diagnostic("E099", f"internal error while checking: {type(exc).__name__}: {exc}"),))

    def _run(self, compiled: CompiledOperation, request: t.Any, now: t.Any, memory: Memory | None,
             placeholders: t.Collection[str], extra: tuple[Diagnostic, ...], verify: bool = True) -> Result:
        op = compiled.spec
        fast = self._fast.get((op.venue, op.id)) if self._fast is not None and not placeholders else None
        if fast is not None and not extra:
            # the accept lane: a plain request that the schema and the generated rules find clean gets the
            # operation's standing result; anything else goes the whole way below, which explains it
            moment = now if type(now) is int and 0 <= now < 10**15 else wall_clock_ms() if now is None else to_epoch_ms(now)
            if moment is not None:
                scanned, problems = scan(request)
                if (not problems and (compiled.schema is None or compiled.schema.clean(scanned)) and fast(scanned, moment, self.markets)
                        and (memory is None or not self._reused(compiled, scanned, moment, memory))):
                    return fast.clean_result
        found: list[Diagnostic] = list(compiled.notes) + list(extra)
        now_ms = self._moment(now, found)
        request, problems = scan(request)
        flagged: set[str] = set()
        if problems:
            found.extend(problems)
            flagged.update(d.pointer for d in problems)
        schema_found = compiled.schema.diagnostics(request) if compiled.schema else []
        if flagged or placeholders:
            schema_found = [d for d in schema_found if d.pointer not in flagged and not under(d.pointer, placeholders)]
        found.extend(schema_found)
        flagged.update(d.pointer for d in schema_found if d.severity == "error")
        if compiled.groups and not (fast is not None and memory is None and not flagged and not schema_found and fast(request, now_ms, self.markets)):
            found.extend(self._rules(compiled, request, now_ms, flagged, memory, placeholders))
        if op.url:
            found = [d if d.url else dataclasses.replace(d, url=op.url) for d in found]
        if verify and self.verify_fixes and any(d.fix is not None for d in found):
            found = self._verified(compiled, request, now_ms, found, placeholders)
        return Result(op.venue, op.id, tuple(found))

    @staticmethod
    def _reused(compiled: CompiledOperation, request: t.Any, now_ms: int, memory: Memory) -> bool:
        """Whether a session's `not_reused` rules would find a value of `request` taken (the generated fast path
        checks every rule but these, which need the session's memory)."""
        venue = compiled.spec.venue
        return any(memory.seen(venue, remember.namespace, value, now_ms, remember.window_ms) is not None
                   for remember, value in _remembered(compiled, request))

    def _moment(self, now: t.Any, found: list[Diagnostic]) -> int:
        if now is None:
            return wall_clock_ms()
        if type(now) is int and 0 <= now < 10**15:
            return now
        moment = to_epoch_ms(now)
        if moment is None:
            found.append(diagnostic("E004", f"now {show(now)} is neither epoch milliseconds, ISO 8601 text nor a datetime; "
                                            "time rules used the wall clock"))
            return wall_clock_ms()
        return moment

    def _rules(self, compiled: CompiledOperation, request: t.Any, now_ms: int, flagged: set[str],
               memory: Memory | None, placeholders: t.Collection[str]) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        skipped: dict[str, tuple[t.Any, list[str], set[str]]] = {}  # base -> (symbol, rules, missing fields)
        waiting: dict[str, list[str]] = {}  # placeholder pointer -> rules skipped for it
        unreadable: set[str] = set()
        venue = compiled.spec.venue
        venue_spec = compiled.venue
        symbol_member = venue_spec.symbol_member
        named_at: dict[str, str] = {}  # base -> the member that names its market (for M001)
        by_parts = bool(venue_spec.symbol_parts)
        markets = self.markets
        strict = self.strict
        for group in compiled.groups:
            defaults = group.defaults
            for obj, base in expand(request, group.tokens):
                is_object = isinstance(obj, dict)
                if not is_object and not isinstance(obj, (list, tuple)):
                    continue
                symbol = obj.get(symbol_member) if is_object else None
                named_by = symbol_member
                if symbol is None and by_parts and is_object:  # e.g. base and quote token ids
                    symbol, named_by = venue_spec.symbol_in(obj)
                market = markets.get(venue, symbol)
                unknown = _placeholders_in(placeholders, base) if placeholders else ()
                ctx = Context(defaults, market, now_ms, symbol, venue, memory, named_by)
                for step in group.steps:
                    if step.on_arrays is is_object:  # object checks see objects, list checks lists
                        continue
                    if is_object and step.gate:  # members the check needs; without them it cannot find anything, so skip it
                        gate = step.gate
                        if gate[0] not in obj or (len(gate) > 1 and gate[1] not in obj):
                            continue
                    rule = step.rule
                    try:
                        if step.condition is not None and (not is_object or not step.condition(obj, defaults)):
                            continue
                        if unknown and (step.reads & unknown or (step.market_fields and symbol_member in unknown)):
                            for name in sorted(step.reads & unknown or {symbol_member}):
                                names = waiting.setdefault(join_pointer(base, name), [])
                                if f"{rule.code} {rule.name}" not in names:
                                    names.append(f"{rule.code} {rule.name}")
                            continue
                        if step.market_fields:
                            missing = _missing(market, step.market_fields)
                            if missing:
                                if isinstance(symbol, str) and (not step.reads or any(f in obj for f in step.reads)):
                                    entry = skipped.setdefault(base, (symbol, [], set()))
                                    named_at[base] = named_by
                                    label = f"{rule.code} {rule.name}"
                                    if label not in entry[1]:
                                        entry[1].append(label)
                                    if market is not None:
                                        entry[2].update(missing)
                                continue
                        findings = step.run(obj, base, ctx)
                        if findings:
                            out.extend(_diagnostic(rule, f, symbol, strict, obj, base) for f in findings if f.pointer not in flagged)
                    except Uncheckable as exc:
                        if exc.pointer not in flagged and exc.pointer not in unreadable:
                            unreadable.add(exc.pointer)
                            out.append(diagnostic(exc.code, f"{exc.field} {show(exc.value)} {exc.reason}, so it cannot be checked exactly",
                                                  severity="error", pointer=exc.pointer,
                                                  help=f"{exc.field} is checked by {rule.code} {rule.name}; send a plain decimal string"))
                    except Exception as exc:  # a bug in one rule costs neither the verdict nor the other rules
                        out.append(diagnostic("E099", f"internal error in rule {rule.venue}/{rule.id}: {type(exc).__name__}: {exc}",
                                              pointer=base))
        for base, (symbol, names, lacking) in skipped.items():
            where = join_pointer(base, named_at.get(base, symbol_member))
            if where in flagged:
                continue  # the symbol itself is malformed; the schema said so
            if lacking:
                what = f"market metadata for {venue} {symbol} lacks {', '.join(sorted(lacking))}"
            else:
                what = f"no market metadata for {venue} {symbol}"
            out.append(diagnostic("M001", f"{what}: skipped {', '.join(names)}", severity="error" if strict else "warning",
                                  pointer=where, help="give current metadata (the venue's symbols response or a normalized "
                                                      "markets file: --markets, or load_markets in the API)"))
        for pointer, names in waiting.items():
            out.append(diagnostic("E007", f"{pointer.rsplit('/', 1)[-1]} is a template placeholder: skipped {', '.join(names)}",
                                  pointer=pointer))
        return out

    def _verified(self, compiled: CompiledOperation, request: t.Any, now_ms: int, found: list[Diagnostic],
                  placeholders: t.Collection[str]) -> list[Diagnostic]:
        """Only fixes that remove their finding and introduce no new error; one value per pointer, agreed."""
        before = {(d.code, d.pointer) for d in found if d.severity == "error"}

        def errors_after(changes: dict[str, t.Any]) -> set[tuple[str, str]] | None:
            fixed = request
            for pointer, value in changes.items():
                fixed = apply_fix(fixed, pointer, value)
                if fixed is None:
                    return None
            result = self._run(compiled, fixed, now_ms, None, placeholders, (), verify=False)
            return {(d.code, d.pointer) for d in result.diagnostics if d.severity == "error"}

        by_pointer: dict[str, list[int]] = {}
        for index, d in enumerate(found):
            if d.fix is not None:
                by_pointer.setdefault(d.fix.pointer, []).append(index)
        chosen: dict[str, t.Any] = {}
        out = list(found)
        for pointer, indexes in by_pointer.items():
            targets = {(found[i].code, found[i].pointer) for i in indexes}
            candidates = _candidates([found[i].fix.value for i in indexes])  # type: ignore[union-attr]
            value = t.cast(t.Any, _NO_FIX)
            for candidate in candidates:
                after = errors_after({pointer: candidate})
                if after is not None and not (after - before) and not (after & targets):
                    value = candidate
                    break
            for i in indexes:
                fix = found[i].fix
                assert fix is not None
                out[i] = dataclasses.replace(found[i], fix=None if value is _NO_FIX else Fix(fix.pointer, value, fix.applicability))
            if value is not _NO_FIX:
                chosen[pointer] = value
        if len(chosen) > 1:
            after = errors_after(chosen)
            if after is None or after - before:  # fixes that are right alone but not together: keep the first only
                keep = next(iter(chosen))
                out = [d if d.fix is None or d.fix.pointer == keep else dataclasses.replace(d, fix=None) for d in out]
        return out


_NO_FIX = object()


def _candidates(values: list[t.Any]) -> list[t.Any]:
    """The offered values in order, then the largest and smallest of the decimal ones (one value may satisfy all)."""
    out: list[t.Any] = []
    for value in values:
        if value not in out or any(type(value) is not type(o) for o in out if o == value):
            out.append(value)
    numbers = []
    for value in values:
        if isinstance(value, str):
            try:
                number = to_decimal(value)
            except NotExact:
                continue
            if number is not None:
                numbers.append((number, value))
    if len(numbers) > 1:
        for _, text in (max(numbers), min(numbers)):
            if text not in out:
                out.append(text)
    return out


def _missing(market: t.Any, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The metadata fields a rule needs that the symbol's record does not give (all of them with no record)."""
    if market is None:
        return fields
    known = getattr(market, "known", None)
    if known is not None:
        return tuple(f for f in fields if not known(f))
    return tuple(f for f in fields if market.get(f) is None)


def _placeholders_in(placeholders: t.Collection[str], base: str) -> frozenset[str]:
    """The member names of the object at `base` whose values are placeholders."""
    prefix = base + "/"
    return frozenset(p[len(prefix):] for p in placeholders if p.startswith(prefix) and "/" not in p[len(prefix):])


def _remembered(compiled: CompiledOperation, request: t.Any) -> t.Iterator[tuple[t.Any, t.Any]]:
    """(the rule's Remember, the value) for each value of `request` that a `not_reused` rule of the operation names."""
    for group, rule in compiled.remembered:
        remember = rule.check.remember if rule.check is not None else None
        if remember is None:
            continue
        for obj, _ in expand(request, group.tokens):
            if not isinstance(obj, dict) or (rule.condition is not None and not rule.condition(obj, group.defaults)):
                continue
            value = remember.value_of(obj)
            if value is not None:
                yield remember, value


def _anchor(rule: Rule, finding: t.Any, obj: t.Any, base: str) -> str | None:
    """For a finding about a member `obj` lacks, the first present member of the rule's `when`."""
    if not rule.triggers or not isinstance(obj, dict) or not finding.pointer.startswith(base + "/"):
        return None
    name = finding.pointer[len(base) + 1:]
    if "/" in name or name in obj:
        return None
    present = next((f for f in rule.triggers if f in obj), None)
    return join_pointer(base, present) if present is not None else None


def _diagnostic(rule: Rule, finding: t.Any, symbol: t.Any, strict: bool, obj: t.Any = None, base: str = "") -> Diagnostic:
    severity = rule.strict_severity if (strict and rule.strict_severity) else rule.severity
    values = {"symbol": str(symbol), **finding.values}
    chosen = rule.help_cases.get(values.get(rule.help_by, ""), rule.help) if rule.help_by else rule.help
    help_text = render(chosen, values) if chosen else None
    return Diagnostic(code=rule.code, name=rule.name, severity=severity, message=render(rule.message, values),  # type: ignore[arg-type]
                      pointer=finding.pointer, fix=finding.fix, help=help_text, rule=rule.id, url=rule.url,
                      anchor=_anchor(rule, finding, obj, base))


def _rebuild_validator(markets: Markets | None, strict: bool, data_dir: str | None, compiled_schemas: bool = True,
                       verify_fixes: bool = True) -> Validator:
    """A Validator from its constructor arguments: what `Validator.__reduce__` unpickles to."""
    return Validator(markets, strict=strict, data_dir=data_dir, compiled_schemas=compiled_schemas, verify_fixes=verify_fixes)
