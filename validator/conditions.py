"""`when` conditions of rules, compiled to predicates over one order object.

A member's value is what the request says, or the operation's documented default when the member is
absent (so `type: limit` matches an order that omits `type` where the venue defaults it to limit);
`present` tests what is written.
"""

from __future__ import annotations

import typing as t

Predicate = t.Callable[[dict[str, t.Any], dict[str, t.Any]], bool]
MISSING = object()


def effective(obj: dict[str, t.Any], defaults: dict[str, t.Any], field: str) -> t.Any:
    if field in obj:
        return obj[field]
    return defaults.get(field, MISSING)


def equal(a: t.Any, b: t.Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if a is MISSING or b is MISSING:
        return False
    try:
        return bool(a == b)
    except Exception:  # pragma: no cover - exotic values from in-process callers
        return False


def _text_in(value: t.Any, texts: frozenset[str]) -> bool:
    return type(value) is str and value in texts


def compile_condition(spec: dict[str, t.Any] | None) -> Predicate | None:
    if spec is None:
        return None
    if "all" in spec:
        parts = [compile_condition(s) for s in spec["all"]]
        if len(parts) == 2:
            first, second = parts
            return lambda obj, d: first(obj, d) and second(obj, d)  # type: ignore[misc]
        return lambda obj, d: all(p(obj, d) for p in parts)  # type: ignore[misc]
    if "any" in spec:
        parts = [compile_condition(s) for s in spec["any"]]
        return lambda obj, d: any(p(obj, d) for p in parts)  # type: ignore[misc]
    if "not" in spec:
        inner = compile_condition(spec["not"])
        return lambda obj, d: not inner(obj, d)  # type: ignore[misc]
    field = spec["field"]
    if "present" in spec:
        wanted = bool(spec["present"])
        return lambda obj, d: (field in obj and obj[field] is not None) is wanted
    if "equals" in spec:
        value = spec["equals"]
        if type(value) is str:  # text equals only text: no bool/number subtleties, so compare directly
            return lambda obj, d: (obj[field] if field in obj else d.get(field)) == value
        if type(value) is bool:  # true and false are singletons: only the boolean itself matches (not 1 or 0)
            return lambda obj, d: (obj[field] if field in obj else d.get(field)) is value
        return lambda obj, d: equal(effective(obj, d, field), value)
    if "in" in spec:
        values = list(spec["in"])
        if all(type(v) is str for v in values):
            texts = frozenset(values)
            return lambda obj, d: _text_in(obj[field] if field in obj else d.get(field), texts)
        return lambda obj, d: any(equal(effective(obj, d, field), v) for v in values)
    raise ValueError(f"unknown condition {spec!r}")  # the rule meta-schema makes this unreachable


def condition_fields(spec: dict[str, t.Any] | None) -> tuple[str, ...]:
    """The members a `when` reads, in the order it names them, each once."""
    if not spec:
        return ()
    if "all" in spec or "any" in spec:
        found = [f for part in spec.get("all", spec.get("any", [])) for f in condition_fields(part)]
        return tuple(dict.fromkeys(found))
    if "not" in spec:
        return condition_fields(spec["not"])
    return (spec["field"],) if "field" in spec else ()


def describe(spec: dict[str, t.Any] | None) -> str:
    """The condition in words, for `orderlint explain`."""
    if spec is None:
        return "always"
    if "all" in spec:
        return " and ".join(describe(s) for s in spec["all"])
    if "any" in spec:
        return "(" + " or ".join(describe(s) for s in spec["any"]) + ")"
    if "not" in spec:
        return f"not ({describe(spec['not'])})"
    field = spec["field"]
    if "present" in spec:
        return f"{field} is {'given' if spec['present'] else 'absent'}"
    if "equals" in spec:
        return f"{field} is {_word(spec['equals'])}"
    return f"{field} is one of {', '.join(_word(v) for v in spec['in'])}"


def _word(value: t.Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
