"""AlphaSec DEX: the four order queries and the five signed order transaction contexts, both ways.

Real clients: ccxt has no class for AlphaSec (`"alphasec" not in ccxt.exchanges`, asserted below), so no
ccxt-built request is checked here. The official Python SDK (alphasec-dex/alphasec-python-sdk) is not
installed; the wire forms its `to_wire` methods build (floats written with `str`, e.g. "10.0" and "0.0" on a
market order; side/orderType/orderMode as 0 or 1) are reproduced by hand below and must pass.

The seed's own examples are responses (open orders, history, order by id, trades); the requests they imply
(their addresses, market ids and order ids as query and path parameters, and their order objects mistaken
for a request) are the example requests: the valid ones pass, the broken ones are reported where they break.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from validator import Validator, load_markets
from validator.rule_functions import REGISTRY
from validator.markets import from_normalized
from validator.venues import load_venue

ROOT = Path(__file__).resolve().parent.parent
VENUE = yaml.safe_load((ROOT / "schemas/alphasec/venue.yaml").read_text())
NOW = "2026-11-21T09:30:00Z"
NOW_MS = 1795253400000
DAY = 86_400_000
V = Validator()

ADDRESS = "0x1234567890123456789012345678901234567890"          # seed L99 (accountAddress)
ORDER_ID = "0x57edb3d6e2eff8e6cdf45ee171609975a5ad0318a8c8d896dcd93eef18584b52"  # seed L98
HISTORY_ID = "0x4bed76ae0c75b1d1d0b291873ad7fb58b0986955ae0d49ca642a0f8c48efbae5"  # seed L176
BY_ID = "0x4bed76ae0c75b1d1d0b291873ad7fb58b0986955ae0d49ca642a0f8c48efbae3"  # seed L211
TRADE_ORDER_ID = "0x20c859e2a894d76d1e022e24b608b59c567e74c89baa3c71abe2c05e65f3b0aa"  # seed L268

LIMIT_BUY = {"l1owner": ADDRESS, "baseToken": "1", "quoteToken": "2", "side": 0, "price": "2.3", "quantity": "10.5",
             "orderType": 0, "orderMode": 0}
MARKET_QUOTE_BUY = {"l1owner": ADDRESS, "baseToken": "1", "quoteToken": "2", "side": 0, "price": "0", "quantity": "1000",
                    "orderType": 1, "orderMode": 1}
STOP_LIMIT = {"l1owner": ADDRESS, "baseToken": "1", "quoteToken": "2", "stopPrice": "2.5", "price": "2.6", "quantity": "100",
              "side": 0, "orderType": 0, "orderMode": 0}
TICKS = from_normalized({"venue": "alphasec", "markets": {
    "1_2": {"price_increment": "0.0001", "base_increment": "0.1", "quote_increment": "0.0001", "trading_enabled": True},
    "3_2": {"price_increment": "0.01", "base_increment": "0.01", "quote_increment": "0.01", "trading_enabled": False}}})
VT = Validator(markets=TICKS)
FINE = Validator(markets=from_normalized({"venue": "alphasec", "markets": {
    "1_2": {"price_increment": "0.00000001", "base_increment": "0.1", "trading_enabled": True}}}))


def check(request, operation, now=NOW, validator=None):
    return (validator or V).check(request, "alphasec", operation, now=now)


def found(result):
    return [(d.code, d.pointer) for d in result.diagnostics]


def errors(result):
    return [(d.code, d.pointer) for d in result.diagnostics if d.severity == "error"]


def clean(result):
    return not result.diagnostics


# ---- venue, operations, request lines ---------------------------------------------------------------

def test_no_ccxt_class_for_alphasec():
    ccxt = pytest.importorskip("ccxt")
    assert "alphasec" not in ccxt.exchanges


def test_nine_operations_all_checked():
    assert set(VENUE["operations"]) == {"get_open_orders", "get_order_history", "get_order", "get_trades", "place_order",
                                        "cancel_order", "cancel_all_orders", "modify_order", "place_stop_order"}
    assert all(op.get("schema") for op in VENUE["operations"].values())
    tx = {op_id: op["path"] for op_id, op in VENUE["operations"].items() if op["method"] == "TX"}
    assert tx == {"place_order": "0x21", "cancel_order": "0x22", "cancel_all_orders": "0x23", "modify_order": "0x24",
                  "place_stop_order": "0x25"}


@pytest.mark.parametrize("line,op_id,members", [
    ("GET /api/v1/order/open", "get_open_orders", {}),
    (f"GET /api/v1/order/open?address={ADDRESS}&marketId=1_2", "get_open_orders", {"address": ADDRESS, "marketId": "1_2"}),
    ("GET /api/v1/order", "get_order_history", {}),
    (f"GET /api/v1/order?address={ADDRESS}&limit=500", "get_order_history", {"address": ADDRESS, "limit": "500"}),
    (f"GET /api/v1/order/{ORDER_ID}", "get_order", {"orderId": ORDER_ID}),
    ("GET /api/v1/order/trade", "get_trades", {}),   # a literal segment wins over {orderId}
    ("GET /api/v1/order/open?limit=5", "get_open_orders", {"limit": "5"}),
    ("TX 0x21", "place_order", {}), ("TX 0x22", "cancel_order", {}), ("TX 0x23", "cancel_all_orders", {}),
    ("TX 0x24", "modify_order", {}), ("TX 0x25", "place_stop_order", {}),
])
def test_request_lines_resolve(line, op_id, members):
    resolved, problems = V.resolve_line("alphasec", line)
    assert resolved is not None, problems
    assert resolved.op.id == op_id
    assert resolved.members == members


@pytest.mark.parametrize("line,suggestion", [
    ("TX 0x26", "TX 0x2"),            # an unknown command byte: the closest command is offered
    ("place_ordr", "place_order"),
    ("GET /api/v1/order/opn/x", "GET /api/v1/order"),
    ("get_trade", "get_trades"),
])
def test_unknown_request_line_did_you_mean(line, suggestion):
    result = check({}, line)
    assert [d.code for d in result.diagnostics] == ["E002"]
    assert "did you mean" in result.diagnostics[0].message and suggestion in result.diagnostics[0].message


def test_concrete_request_line_is_checked():
    result = check({}, f"GET /api/v1/order/trade?address={ADDRESS}&from=1700000000000&to=1795300000000")
    assert sorted(d.code for d in result.diagnostics) == ["R301", "R301", "R304"]
    result = check({}, "GET /api/v1/order/1011335")   # the database id (seed L97), not the order id
    assert [d.code for d in result.diagnostics] == ["S006"]


def test_every_operation_links_public_page():
    for op in VENUE["operations"].values():
        assert op["url"].startswith("https://docs.alphasec.trade")


# ---- queries ------------------------------------------------------------------------------------------

QUERIES = ["get_open_orders", "get_order_history", "get_trades"]


@pytest.mark.parametrize("op", QUERIES)
def test_seed_query_examples_pass(op):
    # the seed's parameters as its examples use them: the example address, market 1_2 / 3_2, defaults
    for request in ({"address": ADDRESS}, {"address": ADDRESS, "marketId": "1_2"}, {"address": ADDRESS, "marketId": "3_2", "limit": 100},
                    {"address": ADDRESS, "from": 0, "to": 0}, {"address": ADDRESS, "from": "0", "to": "0", "limit": "1"},
                    {"address": ADDRESS, "from": NOW_MS - 30 * DAY, "to": NOW_MS},
                    {"address": ADDRESS, "from": str(NOW_MS - 90 * DAY), "to": str(NOW_MS)},
                    {"address": ADDRESS.upper().replace("0X", "0x"), "from": NOW_MS - 10 * DAY}):
        assert clean(check(request, op)), (request, check(request, op).diagnostics)


@pytest.mark.parametrize("op", QUERIES)
@pytest.mark.parametrize("request_,code,pointer", [
    ({}, "S001", "/address"),
    ({"address": "0x123456789012345678901234567890123456789"}, "S006", "/address"),        # 39 hex digits
    ({"address": "1234567890123456789012345678901234567890"}, "S006", "/address"),          # no 0x
    ({"address": "0x123456789012345678901234567890123456789g"}, "S006", "/address"),
    ({"address": ADDRESS, "marketId": "KAIA/USDT"}, "S006", "/marketId"),                  # the SDK's ticker, not a market id
    ({"address": ADDRESS, "limit": 0}, "S005", "/limit"),
    ({"address": ADDRESS, "limit": "0"}, "S006", "/limit"),
    ({"address": ADDRESS, "from": -1}, "S005", "/from"),
    ({"address": ADDRESS, "from": "yesterday"}, "S006", "/from"),
])
def test_query_shape_errors(op, request_, code, pointer):
    assert (code, pointer) in errors(check(request_, op))


@pytest.mark.parametrize("op", ["get_order_history", "get_trades"])
def test_limit_at_most_500(op):
    assert clean(check({"address": ADDRESS, "limit": 500}, op))
    assert clean(check({"address": ADDRESS, "limit": "500"}, op))
    assert ("S005", "/limit") in errors(check({"address": ADDRESS, "limit": 501}, op))
    assert ("S006", "/limit") in errors(check({"address": ADDRESS, "limit": "501"}, op))


def test_open_orders_limit_has_no_documented_max():
    assert clean(check({"address": ADDRESS, "limit": 500}, "get_open_orders"))
    for limit in (501, "1000"):
        result = check({"address": ADDRESS, "limit": limit}, "get_open_orders")
        assert result.valid and found(result) == [("R007", "/limit")]


def test_unknown_query_member_is_a_warning_with_did_you_mean():
    result = check({"address": ADDRESS, "symbol": "1_2"}, "get_open_orders")
    assert result.valid
    [d] = result.diagnostics
    assert (d.code, d.severity, d.pointer) == ("S004", "warning", "/symbol") and "'marketId'" in d.message


# ---- time windows ----------------------------------------------------------------------------------

@pytest.mark.parametrize("op", QUERIES)
@pytest.mark.parametrize("window,expected", [
    ({}, []),                                                              # default: last 30 days
    ({"from": 0, "to": 0}, []),
    ({"from": 0}, []),                                                     # both "0 or not provided"
    ({"from": NOW_MS - 90 * DAY, "to": NOW_MS}, []),                       # exactly 90 days
    ({"from": NOW_MS - 90 * DAY - 1, "to": NOW_MS - 1}, []),
    ({"from": NOW_MS - 90 * DAY - 1, "to": NOW_MS}, [("R304", "/to")]),    # 90 days + 1 ms
    ({"from": NOW_MS - 90 * DAY - 1}, [("R304", "/from")]),                # to defaults to now
    ({"from": NOW_MS - 90 * DAY}, []),
    ({"from": NOW_MS - 730 * DAY, "to": NOW_MS - 700 * DAY}, []),          # the oldest allowed
    ({"from": NOW_MS - 730 * DAY - 1, "to": NOW_MS - 700 * DAY}, [("R301", "/from")]),
    ({"from": NOW_MS - 10, "to": NOW_MS}, []),
    ({"from": NOW_MS - 10, "to": NOW_MS + 1}, [("R301", "/to")]),          # the future
    ({"from": NOW_MS + 1}, [("R301", "/from")]),
    ({"from": NOW_MS - DAY, "to": NOW_MS - 2 * DAY}, [("R303", "/from")]), # from after to
    ({"from": NOW_MS - DAY, "to": NOW_MS - DAY}, []),
    ({"from": str(NOW_MS - 91 * DAY), "to": str(NOW_MS)}, [("R304", "/to")]),   # query text
    ({"from": str(NOW_MS + 5), "to": "0"}, [("R301", "/from")]),
    ({"from": 1795167000, "to": NOW_MS}, [("R302", "/from"), ("R301", "/from")]),  # seconds
])
def test_time_windows(op, window, expected):
    result = check({"address": ADDRESS, **window}, op)
    assert sorted(found(result)) == sorted(expected), result.diagnostics
    assert all(d.severity == "error" for d in result.diagnostics)


@pytest.mark.parametrize("window", [{"to": NOW_MS}, {"from": 0, "to": NOW_MS - DAY}, {"to": str(NOW_MS)}])
def test_to_without_from_is_a_warning(window):
    result = check({"address": ADDRESS, **window}, "get_order_history")
    assert result.valid
    assert found(result) == [("R001", "/from")]
    assert result.diagnostics[0].severity == "warning"


def test_windows_measure_against_now():
    request = {"address": ADDRESS, "from": NOW_MS - 100 * DAY, "to": NOW_MS - 20 * DAY}
    assert clean(check(request, "get_trades"))
    later = NOW_MS + 711 * DAY   # the same window, two years on: beyond the 730-day history
    assert ("R301", "/from") in found(check(request, "get_trades", now=later))


# ---- get_order ------------------------------------------------------------------------------------

@pytest.mark.parametrize("order_id", [ORDER_ID, HISTORY_ID, BY_ID, TRADE_ORDER_ID, ORDER_ID.upper().replace("0X", "0x")])
def test_get_order_seed_ids_pass(order_id):
    assert clean(check({"orderId": order_id}, "get_order"))
    assert clean(check({}, f"GET /api/v1/order/{order_id}"))


@pytest.mark.parametrize("order_id", ["1011335", "23040400030001", ORDER_ID[:-1], ORDER_ID + "0", ORDER_ID[2:], ADDRESS, ""])
def test_get_order_bad_ids(order_id):
    assert ("S006", "/orderId") in errors(check({"orderId": order_id}, "get_order")) or \
        ("S007", "/orderId") in errors(check({"orderId": order_id}, "get_order"))


# ---- transaction contexts -------------------------------------------------------------------------

def sdk_wire_order(side, price, quantity, order_type, order_mode, base="1", quote="2"):
    """What the official SDK's OrderModel.to_wire sends: floats through str(), enums as ints."""
    return {"l1owner": ADDRESS, "baseToken": base, "quoteToken": quote, "side": int(side), "price": str(float(price)),
            "quantity": str(float(quantity)), "orderType": int(order_type), "orderMode": int(order_mode)}


