"""Rule files (rules/<venue>.yaml): loaded, checked against their meta-schema and compiled per operation."""

from __future__ import annotations

import dataclasses
import functools
import re
import typing as t
from pathlib import Path

from . import rule_functions
from .codes import catalog
from .conditions import Predicate, compile_condition, condition_fields
from .datafiles import DataFileError, is_shipped, read_data_file
from .loading import load_file
from .sourcemap import locate

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclasses.dataclass(frozen=True)
class Rule:
    """One venue rule as written in its rule file."""

    venue: str
    id: str
    code: str
    name: str
    operations: tuple[str, ...]
    given: str
    when: dict[str, t.Any] | None
    check_options: dict[str, t.Any]
    severity: str
    strict_severity: str | None
    message: str
    help: str | None  # the hint shown when no case below applies (and in `explain`)
    explanation: str
    reference: str
    url: str | None
    examples: tuple[dict[str, t.Any], ...]
    source: str
    help_by: str | None = None  # placeholder whose value picks the hint from help_cases
    help_cases: dict[str, str] = dataclasses.field(default_factory=dict)
    condition: Predicate | None = dataclasses.field(compare=False, repr=False, default=None)
    triggers: tuple[str, ...] = ()  # the members its `when` reads, in order: where a finding about an absent member points
    check: rule_functions.CheckSpec | None = dataclasses.field(compare=False, repr=False, default=None)

    @property
    def needs_market(self) -> bool:
        return bool(self.check and self.check.market_fields)



def render(template: str, values: dict[str, str]) -> str:
    """A message template with its {placeholders} filled in (plain substitution; nothing is evaluated)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


@functools.cache
def _options_validator(name: str) -> t.Any:
    import jsonschema

    return jsonschema.Draft202012Validator(rule_functions.options_schema(rule_functions.REGISTRY[name]))


def _options_problem(function: rule_functions.Function, options: dict[str, t.Any]) -> tuple[str, str] | None:
    """Where and how a rule's check options break the function's schema, or None."""
    error = next(iter(sorted(_options_validator(function.name).iter_errors(options), key=lambda e: e.path)), None)
    if error is None:
        return None
    return "".join(f"/{p}" for p in error.absolute_path), error.message


def load_rule_file(path: Path, venue_operations: dict[str, t.Any], codes: dict[str, t.Any] | None = None) -> list[Rule]:
    data = read_data_file(path, meta="ruleset.schema.json")
    source = str(path)
    trusted = is_shipped(path)

    def fail(pointer: str, message: str) -> t.NoReturn:
        doc = load_file(path)[0]  # read again for positions only when there is something to point at
        pos = locate(doc.sourcemap, pointer) if doc.sourcemap else None
        raise DataFileError(source, message, *(pos or (None, None)))

    groups: dict[str, list[str]] = data.get("groups", {})
    codes = codes if codes is not None else catalog()
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["rules"]):
        where = f"/rules/{index}"
        if raw["id"] in seen:
            fail(where + "/id", f"duplicate rule id {raw['id']!r}")
        seen.add(raw["id"])
        if raw["code"] not in codes:
            fail(where + "/code", f"code {raw['code']} is not in rules/codes.yaml")
        operations: list[str] = []
        for name in raw["operations"]:
            expanded = groups.get(name, [name])
            for op in expanded:
                if op not in venue_operations:
                    fail(where + "/operations", f"unknown operation {op!r} for venue {data['venue']}")
                if not venue_operations[op].schema:
                    fail(where + "/operations", f"operation {op!r} has no schema in the venue manifest")
                operations.append(op)
        function = rule_functions.REGISTRY.get(raw["check"]["function"])
        if function is None:
            fail(where + "/check/function", f"unknown check function {raw['check']['function']!r} "
                                            f"(known: {', '.join(sorted(rule_functions.REGISTRY))})")
        problem = None if trusted else _options_problem(function, raw["check"])
        if problem:
            fail(where + "/check" + problem[0], f"invalid options for {function.name}: {problem[1]}")
        try:
            spec = rule_functions.build(raw["check"])
        except (ValueError, KeyError) as exc:
            fail(where + "/check", f"invalid check: {exc}")
        help_spec = raw.get("help")
        help_texts = [help_spec] if isinstance(help_spec, str) else (
            list(help_spec["cases"].values()) + [help_spec.get("default", "")] if help_spec else [])
        unknown = set(_PLACEHOLDER.findall(raw["message"] + " ".join(help_texts))) - spec.placeholders
        if isinstance(help_spec, dict) and help_spec["by"] not in spec.placeholders:
            unknown.add(help_spec["by"])
        if unknown:
            fail(where + "/message", f"message uses {', '.join(sorted(unknown))}, which {raw['check']['function']} does not provide "
                                     f"(available: {', '.join(sorted(spec.placeholders))})")
        code = codes[raw["code"]]
        rules.append(Rule(
            venue=data["venue"], id=raw["id"], code=raw["code"], name=code.name, operations=tuple(operations),
            given=raw.get("given", "order"), when=raw.get("when"), check_options=raw["check"],
            severity=raw.get("severity", code.severity), strict_severity=raw.get("strict_severity"),
            message=raw["message"], help=help_spec.get("default") if isinstance(help_spec, dict) else help_spec,
            help_by=help_spec["by"] if isinstance(help_spec, dict) else None,
            help_cases=dict(help_spec["cases"]) if isinstance(help_spec, dict) else {},
            explanation=raw["explanation"].strip(),
            reference=raw["reference"], url=raw.get("url"), examples=tuple(raw.get("examples", ())), source=source,
            condition=compile_condition(raw.get("when")), check=spec, triggers=condition_fields(raw.get("when")),
        ))
    return rules


def rule_files(rules_dir: Path, venue: str) -> list[Path]:
    """A venue's rule files: rules/<venue>.yaml, then rules/<venue>/*.yaml in name order."""
    files = [rules_dir / f"{venue}.yaml"] if (rules_dir / f"{venue}.yaml").is_file() else []
    return files + sorted((rules_dir / venue).glob("*.yaml"))


def load_venue_rules(rules_dir: Path, venue: str, venue_operations: dict[str, t.Any],
                     codes: dict[str, t.Any] | None = None) -> list[Rule]:
    """Every rule of one venue, from all its rule files; a rule id is unique across them."""
    rules: list[Rule] = []
    first: dict[str, str] = {}
    for path in rule_files(rules_dir, venue):
        for rule in load_rule_file(path, venue_operations, codes):
            if rule.venue != venue:
                raise DataFileError(str(path), f"rule file for venue {venue!r} says venue {rule.venue!r}")
            if rule.id in first:
                raise DataFileError(str(path), f"duplicate rule id {rule.id!r} (also in {first[rule.id]})")
            first[rule.id] = str(path)
            rules.append(rule)
    return rules
