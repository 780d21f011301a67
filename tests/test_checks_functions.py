"""Check functions on their own: each option both ways, outside any venue's rule file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from validator.rule_functions import Context, Uncheckable, build
from validator.markets import MarketInfo

CTX = Context(defaults={}, market=MarketInfo("X-Y", price_increment=Decimal("0.1"), base_increment=Decimal("0.01"),
                                             min_notional=Decimal("10")), now_ms=1_795_253_400_000, symbol="X-Y")


def run(check: dict, obj: object) -> list:
    return list(build(check).run(obj, "", CTX))


def test_at_least_one_of():
    check = {"function": "at_least_one_of", "fields": ["orderId", "clientOid"]}
    assert run(check, {"orderId": "1"}) == [] and run(check, {"orderId": "1", "clientOid": "a"}) == []
    (finding,) = run(check, {})
    assert finding.pointer == "" and finding.values["present"] == "none"
    (both,) = run({**check, "all_warns": True}, {"orderId": "1", "clientOid": "a"})
    assert both.pointer == "/clientOid"


def test_comma_list():
    check = {"function": "comma_list", "field": "ids", "max": 3, "distinct": True, "item_pattern": "^[0-9]+$"}
    assert run(check, {"ids": "1,2,3"}) == []
    for bad, word in (("1,2,3,4", "at most 3"), ("1,x", "not a valid"), ("1,1", "repeats"), ("1,,2", "empty"), ("1, 2", "spaces")):
        (finding,) = run(check, {"ids": bad})
        assert word in finding.values["problem"], (bad, finding.values)


def test_same_as_member():
    check = {"function": "same_as_member", "items": "orderList", "field": "symbol", "member": "symbol"}
    assert run(check, {"symbol": "A", "orderList": [{"symbol": "A"}, {}]}) == []
    (finding,) = run(check, {"symbol": "A", "orderList": [{"symbol": "A"}, {"symbol": "B"}]})
    assert finding.pointer == "/orderList/1/symbol" and finding.values["number"] == "2"


def test_list_checks_on_a_request_that_is_an_array():
    assert build({"function": "item_count", "max": 2}).selects == "array"
    (too_many,) = run({"function": "item_count", "max": 2}, [{}, {}, {}])
    assert too_many.pointer == "/2"
    (dup,) = run({"function": "unique", "field": "client_order_id"}, [{"client_order_id": "a"}, {"client_order_id": "a"}])
    assert dup.pointer == "/1/client_order_id" and dup.values["first_number"] == "1"
    assert run({"function": "unique", "field": "client_order_id"}, [{"client_order_id": "a"}, {"client_order_id": "b"}]) == []


@pytest.mark.parametrize("side,expected", [("buy", "50000"), ("sell", "50000.1"), (None, None)])
def test_multiple_of_rounds_by_side(side, expected):
    check = {"function": "multiple_of", "field": "price", "step": {"market": "price_increment"},
             "rounding": {"field": "side", "down": ["buy"], "up": ["sell"]}}
    (finding,) = run(check, {"price": "50000.05", **({"side": side} if side else {})})
    assert (finding.fix.value if finding.fix else None) == expected


def test_multiple_of_never_offers_zero():
    (finding,) = run({"function": "multiple_of", "field": "size", "step": {"market": "base_increment"}}, {"size": "0.001"})
    assert finding.fix is None and finding.values["valid"] == "0.01"


def test_range_exclusive():
    check = {"function": "range", "field": "amount", "min": "0", "exclusive": True}
    assert run(check, {"amount": "0.1"}) == []
    (finding,) = run(check, {"amount": "0"})
    assert finding.fix is None and "not above" in finding.values["relation"]


def test_notional_exclusive_and_at_bound_only():
    base = {"function": "notional", "fields": ["price", "size"], "min": {"market": "min_notional"},
            "fix_step": {"market": "base_increment"}}
    at_bound = {"price": "100", "size": "0.1"}  # exactly 10
    assert run(base, at_bound) == []
    (strict,) = run({**base, "exclusive": True}, at_bound)
    assert strict.fix.value == "0.11"  # strictly above the minimum, on the step
    (equal,) = run({**base, "at_bound_only": True}, at_bound)
    assert equal.values["relation"] == "equal to the minimum"
    assert run({**base, "at_bound_only": True}, {"price": "100", "size": "0.05"}) == []  # below: the other rule's job


def test_compare_not_equal_and_unreadable_values():
    check = {"function": "compare", "field": "newPrice", "op": "!=", "other": "price"}
    assert run(check, {"newPrice": "2", "price": "1"}) == []
    (same,) = run(check, {"newPrice": "1.0", "price": "1"})
    assert same.fix is None
    with pytest.raises(Uncheckable):
        run(check, {"newPrice": "1" + "0" * 70, "price": "1"})


def test_time_window_with_durations():
    check = {"function": "time_window", "field": "from", "earliest": "-730d", "latest": "0ms"}
    day = 86_400_000
    assert run(check, {"from": CTX.now_ms - 700 * day}) == []
    (old,) = run(check, {"from": CTX.now_ms - 731 * day})
    assert old.values["relation"] == "too old"
    (future,) = run(check, {"from": CTX.now_ms + 1})
    assert future.values["relation"] == "in the future"


def test_value_in_points_at_the_triggering_member():
    check = {"function": "value_in", "field": "timeInForce", "values": ["GTT"], "at": "cancelAfter"}
    (finding,) = run(check, {"cancelAfter": 60})
    assert finding.pointer == "/cancelAfter" and finding.fix.pointer == "/timeInForce"