@pytest.mark.parametrize("request_,op", [
    (LIMIT_BUY, "place_order"),
    ({**LIMIT_BUY, "side": 1, "price": "2.5", "quantity": "8.0"}, "place_order"),       # seed L178-L182 as an order
    (MARKET_QUOTE_BUY, "place_order"),
    ({**MARKET_QUOTE_BUY, "orderMode": 0, "quantity": "10"}, "place_order"),
    ({**LIMIT_BUY, "tpsl": {"tpLimit": "2.6", "slTrigger": "2.1", "slLimit": "2.0"}}, "place_order"),
    (sdk_wire_order(0, 2.3, 10.5, 0, 0), "place_order"),
    (sdk_wire_order(1, 0.0, 10, 1, 0), "place_order"),                                  # "0.0" and "10.0"
    (STOP_LIMIT, "place_stop_order"),
    ({**STOP_LIMIT, "price": "0", "orderType": 1, "orderMode": 1}, "place_stop_order"),
    ({"l1owner": ADDRESS, "orderId": ORDER_ID}, "cancel_order"),
    ({"l1owner": ADDRESS}, "cancel_all_orders"),
    ({"l1owner": ADDRESS, "orderId": ORDER_ID, "orderMode": 0, "newPrice": "2.4"}, "modify_order"),
    ({"l1owner": ADDRESS, "orderId": ORDER_ID, "orderMode": 0, "newQty": "5"}, "modify_order"),
    ({"l1owner": ADDRESS, "orderId": ORDER_ID, "orderMode": 0, "newPrice": "2.4", "newQty": "5"}, "modify_order"),
])
def test_transactions_pass(request_, op):
    assert clean(check(request_, op, validator=VT)), check(request_, op, validator=VT).diagnostics
    # with the shipped snapshot (no ticks), only "skipped" warnings remain
    result = check(request_, op)
    assert result.valid and {d.code for d in result.diagnostics} <= {"M001"}, result.diagnostics


