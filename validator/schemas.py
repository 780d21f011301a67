"""Operation JSON Schemas: compiled once per venue, their violations turned into coded diagnostics."""

from __future__ import annotations

import dataclasses
import decimal
import difflib
import functools
import json
import math
import re
import typing as t
from pathlib import Path

import jsonschema
import referencing
from jsonschema import ValidationError

from .codes import diagnostic
from .datafiles import DataFileError, is_shipped
from .decimals import NotExact, as_integer, fmt, to_decimal
from .diagnostics import Diagnostic, Fix, join_pointer, split_pointer
from .nearmiss import non_ascii, repaired
from .scalars import shorten
from .wording import got, member, show

jsonschema_rs: t.Any
try:  # the compiled validator answers "any violation at all?" on the hot path; optional at run time
    import jsonschema_rs
except ImportError:  # pragma: no cover - platforms without its wheels use the reference path alone
    jsonschema_rs = None


def _decimal_string(validator: t.Any, enabled: t.Any, instance: t.Any, schema: dict[str, t.Any]) -> t.Iterator[ValidationError]:
    """orderlint's keyword: a number where the venue documents a decimal string (a warning)."""
    if enabled and validator.is_type(instance, "number"):
        yield ValidationError(f"{show(instance)} is a JSON number; the venue documents a decimal string")


def _is_integer(checker: t.Any, instance: t.Any) -> bool:
    """JSON Schema's integer: any number with no fractional part (1.0 too), decimals from the loader included."""
    if isinstance(instance, decimal.Decimal):
        return as_integer(instance) is not None
    return bool(jsonschema.Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer"))


def _is_array(checker: t.Any, instance: t.Any) -> bool:
    """A tuple from an in-process caller is sent as a JSON array, so it is one."""
    return isinstance(instance, (list, tuple))


OrderSchemaValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"decimalString": _decimal_string},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many({"integer": _is_integer, "array": _is_array}))


def load_registry(folder: Path) -> tuple[referencing.Registry, dict[str, dict[str, t.Any]]]:
    """Every JSON Schema of a venue folder, registered under its $id (nothing is ever fetched)."""
    schemas: dict[str, dict[str, t.Any]] = {}
    resources = []
    trusted = is_shipped(folder)
    for path in sorted(folder.glob("*.json")):
        try:
            with open(path, encoding="utf-8") as handle:
                schema = json.load(handle)
        except (OSError, ValueError) as exc:
            raise DataFileError(str(path), f"unreadable schema: {exc}") from exc
        try:
            if not trusted:
                jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:
            raise DataFileError(str(path), f"invalid JSON Schema: {exc.message}") from exc
        if "$id" not in schema:
            raise DataFileError(str(path), "a schema needs an $id")
        schemas[path.name] = schema
        resources.append((schema["$id"], referencing.Resource.from_contents(schema, default_specification=referencing.jsonschema.DRAFT202012)))
    return referencing.Registry().with_resources(resources), schemas


def compile_schema(schema: dict[str, t.Any], registry: referencing.Registry) -> t.Any:
    return OrderSchemaValidator(schema, registry=registry)


def standard_schema(schema: t.Any) -> t.Any:
    """The schema in standard JSON Schema: orderlint's `decimalString: true` becomes "not a number".

    Where the object has no `not` of its own, the keyword takes the same place, so every location in
    the result names the same place in the original.
    """
    if isinstance(schema, dict):
        out = {k: standard_schema(v) for k, v in schema.items() if k != "decimalString"}
        if schema.get("decimalString") is True:
            out = {**out, "not": {"type": "number"}} if "not" not in out else {"allOf": [out, {"not": {"type": "number"}}]}
        return out
    if isinstance(schema, list):
        return [standard_schema(v) for v in schema]
    return schema


