"""Property-based tests: decimal checks agree with exact rational arithmetic, fixes satisfy their rule,
the loader and the API answer every input."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from validator import Result, Validator
from validator import decimals as dec
from validator.loading import load_text

steps = st.sampled_from(["0.1", "0.01", "0.0001", "0.00000001", "0.5", "0.25", "1", "5", "0.000001"]).map(Decimal)
values = st.decimals(min_value=Decimal("0.00000001"), max_value=Decimal("100000000"), places=10, allow_nan=False, allow_infinity=False)


@given(values, steps)
def test_multiple_agrees_with_fractions(value, step):
    exact = (Fraction(value) / Fraction(step)).denominator == 1
    assert dec.is_multiple(value, step) is exact


@given(values, steps)
def test_neighbours_bracket_and_lie_on_grid(value, step):
    lower, upper = dec.neighbours(value, step)
    assert lower <= value <= upper
    assert upper - lower in (0, step)
    assert dec.is_multiple(lower, step) and dec.is_multiple(upper, step)


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=8))
def test_plain_decimal_text_round_trips(units, scale):
    text = dec.fmt(Decimal(units).scaleb(-scale))
    assert dec.to_decimal(text) == Decimal(units).scaleb(-scale)


_V = Validator()


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("999999"), places=4, allow_nan=False, allow_infinity=False))
def test_price_fix_passes_the_rule(price):
    order = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": str(price), "size": "0.01"}
    result = _V.check(order, "kucoin", "add_order")
    fixes = [d.fix for d in result.diagnostics if d.code == "R101"]
    if dec.is_multiple(price, Decimal("0.1")):
        assert not fixes
    else:
        assert len(fixes) == 1
        fixed = dict(order, price=fixes[0].value)
        assert not [d for d in _V.check(fixed, "kucoin", "add_order").diagnostics if d.code == "R101"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | st.decimals(allow_nan=True, allow_infinity=True) | st.floats(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(
        ["symbol", "side", "type", "price", "size", "funds", "orderList", "clientOid", "cancelAfter", "timeInForce",
         "postOnly", "iceberg", "visibleSize", "allowMaxTimeWindow", "clientTimestamp", "x"]), children, max_size=8),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from(["add_order", "batch_add_orders", "add_order_test", "nope"]))
def test_check_never_raises(request_value, operation):
    result = _V.check(request_value, "kucoin", operation)
    assert isinstance(result, Result)
    assert not [d for d in result.diagnostics if d.code == "E099"], result.diagnostics


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["yaml", "json", "jsonl", None]))
def test_loader_always_answers(text, fmt):
    docs = load_text(text, "fuzz", fmt)
    for doc in docs:
        assert doc.ok or any(p.severity == "error" for p in doc.problems)