@pytest.mark.parametrize("request_,op,expected", [
    ({**LIMIT_BUY, "price": "0"}, "place_order", ("R001", "/price")),
    ({**LIMIT_BUY, "price": "0.00"}, "place_order", ("R001", "/price")),
    ({**MARKET_QUOTE_BUY, "price": "2.3"}, "place_order", ("R003", "/price")),
    ({**LIMIT_BUY, "orderMode": 1}, "place_order", ("R005", "/orderMode")),
    ({**STOP_LIMIT, "orderMode": 1}, "place_stop_order", ("R005", "/orderMode")),
    ({**STOP_LIMIT, "orderType": 1}, "place_stop_order", ("R003", "/price")),
    ({**STOP_LIMIT, "stopPrice": "0"}, "place_stop_order", ("S006", "/stopPrice")),
    ({**LIMIT_BUY, "side": "BUY"}, "place_order", ("S003", "/side")),                  # the REST vocabulary
    ({**LIMIT_BUY, "orderType": "LIMIT"}, "place_order", ("S003", "/orderType")),
    ({**LIMIT_BUY, "orderType": 2}, "place_order", ("S003", "/orderType")),
    ({**LIMIT_BUY, "quantity": "0"}, "place_order", ("S006", "/quantity")),
    ({**LIMIT_BUY, "quantity": "1e-05"}, "place_order", ("S006", "/quantity")),
    ({**LIMIT_BUY, "price": "-2.3"}, "place_order", ("S006", "/price")),
    ({**LIMIT_BUY, "l1owner": "0x1234"}, "place_order", ("S006", "/l1owner")),
    ({**LIMIT_BUY, "baseToken": "KAIA"}, "place_order", ("S006", "/baseToken")),
    ({k: v for k, v in LIMIT_BUY.items() if k != "orderMode"}, "place_order", ("S001", "/orderMode")),
    ({**LIMIT_BUY, "timeInForce": "GTC"}, "place_order", ("S004", "/timeInForce")),
    ({**LIMIT_BUY, "tpsl": {"tpPrice": "2.6"}}, "place_order", ("S004", "/tpsl/tpPrice")),
    ({"l1owner": ADDRESS, "orderId": "1011335"}, "cancel_order", ("S006", "/orderId")),
    ({"l1owner": ADDRESS}, "cancel_order", ("S001", "/orderId")),
    ({"l1owner": ADDRESS, "marketId": "1_2"}, "cancel_all_orders", ("S004", "/marketId")),
    ({}, "cancel_all_orders", ("S001", "/l1owner")),
    ({"l1owner": ADDRESS, "orderId": ORDER_ID, "orderMode": 0}, "modify_order", ("R008", "")),
    ({"l1owner": ADDRESS, "orderId": ORDER_ID, "orderMode": 0, "newPrice": "0"}, "modify_order", ("S006", "/newPrice")),
    ({"l1owner": ADDRESS, "orderId": ORDER_ID, "newPrice": "2.4"}, "modify_order", ("S001", "/orderMode")),
    ({"l1owner": ADDRESS, "orderId": ORDER_ID, "orderMode": 0, "price": "2.4"}, "modify_order", ("S004", "/price")),
])
def test_transactions_rejected(request_, op, expected):
    result = check(request_, op, validator=VT)
    assert expected in errors(result), result.diagnostics


