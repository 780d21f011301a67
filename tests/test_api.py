"""The Python API exactly as DESIGN section 8, and its promises: no raising, exact decimals, threads."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from validator import OrderRejected, Result, Validator, load_markets

GOOD = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000.1", "size": "0.001"}


def test_design_api(tmp_path, validator):
    markets = tmp_path / "markets.yaml"
    markets.write_text("venue: kucoin\nmarkets:\n  BTC-USDT: {price_increment: '0.5', base_increment: '0.001'}\n")
    v = Validator(markets=load_markets(str(markets)))
    result = v.check(dict(GOOD), venue="kucoin", operation="add_order", now=None)
    assert isinstance(result, Result) and not result.valid
    diag = result.diagnostics[0]
    assert (diag.code, diag.name, diag.severity, diag.pointer, diag.line, diag.column) == ("R101", "price-increment", "error", "/price", None, None)
    assert diag.fix.value == "50000"
    with pytest.raises(OrderRejected) as caught:
        result.raise_for_errors()
    assert caught.value.diagnostics == result.diagnostics
    ok = validator.check(dict(GOOD), venue="kucoin", operation="add_order")
    assert ok.valid and ok.diagnostics == ()
    ok.raise_for_errors()


def test_floats_from_callers_are_taken_by_repr(validator):
    order = dict(GOOD, price=50000.1, size=0.001)
    result = validator.check(order, "kucoin", "add_order")
    assert result.valid and [d.code for d in result.diagnostics] == ["S009", "S009"]
    eth = {"symbol": "ETH-USDT", "side": "buy", "type": "limit", "price": 0.07, "size": "2.13"}
    assert not [d for d in validator.check(eth, "kucoin", "add_order").diagnostics if d.code.startswith("R")]


@pytest.mark.parametrize("request_value", [None, 1, "x", [], [1, {}], {"symbol": ["BTC-USDT"]}, {"orderList": "x"},
                                            {"symbol": "BTC-USDT", "type": "limit", "price": Decimal("NaN"), "size": object()},
                                            {"symbol": "BTC-USDT", "type": "limit", "price": "1e999999999", "size": float("inf")}])
def test_never_raises(validator, request_value):
    for op in ("add_order", "batch_add_orders"):
        result = validator.check(request_value, "kucoin", op)
        assert isinstance(result, Result) and not result.valid


def test_unknown_venue_and_operation_are_diagnostics(validator):
    assert validator.check({}, "binance", "add_order").diagnostics[0].code == "E001"
    assert validator.check({}, "kucoin", "place_order").diagnostics[0].code == "E002"
    assert validator.check({}, None, None).diagnostics[0].code == "E003"


def test_thread_safe(validator):
    bad = dict(GOOD, price="50000.05")
    expected_bad = validator.check(bad, "kucoin", "add_order")
    failures = []

    def work():
        for _ in range(200):
            if validator.check(dict(GOOD), "kucoin", "add_order").diagnostics != ():
                failures.append("good")
            if validator.check(dict(bad), "kucoin", "add_order") != expected_bad:
                failures.append("bad")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


def test_load_markets_venue_response_and_default():
    response = {"code": "200000", "data": [{"symbol": "GMT-USDT", "priceIncrement": "0.0001", "baseIncrement": "0.0001",
                                            "baseMinSize": "1", "enableTrading": True}]}
    markets = load_markets(response)
    info = markets.get("kucoin", "GMT-USDT")
    assert info.price_increment == Decimal("0.0001") and info.trading_enabled is True
    default = load_markets()
    assert {"BTC-USDT", "ETH-USDT", "KCS-USDT", "ADA-USDT"} <= set(default.symbols("kucoin"))


def test_integral_decimals_are_integers(validator):
    """1.0 is an integer in JSON Schema; the time rule reads it like 1 (no silent skip)."""
    from decimal import Decimal

    order = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001",
             "allowMaxTimeWindow": Decimal("20.0"), "clientTimestamp": Decimal("1795253300000.0")}
    assert [d.code for d in validator.check(order, "kucoin", "add_order", now="2026-11-21T09:30:00Z").diagnostics] == ["R301"]
    order["clientTimestamp"] = Decimal("1795253400000.0")
    assert validator.check(order, "kucoin", "add_order", now="2026-11-21T09:30:00Z").valid
    order["cancelAfter"] = Decimal("1.5")
    assert "S002" in [d.code for d in validator.check(order, "kucoin", "add_order", now="2026-11-21T09:30:00Z").diagnostics]
