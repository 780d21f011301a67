"""No false rejections: what real clients build, used correctly, must pass.

The official KuCoin SDK (kucoin-universal-sdk) sends its default values (timeInForce GTC, postOnly,
hidden and iceberg false, cancelAfter -1) on every order; ccxt builds its own requests from unified
arguments and the market metadata. Both are installed with the test extras.
"""

from __future__ import annotations

import json

import pytest

from validator import Validator

sdk = pytest.importorskip("kucoin_universal_sdk.generate.spot.order")

from kucoin_universal_sdk.generate.spot.order.model_add_order_req import AddOrderReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_add_order_sync_req import AddOrderSyncReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_add_order_test_req import AddOrderTestReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_batch_add_orders_order_list import BatchAddOrdersOrderListBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_batch_add_orders_req import BatchAddOrdersReqBuilder  # noqa: E402


def wire(model) -> dict:
    """The body the SDK would post (its transport sends to_json())."""
    return json.loads(model.to_json())


@pytest.mark.parametrize(("builder", "operation"), [(AddOrderReqBuilder, "add_order"), (AddOrderSyncReqBuilder, "add_order_sync"),
                                                     (AddOrderTestReqBuilder, "add_order_test")])
def test_sdk_single_orders_pass(validator: Validator, builder, operation):
    limit = builder().set_client_oid("5c52e11203aa677f33e493fb").set_side("buy").set_symbol("BTC-USDT").set_type("limit") \
        .set_price("50000.1").set_size("0.00001").set_remark("order remarks").build()
    market_funds = builder().set_side("buy").set_symbol("ETH-USDT").set_type("market").set_funds("10").build()
    market_size = builder().set_side("sell").set_symbol("KCS-USDT").set_type("market").set_size("1.5").build()
    gtt = builder().set_side("sell").set_symbol("ADA-USDT").set_type("limit").set_price("0.4512").set_size("250.5") \
        .set_time_in_force("GTT").set_cancel_after(3600).build()
    for model in (limit, market_funds, market_size, gtt):
        body = wire(model)
        assert body.get("cancelAfter", -1) in (-1, 3600)  # the SDK really sends its defaults
        result = validator.check(body, "kucoin", operation)
        assert result.valid and result.diagnostics == (), (body, result.diagnostics)


def test_sdk_batch_passes(validator: Validator):
    items = [BatchAddOrdersOrderListBuilder().set_client_oid(f"grid-{i}").set_symbol("BTC-USDT").set_type("limit")
             .set_side("buy").set_price(str(50000 - i)).set_size("0.001").build() for i in range(5)]
    body = wire(BatchAddOrdersReqBuilder().set_order_list(items).build())
    assert body["orderList"][0]["cancelAfter"] == -1
    result = validator.check(body, "kucoin", "batch_add_orders")
    assert result.valid and result.diagnostics == (), result.diagnostics
    assert validator.check(body, "kucoin", "batch_add_orders_sync").valid


ccxt = pytest.importorskip("ccxt")

SYMBOLS = {"code": "200000", "data": [
    {"symbol": "BTC-USDT", "name": "BTC-USDT", "baseCurrency": "BTC", "quoteCurrency": "USDT", "feeCurrency": "USDT", "market": "USDS",
     "baseMinSize": "0.00001", "quoteMinSize": "0.1", "baseMaxSize": "10000000000", "quoteMaxSize": "99999999",
     "baseIncrement": "0.00000001", "quoteIncrement": "0.000001", "priceIncrement": "0.1", "priceLimitRate": "0.1",
     "minFunds": "0.1", "isMarginEnabled": True, "enableTrading": True},
    {"symbol": "ADA-USDT", "name": "ADA-USDT", "baseCurrency": "ADA", "quoteCurrency": "USDT", "feeCurrency": "USDT", "market": "USDS",
     "baseMinSize": "1", "quoteMinSize": "0.1", "baseMaxSize": "10000000000", "quoteMaxSize": "99999999",
     "baseIncrement": "0.01", "quoteIncrement": "0.0001", "priceIncrement": "0.0001", "priceLimitRate": "0.1",
     "minFunds": "0.1", "isMarginEnabled": True, "enableTrading": True},
]}


@pytest.fixture(scope="module")
def exchange():
    ex = ccxt.kucoin()
    ex.publicGetSymbols = lambda params={}: SYMBOLS  # no network: the markets come from the fixture above
    ex.set_markets(ex.fetch_spot_markets({}) if hasattr(ex, "fetch_spot_markets") else _parse_markets(ex))
    return ex


def _parse_markets(ex):
    ex.options.setdefault("fetchMarkets", {})["types"] = ["spot"]
    ex.options["fetchMarkets"]["fetchTickersFees"] = False
    return ex.fetch_markets()


@pytest.mark.parametrize(("symbol", "type_", "side", "amount", "price", "params"), [
    ("BTC/USDT", "limit", "buy", 0.00123456789, 50000.123, {}),
    ("BTC/USDT", "limit", "sell", 0.5, 61234.56, {"postOnly": True}),
    ("BTC/USDT", "market", "buy", 0.001, None, {}),
    ("ADA/USDT", "limit", "buy", 250.555, 0.45123, {"timeInForce": "GTT", "cancelAfter": 600}),
    ("ADA/USDT", "market", "sell", 100, None, {}),
])
def test_ccxt_requests_pass(validator: Validator, exchange, symbol, type_, side, amount, price, params):
    body = exchange.create_spot_order_request(symbol, type_, side, amount, price, params)
    result = validator.check(json.loads(json.dumps(body)), "kucoin", "add_order")
    assert result.valid and result.diagnostics == (), (body, result.diagnostics)