def test_unknown_transaction_member_is_an_error_with_did_you_mean():
    result = check({**LIMIT_BUY, "qty": "1"}, "place_order", validator=VT)
    [d] = result.diagnostics
    assert (d.code, d.severity, d.pointer) == ("S004", "error", "/qty") and "'quantity'" in d.message
    result = check({"address": ADDRESS}, "cancel_all_orders")
    assert [(d.code, d.severity, d.pointer) for d in result.diagnostics if d.code == "S004"] == [("S004", "error", "/address")]
    assert "'l1owner'" in result.diagnostics[-1].message or any("'l1owner'" in d.message for d in result.diagnostics)


def test_seed_response_object_is_not_an_order_request():
    """The open-orders example object (seed L96-L118) sent as an order context: its REST members are unknown there."""
    response_order = {"id": 1011335, "orderId": ORDER_ID, "accountAddress": ADDRESS, "marketId": "1_2", "side": "BUY",
                      "orderType": "LIMIT", "orderMode": 0, "price": "2.3", "origQty": "10.5", "origQuoteOrderQty": "0"}
    result = check(response_order, "place_order")
    assert not result.valid
    unknown = {d.pointer for d in result.diagnostics if d.code == "S004"}
    assert unknown == {"/id", "/orderId", "/accountAddress", "/marketId", "/origQty", "/origQuoteOrderQty"}
    assert all(d.severity == "error" for d in result.diagnostics if d.code == "S004")
    assert ("S003", "/side") in errors(result) and ("S003", "/orderType") in errors(result)


