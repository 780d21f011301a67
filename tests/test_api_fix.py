"""Validator.fix: a bot corrects an order before sending it, with the same guarantees as --fix."""

from __future__ import annotations

import copy

from validator import Validator

OFF_GRID = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000.15", "size": "0.0010000005"}


def test_safe_fix_corrects_tick_and_step_and_rechecks_clean(validator: Validator):
    """Conservative rounding never makes an order more aggressive, so it is a safe fix: applied by default."""
    original = copy.deepcopy(OFF_GRID)
    fixed, result = validator.fix(OFF_GRID, "kucoin", "add_order")
    assert OFF_GRID == original  # the caller's request is untouched
    assert fixed["price"] == "50000.1" and fixed["size"] == "0.001"  # a buy rounds down, a quantity toward zero
    assert result.valid and result.diagnostics == ()


def test_sell_price_rounds_up(validator: Validator):
    fixed, result = validator.fix(dict(OFF_GRID, side="sell"), "kucoin", "add_order", unsafe=True)
    assert fixed["price"] == "50000.2" and result.valid


def test_only_safe_fixes_by_default(validator: Validator):
    """Raising a size to the minimum buys more than was written: unsafe, applied only when asked."""
    small = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.000001"}
    checked = validator.check(small, "kucoin", "add_order")
    assert any(d.code == "R105" and d.fix is not None and d.fix.applicability == "unsafe" for d in checked.errors)
    fixed, result = validator.fix(small, "kucoin", "add_order")
    assert fixed == small and fixed is not small and not result.valid
    fixed, result = validator.fix(small, "kucoin", "add_order", unsafe=True)
    assert fixed["size"] == "0.00001" and result.valid


def test_tick_and_step_fixes_are_safe_only_when_they_round_conservatively(validator: Validator):
    for rule in validator.rules:
        options = rule.check_options
        if options["function"] != "multiple_of" or not rule.examples:
            continue
        example = rule.examples[0]
        found = validator.check(example["bad"], rule.venue, example.get("operation", rule.operations[0]),
                                now=example.get("now", 1_795_253_400_000))
        for d in found.diagnostics:
            if d.rule == rule.id and d.fix is not None:
                rounding = options.get("rounding", "toward_zero")
                conservative = isinstance(rounding, dict) or rounding == "toward_zero"
                assert d.fix.applicability == ("safe" if conservative else "unsafe"), rule.id


def test_nothing_to_fix_returns_a_copy_and_the_verdict(validator: Validator):
    order = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000.1", "size": "0.001"}
    fixed, result = validator.fix(order, "kucoin", "add_order", unsafe=True)
    assert fixed == order and fixed is not order and result.valid


def test_unfixable_order_stays_rejected(validator: Validator):
    order = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "size": "0.001"}  # no price: nothing to derive
    fixed, result = validator.fix(order, "kucoin", "add_order", unsafe=True)
    assert fixed == order and not result.valid and any(d.code == "R001" for d in result.errors)


def test_a_price_rule_must_say_how_its_fix_rounds():
    """Rounding a sell price toward zero would offer a more aggressive price than written: refused at load."""
    import pytest

    from validator.rule_functions import build

    with pytest.raises(ValueError, match="must say how its fix rounds"):
        build({"function": "multiple_of", "field": "price", "step": {"market": "price_increment"}})
    build({"function": "multiple_of", "field": "price", "step": {"market": "price_increment"}, "rounding": "none"})
    build({"function": "multiple_of", "field": "size", "step": {"market": "base_increment"}})  # quantities: toward zero


def test_rounding_none_offers_no_fix(validator: Validator):
    from validator.rule_functions import Context, build

    spec = build({"function": "multiple_of", "field": "price", "step": "0.1", "rounding": "none"})
    [finding] = spec.run({"price": "1.05"}, "", Context({}, None, 0))
    assert finding.fix is None and finding.values["valid"] == "1 or 1.1"
