"""Invariants across every venue's rule files that keep a skipped check from hiding a wrong value."""

from __future__ import annotations

from decimal import Decimal

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


def test_no_multiple_of_message_offers_zero(validator: Validator):
    """`{lower}` is 0 for a value below one step; "nearest valid: 0 or ..." then offers a quantity the venue
    refuses. Messages and help name `{valid}` or `{nearest}`, which leave a non-positive multiple out."""
    multiples = [r for r in validator.rules if r.check_options["function"] == "multiple_of"]
    assert len(multiples) > 10
    for rule in multiples:
        texts = [rule.message, *(rule.help.values() if isinstance(rule.help, dict) else [rule.help or ""])]
        assert not any("{lower}" in text for text in texts), rule.id


@pytest.mark.parametrize("venue, operation, order, member", [
    ("kucoin", "add_order", {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.000000001"}, "size"),
    ("kucoin", "add_order", {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "0.05", "size": "1"}, "price"),
    ("dfx", "create_order", None, "quantity"),
])
def test_a_value_below_one_step_is_never_told_zero_is_valid(validator: Validator, venue, operation, order, member):
    if order is None:  # the DFX example order of its rule file, with a quantity below one increment
        rule = next(r for r in validator.rules if r.venue == venue and r.check_options["function"] == "multiple_of"
                    and r.check_options["field"] == member)
        order = {**rule.examples[0]["bad"], member: "0.000000000001"}
        operation = rule.operations[0]
    result = validator.check(order, venue, operation, now=1_700_000_000_000)
    found = [d for d in result.diagnostics if d.pointer.endswith("/" + member) and "multiple" in d.message]
    assert found, result.diagnostics
    for d in found:
        assert "0 or " not in d.message and (d.help is None or " 0 or " not in d.help)
        assert d.fix is None or Decimal(d.fix.value) > 0