def test_market_price_zero_forms_pass_and_fix_offers_zero():
    for price in ("0", "0.0", "0.00000000"):
        assert clean(check({**MARKET_QUOTE_BUY, "price": price}, "place_order", validator=VT))
    result = check({**MARKET_QUOTE_BUY, "price": "2.3"}, "place_order", validator=VT)
    [d] = result.diagnostics
    assert d.fix is not None and d.fix.value == "0"


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=Decimal("0.00000001"), max_value=Decimal("1000000"), places=8))
def test_any_positive_price_on_a_market_order_is_flagged(price):
    text = format(price, "f")
    result = check({**MARKET_QUOTE_BUY, "price": text}, "place_order", validator=VT)
    assert found(result) == [("R003", "/price")]
    limit = check({**LIMIT_BUY, "price": text}, "place_order", validator=FINE)
    assert clean(limit), limit.diagnostics


# ---- market metadata --------------------------------------------------------------------------------

def test_shipped_snapshot_reports_what_was_skipped():
    result = check(LIMIT_BUY, "place_order")
    [d] = result.diagnostics
    assert d.code == "M001" and d.severity == "warning" and d.pointer == "/baseToken"
    assert "alphasec 1_2 lacks" in d.message and "price_increment" in d.message and "R101 price-increment" in d.message
    assert "R102 size-increment" in d.message
    strict = Validator(strict=True).check(LIMIT_BUY, "alphasec", "place_order", now=NOW)
    assert not strict.valid