class FastSchemas:
    """The venue's schemas compiled by jsonschema-rs: the hot path.

    Its errors are read back into the original schema's terms and written by the same converter as the
    reference python-jsonschema path; anything it cannot represent or locate goes to the reference.
    tests/test_schema_engines.py checks that both give the same diagnostics.
    """

    def __init__(self, schemas: dict[str, dict[str, t.Any]]) -> None:
        plain = {name: standard_schema(s) for name, s in schemas.items()}
        self._plain = plain
        self._registry = jsonschema_rs.Registry([(s["$id"], s) for s in plain.values()])
        self.originals = {s["$id"]: s for s in schemas.values()}

    def validator(self, name: str) -> t.Any:
        return jsonschema_rs.validator_for(self._plain[name], registry=self._registry, validate_formats=False)

    @staticmethod
    def available() -> bool:
        return jsonschema_rs is not None


def subschema(schema: dict[str, t.Any], registry: referencing.Registry, pattern: str) -> tuple[dict[str, t.Any], t.Any] | None:
    """The schema (and its resolver) of the values a pointer pattern (with * for any item) selects."""
    resolver = registry.resolver(base_uri=schema.get("$id", ""))
    current: dict[str, t.Any] | None
    current, resolver = _deref(schema, resolver)
    for token in split_pointer(pattern):
        if token == "*":
            current = current.get("items") if isinstance(current.get("items"), dict) else None
        else:
            current = current.get("properties", {}).get(token)
        if current is None:
            return None
        current, resolver = _deref(current, resolver)
    return current, resolver


def _deref(schema: dict[str, t.Any], resolver: t.Any) -> tuple[dict[str, t.Any], t.Any]:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 32:
        resolved = resolver.lookup(schema["$ref"])
        schema, resolver = resolved.contents, resolved.resolver
        seen += 1
    return schema, resolver


def defaults_of(found: tuple[dict[str, t.Any], t.Any] | None) -> dict[str, t.Any]:
    """Member defaults of an object schema (the values a venue assumes for absent members)."""
    if not found:
        return {}
    schema, resolver = found
    result = {}
    for name, prop in schema.get("properties", {}).items():
        prop, _ = _deref(prop, resolver)
        if isinstance(prop, dict) and "default" in prop:
            result[name] = prop["default"]
    return result


@dataclasses.dataclass(frozen=True)
class _Located:
    """What the converter reads of a python-jsonschema ValidationError, filled from a jsonschema-rs error."""

    validator: str
    validator_value: t.Any
    absolute_path: tuple[t.Any, ...]
    instance: t.Any
    schema: dict[str, t.Any]
    context: t.Any = None


