"""Every venue rule carries a rejected and an accepted example; both are checked here, so each rule
has a failing and a passing case, and `orderlint explain` never shows an example that lies."""

from __future__ import annotations

import pytest

from validator import Validator
from validator.markets import from_normalized

_BASE = Validator()
CASES = [(rule, n, ex) for rule in _BASE.rules for n, ex in enumerate(rule.examples)]


def _validator_for(rule, example) -> Validator:
    if "markets" not in example:
        return _BASE
    markets = from_normalized({"venue": rule.venue, "markets": example["markets"]})
    return Validator(markets=markets)


def test_every_rule_has_examples():
    missing = [rule.id for rule in _BASE.rules if not rule.examples]
    assert not missing


def _check(rule, example, request):
    """The example's verdict; with a history, in a session that accepted the history first."""
    validator = _validator_for(rule, example)
    if "history" not in example:
        return validator.check(request, rule.venue, example["operation"], now=example.get("now"))
    session = validator.session(clock=lambda: example.get("now", "2026-11-21T09:30:00Z"))
    for earlier in example["history"]:
        assert session.check(earlier, rule.venue, example["operation"]).valid, earlier
    return session.check(request, rule.venue, example["operation"])


@pytest.mark.parametrize(("rule", "number", "example"), CASES, ids=[f"{r.venue}-{r.id}-{n}" for r, n, _ in CASES])
def test_bad_example_triggers_rule(rule, number, example):
    result = _check(rule, example, example["bad"])
    hits = [d for d in result.diagnostics if d.rule == rule.id]
    assert hits, f"{rule.id} did not fire on its bad example: {result.diagnostics}"
    assert all(d.code == rule.code and d.severity == rule.severity for d in hits)


@pytest.mark.parametrize(("rule", "number", "example"), CASES, ids=[f"{r.venue}-{r.id}-{n}" for r, n, _ in CASES])
def test_good_example_passes(rule, number, example):
    result = _check(rule, example, example["good"])
    assert not [d for d in result.diagnostics if d.rule == rule.id]
    assert result.valid, result.diagnostics
    # E008 is the operation's own deprecation note (every request to a deprecated endpoint gets it), not a finding on the example
    assert not [d for d in result.diagnostics if d.severity == "warning" and d.code != "E008"], result.diagnostics


def test_strict_severity_applies():
    rule = next(r for r in _BASE.rules if r.strict_severity)
    example = rule.examples[0]
    strict = Validator(strict=True)
    result = strict.check(example["bad"], rule.venue, example["operation"], now=example.get("now"))
    assert any(d.rule == rule.id and d.severity == rule.strict_severity for d in result.diagnostics)