def test_unknown_market_reported_and_unlisted_market_rejected():
    result = check({**LIMIT_BUY, "baseToken": "99"}, "place_order")
    assert [d.code for d in result.diagnostics] == ["M001"] and "no market metadata for alphasec 99_2" in result.diagnostics[0].message
    result = check({**LIMIT_BUY, "baseToken": "3", "price": "2.3"}, "place_order", validator=VT)
    assert found(result) == [("R109", "/baseToken")]


def test_ticks_checked_when_supplied():
    result = check({**LIMIT_BUY, "price": "2.30005", "quantity": "10.55"}, "place_order", validator=VT)
    assert sorted(found(result)) == [("R101", "/price"), ("R102", "/quantity")]
    result = check({**STOP_LIMIT, "stopPrice": "2.50001"}, "place_stop_order", validator=VT)
    assert found(result) == [("R101", "/stopPrice")]


def test_recorded_listing_imports():
    markets = load_markets(ROOT / "tests/data/markets/alphasec_market.json")
    kaia = markets.get("alphasec", "1_2")
    assert kaia is not None and kaia.get("trading_enabled") is True and kaia.get("price_increment") is None


def test_shipped_snapshot_holds_listing_only():
    data = yaml.safe_load((ROOT / "markets/alphasec.yaml").read_text())
    assert data["venue"] == "alphasec"
    for entry in data["markets"].values():
        assert set(entry) == {"trading_enabled"}


# ---- engine pieces this venue needs -------------------------------------------------------------

def test_symbol_parts_name_the_market():
    venue = load_venue(ROOT / "schemas/alphasec")
    assert venue.symbol_in({"baseToken": "1", "quoteToken": "2"}) == ("1_2", "baseToken")
    assert venue.symbol_in({"marketId": "3_2", "baseToken": "1", "quoteToken": "2"}) == ("3_2", "marketId")
    assert venue.symbol_in({"baseToken": "1"}) == (None, "marketId")
    assert venue.symbol_in({"baseToken": 1, "quoteToken": 2}) == (None, "marketId")


def test_operation_unknown_member_severity_overrides_venue():
    venue = load_venue(ROOT / "schemas/alphasec")
    assert venue.unknown_member_severity == "warning"
    assert venue.operations["place_order"].unknown_member_severity == "error"
    assert venue.operations["get_trades"].unknown_member_severity is None


def test_time_window_reads_timestamp_text():
    spec = REGISTRY["time_window"].build({"function": "time_window", "field": "from", "latest_ms": 0})
    from validator.rule_functions.base import Context
    ctx = Context({}, None, NOW_MS)
    assert spec.run({"from": str(NOW_MS + 1)}, "", ctx)
    assert not spec.run({"from": str(NOW_MS)}, "", ctx)
    assert spec.run({"from": NOW_MS + 1}, "", ctx)


# ---- user-visible text ---------------------------------------------------------------------------

INTERNAL = re.compile(r"\bseed\b|DESIGN|\bruling\b|catalog|\bL\d{2,}\b", re.IGNORECASE)


def _texts(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "$comment":
                yield from _texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{path}/{index}")
    elif isinstance(node, str):
        yield path, node


def _files():
    yield "schemas/alphasec/venue.yaml", VENUE
    yield "rules/alphasec.yaml", yaml.safe_load((ROOT / "rules/alphasec.yaml").read_text())
    for path in sorted((ROOT / "rules").glob("alphasec/*.yaml")):
        yield str(path), yaml.safe_load(path.read_text())
    for schema in sorted((ROOT / "schemas/alphasec").glob("*.json")):
        yield str(schema), json.loads(schema.read_text())


@pytest.mark.parametrize("name,data", list(_files()), ids=lambda x: x if isinstance(x, str) else "")
def test_no_internal_citations_in_user_text(name, data):
    leaks = [(where, text) for where, text in _texts(data) if INTERNAL.search(text)]
    assert not leaks


def test_rule_urls_are_public_pages():
    rules = yaml.safe_load((ROOT / "rules/alphasec.yaml").read_text())["rules"]
    assert rules and all(rule["url"].startswith("https://docs.alphasec.trade") for rule in rules)