def _tidy(found: t.Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each finding once, ordered by where it points, whichever engine found them in whichever order."""
    unique = {(d.pointer, d.code, d.message): d for d in found}
    return [unique[key] for key in sorted(unique)]


@dataclasses.dataclass(frozen=True)
class OperationVocabulary:
    """What the members other operations of the venue define mean for an unknown member of this one."""

    operation: str = ""
    elsewhere: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # member -> operations defining it
    misplaced: frozenset[str] = frozenset()  # members that change what an order does
    aliases: dict[str, str] = dataclasses.field(default_factory=dict)  # other clients' names -> the venue's
    labels: dict[str, str] = dataclasses.field(default_factory=dict)  # operation id -> "id (METHOD /path)"


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """Every member each operation of a venue defines (at the request and at its order objects)."""

    venue: t.Any
    members: dict[str, frozenset[str]]  # operation -> members

    @classmethod
    def of(cls, venue: t.Any, schemas: dict[str, tuple[dict[str, t.Any], str]], registry: referencing.Registry) -> Vocabulary:
        members = {}
        for op_id, (schema, orders) in schemas.items():
            names: set[str] = set()
            for pattern in {"", orders}:
                found = subschema(schema, registry, pattern)
                if found:
                    names.update(found[0].get("properties", {}))
            members[op_id] = frozenset(names)
        return cls(venue, members)

    def for_operation(self, op_id: str) -> OperationVocabulary:
        own = self.members.get(op_id, frozenset())
        elsewhere: dict[str, list[str]] = {}
        for other, names in self.members.items():
            if other != op_id:
                for name in names - own:
                    elsewhere.setdefault(name, []).append(other)
        labels = {op.id: op.alias for op in self.venue.operations.values()}
        return OperationVocabulary(op_id, {k: tuple(v) for k, v in elsewhere.items()},
                                   frozenset(self.venue.misplaced_members) - own, dict(self.venue.member_aliases), labels)


class SchemaCheck:
    """One operation's schema, ready to check requests."""

    def __init__(self, schema: dict[str, t.Any], registry: referencing.Registry, unknown_member_severity: str,
                 fast: t.Any = None, originals: dict[str, dict[str, t.Any]] | None = None,
                 vocabulary: OperationVocabulary | None = None) -> None:
        self.validator = compile_schema(schema, registry)
        self.unknown_severity = unknown_member_severity
        self.fast = fast
        self.root = schema
        self.originals = originals or {}
        self.vocabulary = vocabulary or OperationVocabulary()

    def clean(self, request: t.Any) -> bool:
        """True when the request has no schema finding at all (what `diagnostics` would say, answered sooner)."""
        if self.fast is not None:
            try:
                return bool(self.fast.is_valid(request))
            except Exception:  # values it cannot represent: the reference decides
                pass
        return not self.diagnostics(request)

    def diagnostics(self, request: t.Any) -> list[Diagnostic]:
        """Coded findings for every schema violation, deduplicated, in pointer order."""
        if self.fast is not None:
            try:
                if self.fast.is_valid(request):
                    return []
                errors = [self._from_compiled(error, request) for error in self.fast.iter_errors(request)]
                if all(e is not None for e in errors):
                    return _tidy(d for e in errors if e is not None for d in self._convert(e))
            except Exception:  # values it cannot represent (non-string keys, objects): the reference decides
                pass
        return _tidy(d for error in self.validator.iter_errors(request) for d in self._convert(error))

    def _from_compiled(self, error: t.Any, request: t.Any) -> _Located | None:
        """A jsonschema-rs error in the reference's terms, or None where only the reference can describe it."""
        location = error.absolute_keyword_location
        if location:
            uri, _, fragment = location.partition("#")
            resource = self.originals.get(uri)
            tokens: list[t.Any] = split_pointer(fragment)
        else:
            resource, tokens = self.root, list(error.schema_path)
        if resource is None or not tokens:
            return None
        parent: t.Any = resource
        for token in tokens[:-1]:
            parent = parent[int(token)] if isinstance(parent, list) else parent.get(str(token))
            if parent is None:
                return None
        keyword = str(tokens[-1])
        if keyword == "not" and isinstance(parent, dict) and parent.get("decimalString") is True and "not" not in parent:
            keyword = "decimalString"
        if keyword in ("anyOf", "oneOf") or not isinstance(parent, dict) or keyword not in parent:
            return None
        instance = request  # the caller's own value, not the compiled engine's copy (which may not keep a decimal's text)
        for step in error.instance_path:
            instance = instance[step]
        if isinstance(instance, (decimal.Decimal, float)) and not math.isfinite(instance):
            return None  # NaN and infinity: the reference path reports them (P004)
        return _Located(keyword, parent[keyword], tuple(error.instance_path), instance, parent)

    def _unknown_member(self, key: str, known: set[str], pointer: str) -> Diagnostic:
        """An unknown member: misplaced (an error naming where it belongs), another operation's member, or a typo.

        "Did you mean" offers only a member that means the same: a venue alias, the same name in other case,
        or a close spelling that is not itself a member of another operation.
        """
        vocab = self.vocabulary
        where = vocab.elsewhere.get(key, ())
        listed = ", ".join(f"{op} ({vocab.labels.get(op, op)})" for op in where[:3]) + (" and others" if len(where) > 3 else "")
        if key in vocab.misplaced:
            takes = f"; it belongs to {listed}" if where else ""
            return diagnostic("S011", f"{key} changes what an order does, and {vocab.operation or 'this operation'} does not take it{takes}",
                              pointer=pointer, help=f"send this request to {where[0]} instead, or remove {key}" if where else f"remove {key}")
        alias = vocab.aliases.get(key)
        if alias in known:
            close = [alias]
        elif where:
            return diagnostic("S004", f"unknown member {shorten(key)!r}: it is a member of {listed}, not of {vocab.operation or 'this operation'}",
                              severity=self.unknown_severity, pointer=pointer, help=f"known members: {', '.join(sorted(known))}")
        else:
            close = [k for k in known if k.lower() == key.lower()]
            if not close and len(key) <= 64:  # no member name is longer; a long key is no typo of one
                close = _close_match(key, tuple(sorted(known)))
            close = [c for c in close if c not in vocab.elsewhere or c.lower() == key.lower()]
        suggestion = f" (did you mean {close[0]!r}?)" if close else ""
        return diagnostic("S004", f"unknown member {shorten(key)!r}{suggestion}", severity=self.unknown_severity,
                          pointer=pointer, help=f"known members: {', '.join(sorted(known))}")

    def _convert(self, error: ValidationError | _Located) -> list[Diagnostic]:
        """The diagnostics for one schema error: the converter of its keyword in CONVERTERS (S000 otherwise)."""
        schema = error.schema if isinstance(error.schema, dict) else {}
        pointer = join_pointer("", *error.absolute_path)
        described = schema.get("description")
        name = member(pointer)
        found = _Error(self, str(error.validator), pointer, error.instance, error.validator_value, schema, name,
                       f"{name}: {described}" if described else None, described, list(getattr(error, "context", None) or ()),
                       str(getattr(error, "message", "")))
        convert = CONVERTERS.get(found.keyword)
        if convert is not None:
            converted = convert(found)
            if converted is not None:
                return converted
        return [diagnostic("S000", f"{name}: {found.message}", pointer=pointer, help=found.hint)]


@dataclasses.dataclass(frozen=True)
class _Error:
    """What a converter reads of one schema error (from either engine)."""

    check: SchemaCheck
    keyword: str
    pointer: str
    instance: t.Any
    value: t.Any  # the keyword's value in the schema
    schema: dict[str, t.Any]
    name: str  # the member, as messages name it
    hint: str | None  # the member's documented description, as help
    described: str | None
    context: list[t.Any]
    message: str


def _required(e: _Error) -> list[Diagnostic]:
    instance = e.instance
    if e.keyword == "required":
        why = {m: "" for m in e.value if isinstance(instance, dict) and m not in instance}
    else:
        why = {}
        for trigger, needed in e.value.items():
            if isinstance(instance, dict) and trigger in instance:
                for m in needed:
                    if m not in instance:
                        why[m] = f" (required with {trigger})"
    inside = f" in {e.name}" if e.pointer else ""
    return [diagnostic("S001", f"missing required member {m!r}{inside}{reason}", pointer=join_pointer(e.pointer, m),
                       help=_member_hint(e.schema, m)) for m, reason in why.items()]


def _additional(e: _Error) -> list[Diagnostic] | None:
    if not isinstance(e.instance, dict):
        return None
    known = set(e.schema.get("properties", {}))
    patterns = [re.compile(p) for p in e.schema.get("patternProperties", {})]
    return [e.check._unknown_member(key, known, join_pointer(e.pointer, key)) for key in e.instance
            if key not in known and not any(p.search(key) for p in patterns)]


def _type(e: _Error) -> list[Diagnostic]:
    expected = e.value if isinstance(e.value, list) else [e.value]
    decimal_string = e.schema.get("decimalString")
    wanted = " or ".join("decimal string" if (x == "string" and decimal_string) else x
                         for x in expected if not (x == "number" and decimal_string))
    article = "an" if wanted[:1] in "aeiou" else "a"
    return [diagnostic("S002", f"{e.name} must be {article} {wanted}, got {got(e.instance)}", pointer=e.pointer, help=e.hint)]


def _enum(e: _Error) -> list[Diagnostic]:
    allowed = e.value if e.keyword == "enum" else [e.value]
    listed = ", ".join(show(v) for v in allowed)
    close = [v for v in allowed if isinstance(v, str) and isinstance(e.instance, str) and v.lower() == e.instance.lower()]
    extra = f" (values are case-sensitive: {show(close[0])})" if close else ""
    fix = Fix(e.pointer, close[0], "unsafe") if close else None
    return [diagnostic("S003", f"{e.name} {show(e.instance)} is not one of {listed}{extra}", pointer=e.pointer, fix=fix, help=e.hint)]


_RELATIONS = {"minimum": "below the minimum", "maximum": "above the maximum", "exclusiveMinimum": "not above", "exclusiveMaximum": "not below"}


def _bound(e: _Error) -> list[Diagnostic]:
    return [diagnostic("S005", f"{e.name} {show(e.instance)} is {_RELATIONS[e.keyword]} {e.value}", pointer=e.pointer, help=e.hint)]


def _pattern(e: _Error) -> list[Diagnostic]:
    instance = e.instance
    form = e.described or f"a string matching {e.value}"
    near = repaired(instance, e.value) if isinstance(instance, str) and len(instance) <= 200 else None
    odd = non_ascii(instance) if isinstance(instance, str) else None
    advice = "; ".join(x for x in (f"it holds {odd}" if odd else None, f"did you mean {show(near)}?" if near else None) if x)
    return [diagnostic("S006", f"{e.name} {show(instance)} does not have the documented form: {form}", pointer=e.pointer,
                       help=advice or e.hint, fix=Fix(e.pointer, near, "unsafe") if near else None)]


def _length(e: _Error) -> list[Diagnostic]:
    relation = "at most" if e.keyword == "maxLength" else "at least"
    return [diagnostic("S007", f"{e.name} is {len(e.instance)} characters long; {relation} {e.value} allowed", pointer=e.pointer, help=e.hint)]


def _items(e: _Error) -> list[Diagnostic]:
    relation = "at most" if e.keyword == "maxItems" else "at least"
    return [diagnostic("S010", f"{e.name} has {len(e.instance)} items; {relation} {e.value} allowed", pointer=e.pointer)]


def _alternatives(e: _Error) -> list[Diagnostic]:
    best = jsonschema.exceptions.best_match(e.context) if e.context else None
    detail = f": {best.message}" if best is not None else ""
    return [diagnostic("S008", f"{e.name} {show(e.instance)} matches none of the allowed forms{detail}", pointer=e.pointer, help=e.hint)]


def _number_not_text(e: _Error) -> list[Diagnostic]:
    text = _plain(e.instance)
    said = f"{e.name} is the number {show(e.instance)}, not the decimal string the venue documents"
    if text is None:
        return [diagnostic("S009", said, pointer=e.pointer)]
    return [diagnostic("S009", f"{said}; send \"{text}\"", pointer=e.pointer, fix=Fix(e.pointer, text, "safe"))]


# keyword -> the diagnostics of one error of it (None: the generic S000); each keyword's wording sits beside it
CONVERTERS: dict[str, t.Callable[[_Error], list[Diagnostic] | None]] = {
    "required": _required, "dependentRequired": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _enum, "const": _enum,
    "minimum": _bound, "maximum": _bound, "exclusiveMinimum": _bound, "exclusiveMaximum": _bound,
    "pattern": _pattern,
    "minLength": _length, "maxLength": _length,
    "minItems": _items, "maxItems": _items,
    "anyOf": _alternatives, "oneOf": _alternatives,
    "decimalString": _number_not_text,
}


def _plain(number: t.Any) -> str | None:
    """The plain decimal string (no exponent) for a JSON number, or None when it is not one orderlint can write."""
    try:
        value = to_decimal(number)
    except NotExact:
        return None
    return fmt(value) if value is not None else None


def _member_hint(schema: dict[str, t.Any], name: str) -> str | None:
    prop = schema.get("properties", {}).get(name)
    if isinstance(prop, dict) and prop.get("description"):
        return f"{name}: {prop['description']}"
    return None


@functools.lru_cache(maxsize=4096)
def _close_match(key: str, known: tuple[str, ...]) -> list[str]:
    """The closest member name to a misspelt key (a typo tends to repeat across a run's orders)."""
    return difflib.get_close_matches(key, known, n=1, cutoff=0.75)
