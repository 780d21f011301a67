"""Engine guarantees: every value checked exactly or refused, missing metadata said, exotic API values and
`now` values as diagnostics, fixes that never create an error, misplaced members, request lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from validator import Validator, load_markets
from validator.rule_functions import REGISTRY, options_schema

V = Validator()
BASE = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000.1", "size": "0.001"}


def codes(request, operation="add_order", validator=V, **kw):
    result = validator.check(request, "kucoin", operation, **kw)
    return result, {(d.code, d.pointer) for d in result.diagnostics if d.severity == "error"}


@pytest.mark.parametrize("member,value,code", [
    ("size", "1" + "0" * 61, "P007"),                 # FA-1: a plain decimal string beyond 1e60
    ("price", "0." + "0" * 61 + "1", "P007"),        # FA-1: below 1e-60
    ("price", "50000.05" + "0" * 200 + "1", "P007"),  # FA-1: more significant digits than any venue takes
    ("size", 10**61, "P007"),                         # FA-2: an integer beyond 1e60
    ("price", float("nan"), "P004"),                  # FA-3
    ("price", float("inf"), "P004"),
    ("price", Decimal("Infinity"), "P004"),
    ("price", Decimal("1E+999999999"), "P007"),
    ("size", 1e308, "P007"),
    ("size", 5e-324, "P007"),
    ("size", 10**5000, "P007"),                       # an int past Python's text conversion limit
], ids=lambda v: v if isinstance(v, str) and len(v) < 20 else type(v).__name__)
def test_values_that_cannot_be_checked_are_errors(member, value, code):
    result, errors = codes({**BASE, member: value})
    assert not result.valid
    assert (code, f"/{member}") in errors


def test_long_trailing_zeros_are_still_checked_exactly():
    # 208 characters, but exactly 50000.05: off the 0.1 tick
    result, errors = codes({**BASE, "price": "50000.05" + "0" * 200})
    assert ("R101", "/price") in errors
    result, errors = codes({**BASE, "price": "50000.1" + "0" * 300})
    assert result.valid, result.diagnostics


def test_partial_metadata_is_said_and_strict_makes_it_an_error():
    markets = load_markets({"venue": "kucoin", "markets": {"ETH-USDT": {}, "BTC-USDT": {"price_increment": "0.1"}}})
    order = {"symbol": "ETH-USDT", "side": "buy", "type": "limit", "price": "3000.001", "size": "0.000000001"}
    for validator, severity in ((Validator(markets), "warning"), (Validator(markets, strict=True), "error")):
        result = validator.check(order, "kucoin", "add_order")
        m001 = [d for d in result.diagnostics if d.code == "M001"]
        assert m001 and m001[0].severity == severity and "R101" in m001[0].message
        btc = validator.check({**order, "symbol": "BTC-USDT", "price": "50000.1"}, "kucoin", "add_order")
        m001 = [d for d in btc.diagnostics if d.code == "M001"]
        assert m001 and "lacks" in m001[0].message and "R102" in m001[0].message


@pytest.mark.parametrize("request_", [
    {**BASE, 1: "x"},
    {**BASE, "price": 1j},
    {**BASE, "remark": object()},
])
def test_exotic_api_values_are_diagnostics_not_internal_errors(request_):
    result = V.check(request_, "kucoin", "add_order")
    assert not result.valid
    assert all(d.code != "E099" for d in result.diagnostics), result.diagnostics


def test_a_request_that_contains_itself_is_refused():
    request = dict(BASE)
    request["extra"] = request
    result = V.check(request, "kucoin", "add_order")
    assert any(d.code == "P006" for d in result.diagnostics)


@pytest.mark.parametrize("now", [1795253400010, 1795253400010.0, Decimal("1795253400010"), "2026-11-21T09:30:00.010Z",
                                 "2026-11-21T09:30:00.01Z", dt.datetime(2026, 11, 21, 9, 30, 0, 10000, tzinfo=dt.timezone.utc)])
def test_now_in_every_documented_form(now):
    order = {**BASE, "allowMaxTimeWindow": 20, "clientTimestamp": 1795253400000}
    result = V.check(order, "kucoin", "add_order", now=now)
    assert result.valid and not result.diagnostics, result.diagnostics


@pytest.mark.parametrize("now", ["garbage", float("nan"), -5, Decimal("NaN"), True])
def test_a_bad_now_is_an_error_not_the_wall_clock(now):
    result = V.check(BASE, "kucoin", "add_order", now=now)
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["E004"]


def test_stop_members_on_add_order_are_errors_not_typos():
    result = V.check({**BASE, "stop": "loss", "stopPrice": "40000"}, "kucoin", "add_order")
    found = {d.pointer: d for d in result.diagnostics}
    assert found["/stop"].code == "S011" and found["/stop"].severity == "error"
    assert "stp" not in found["/stop"].message


def test_did_you_mean_only_for_same_meaning():
    result = V.check({**BASE, "pirce": "1"}, "kucoin", "add_order")
    assert any("did you mean 'price'" in d.message for d in result.diagnostics)


def test_safe_decimal_fix_is_plain():
    markets = load_markets({"venue": "kucoin", "markets": {"MICRO-USDT": {"price_increment": "0.00000001", "base_increment": "1",
                                                                         "base_min": "1", "min_notional": "0.1", "trading_enabled": True}}})
    result = Validator(markets).check({"symbol": "MICRO-USDT", "side": "buy", "type": "limit", "price": Decimal("1.2E-7"),
                                       "size": "1000000"}, "kucoin", "add_order")
    fixes = [d.fix.value for d in result.diagnostics if d.code == "S009"]
    assert fixes == ["0.00000012"]


def test_conflicting_fixes_agree_on_a_value_that_satisfies_both():
    order = {"symbol": "ETH-USDT", "side": "buy", "type": "limit", "price": "3000", "size": "0.00001"}
    result = V.check(order, "kucoin", "add_order")
    values = {d.fix.value for d in result.diagnostics if d.fix}
    assert len(values) == 1
    fixed = V.check({**order, "size": values.pop()}, "kucoin", "add_order")
    assert fixed.valid, fixed.diagnostics


def test_request_line_resolves_and_merges_members():
    v = V.venues["kucoin"]
    found = v.resolve_line("DELETE /api/v1/hf/orders/66d1c3fb7a0f910007762fdc?symbol=ADA-USDT")
    assert found.op.id == "cancel_order_by_order_id"
    assert found.members == {"orderId": "66d1c3fb7a0f910007762fdc", "symbol": "ADA-USDT"}
    assert v.resolve_line("DELETE /api/v1/stop-order/cancel").op.id == "batch_cancel_stop_orders"  # literal wins
    assert v.suggest("GET /api/v1/hf/orders") == "POST /api/v1/hf/orders"


def test_placeholders_skip_the_rules_that_need_them():
    result = V.check({**BASE, "price": "{{ price }}"}, "kucoin", "add_order", placeholders={"/price"})
    assert result.valid, result.diagnostics
    notes = [d for d in result.diagnostics if d.code == "E007"]
    assert notes and "R101" in notes[0].message


def test_every_check_function_documents_itself():
    for function in REGISTRY.values():
        assert function.doc, function.name
        schema = options_schema(function)
        import jsonschema

        jsonschema.Draft202012Validator(schema).validate(function.example)
