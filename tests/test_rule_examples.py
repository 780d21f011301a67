"""Every venue rule carries a rejected and an accepted example; both are checked here, so each rule
has a failing and a passing case, and `orderlint explain` never shows an example that lies."""

from __future__ import annotations

import pytest

from validator import Validator
from validator.markets import Markets, from_normalized

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


@pytest.mark.parametrize(("rule", "number", "example"), CASES, ids=[f"{r.venue}-{r.id}-{n}" for r, n, _ in CASES])
def test_bad_example_triggers_rule(rule, number, example):
    result = _validator_for(rule, example).check(example["bad"], rule.venue, example["operation"], now=example.get("now"))
    hits = [d for d in result.diagnostics if d.rule == rule.id]
    assert hits, f"{rule.id} did not fire on its bad example: {result.diagnostics}"
    assert all(d.code == rule.code and d.severity == rule.severity for d in hits)


@pytest.mark.parametrize(("rule", "number", "example"), CASES, ids=[f"{r.venue}-{r.id}-{n}" for r, n, _ in CASES])
def test_good_example_passes(rule, number, example):
    result = _validator_for(rule, example).check(example["good"], rule.venue, example["operation"], now=example.get("now"))
    assert not [d for d in result.diagnostics if d.rule == rule.id]
    assert result.valid, result.diagnostics
    assert not [d for d in result.diagnostics if d.severity == "warning"], result.diagnostics


def test_strict_severity_applies():
    rule = next(r for r in _BASE.rules if r.strict_severity)
    example = rule.examples[0]
    strict = Validator(strict=True)
    result = strict.check(example["bad"], rule.venue, example["operation"], now=example.get("now"))
    assert any(d.rule == rule.id and d.severity == rule.strict_severity for d in result.diagnostics)
