"""Invariants across every venue's rule files that keep a skipped check from hiding a wrong value."""

from __future__ import annotations

import pytest

from validator import Validator

SKIPPING = {"time_order": ("start", "end"), "time_span": ("start", "end"), "time_age": ("field",)}


def unguarded(rules) -> list[tuple[str, str, str, str]]:
    """Members that a unit-skipping check reads without a timestamp_unit rule on the same operation."""
    guards = {(rule.venue, op, rule.check_options["field"]) for rule in rules
              if rule.check_options["function"] == "timestamp_unit" for op in rule.operations}
    missing = []
    for rule in rules:
        options = rule.check_options
        if options["function"] not in SKIPPING or (options["function"] == "time_order" and "unit" not in options):
            continue  # time_order without a unit compares whatever it is given
        for op in rule.operations:
            for key in SKIPPING[options["function"]]:
                if key in options and (rule.venue, op, options[key]) not in guards:
                    missing.append((rule.venue, rule.id, op, options[key]))
    return missing


def test_a_check_that_skips_other_units_has_a_unit_rule_beside_it(validator: Validator):
    """time_order, time_span and time_age skip a value not in their unit, because timestamp_unit reports it; so
    every member they read with a unit must have a timestamp_unit rule on the same operation, or a seconds
    value would pass unreported."""
    assert any(r.check_options["function"] in SKIPPING for r in validator.rules)
    assert not unguarded(validator.rules)


def test_the_invariant_catches_a_missing_unit_rule():
    class R:  # the two attributes the invariant reads
        def __init__(self, rule_id, options):
            self.venue, self.id, self.operations, self.check_options = "v", rule_id, ("q",), options

    age = R("age", {"function": "time_age", "field": "startAt", "unit": "ms", "max": "7d"})
    guard = R("unit", {"function": "timestamp_unit", "field": "startAt", "unit": "ms"})
    assert unguarded([age]) == [("v", "age", "q", "startAt")]
    assert unguarded([age, guard]) == []


@pytest.mark.parametrize("venue", ["kucoin", "bigone", "dfx", "poloniex", "alphasec"])
def test_every_price_tick_rule_says_how_its_fix_rounds(validator: Validator, venue):
    for rule in validator.rules:
        options = rule.check_options
        if rule.venue == venue and options["function"] == "multiple_of" and options.get("step") == {"market": "price_increment"}:
            assert "rounding" in options, rule.id
