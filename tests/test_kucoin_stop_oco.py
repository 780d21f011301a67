"""KuCoin stop orders and OCO orders (15 operations): schemas, rules, request lines, and what real clients send.

Every operation is checked both ways; KuCoin's own OCO request example passes; the official SDK's request
builders and ccxt's requests (captured without the network) pass with no error.
"""

from __future__ import annotations

import json
import warnings as pywarnings
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from validator import Validator, load_markets
from validator.documents import check_document
from validator.loading import load_file
from validator.requests import scan

V = Validator()
NOW = "2026-11-21T09:30:00Z"

STOP_OPS = ["add_stop_order", "get_stop_orders_list", "cancel_stop_order_by_client_oid", "cancel_stop_order_by_order_id",
            "get_stop_order_by_order_id", "batch_cancel_stop_orders", "get_stop_order_by_client_oid"]
OCO_OPS = ["add_oco_order", "cancel_oco_order_by_order_id", "get_oco_order_by_order_id", "cancel_oco_order_by_client_oid",
           "get_oco_order_by_client_oid", "batch_cancel_oco_orders", "get_oco_order_list", "get_oco_order_detail_by_order_id"]
MINE = STOP_OPS + OCO_OPS
DEPRECATED = {"add_stop_order", "cancel_stop_order_by_client_oid", "cancel_stop_order_by_order_id", *OCO_OPS}

STOP_ID = "vs93gptvr9t2fsql003l8k5p"  # a stop-order id as KuCoin returns them
OCO_ID = "674c316e688dea0007c7b986"
COID = "5c52e11203aa677f33e493fb"
STOP_LIMIT = {"symbol": "BTC-USDT", "side": "sell", "type": "limit", "price": "47900", "size": "0.001", "stopPrice": "48000"}
STOP_MARKET = {"symbol": "BTC-USDT", "side": "buy", "type": "market", "funds": "100", "stopPrice": "52000"}
# KuCoin's own Add OCO Order request example (official API specification)
OCO_EXAMPLE = {"symbol": "BTC-USDT", "side": "buy", "price": "94000", "size": "0.1", "clientOid": "5c52e11203aa67f1e493fb",
               "stopPrice": "98000", "limitPrice": "96000", "remark": "this is remark", "tradeType": "TRADE"}


def codes(result, severity=None):
    return [(d.code, d.pointer) for d in result.diagnostics if severity is None or d.severity == severity]


def errors(result):
    return codes(result, "error")


def warnings(result):
    """Warnings other than the operation's own deprecation note."""
    return [(d.code, d.pointer) for d in result.diagnostics if d.severity == "warning" and d.code != "E008"]


# ---- every operation both ways ------------------------------------------------------------------
GOOD = {
    "add_stop_order": STOP_LIMIT,
    "get_stop_orders_list": {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "tradeType": "TRADE", "startAt": 1795253400000,
                             "endAt": 1795339800000, "currentPage": 1, "pageSize": 50, "orderIds": f"{STOP_ID},vs93gptvr9t2fsql003l8k5q",
                             "stop": "stop"},
    "cancel_stop_order_by_client_oid": {"symbol": "BTC-USDT", "clientOid": COID},
    "cancel_stop_order_by_order_id": {"orderId": STOP_ID},
    "get_stop_order_by_order_id": {"orderId": STOP_ID},
    "batch_cancel_stop_orders": {"symbol": "BTC-USDT", "tradeType": "TRADE", "orderIds": STOP_ID},
    "get_stop_order_by_client_oid": {"clientOid": COID, "symbol": "BTC-USDT"},
    "add_oco_order": OCO_EXAMPLE,
    "cancel_oco_order_by_order_id": {"orderId": OCO_ID},
    "get_oco_order_by_order_id": {"orderId": OCO_ID},
    "cancel_oco_order_by_client_oid": {"clientOid": COID},
    "get_oco_order_by_client_oid": {"clientOid": COID},
    "batch_cancel_oco_orders": {"orderIds": f"{OCO_ID},674c3170688dea0007c7b987", "symbol": "BTC-USDT"},
    "get_oco_order_list": {"symbol": "BTC-USDT", "startAt": "1795253400000", "endAt": "1795339800000", "orderIds": OCO_ID,
                           "pageSize": "10", "currentPage": "1"},
    "get_oco_order_detail_by_order_id": {"orderId": OCO_ID},
}

# (operation, request, expected error (code, pointer))
BAD = [
    ("add_stop_order", {k: v for k, v in STOP_LIMIT.items() if k != "stopPrice"}, ("S001", "/stopPrice")),
    ("add_stop_order", {**STOP_LIMIT, "stopPrice": "48000.05"}, ("R101", "/stopPrice")),
    ("add_stop_order", {**STOP_LIMIT, "tradeType": "SPOT"}, ("S003", "/tradeType")),
    ("add_stop_order", {**STOP_LIMIT, "stop": "up"}, ("S003", "/stop")),
    ("add_stop_order", {**STOP_LIMIT, "limitPrice": "47000"}, ("S011", "/limitPrice")),
    ("get_stop_orders_list", {"pageSize": -50}, ("S005", "/pageSize")),
    ("get_stop_orders_list", {"currentPage": "0"}, ("S006", "/currentPage")),
    ("get_stop_orders_list", {"currentPage": 0}, ("S005", "/currentPage")),
    ("get_stop_orders_list", {"side": "BUY"}, ("S003", "/side")),
    ("get_stop_orders_list", {"stop": "loss"}, ("S003", "/stop")),
    ("get_stop_orders_list", {"startAt": 1795253400}, ("R302", "/startAt")),
    ("cancel_stop_order_by_client_oid", {"symbol": "BTC-USDT"}, ("S001", "/clientOid")),
    ("cancel_stop_order_by_order_id", {"orderId": "vs93gptvr9t2fsql003l8k5p/x"}, ("S006", "/orderId")),
    ("get_stop_order_by_order_id", {}, ("S001", "/orderId")),
    ("batch_cancel_stop_orders", {"tradeType": "MARGIN"}, ("S003", "/tradeType")),
    ("get_stop_order_by_client_oid", {"clientOid": "x" * 41}, ("S007", "/clientOid")),
    ("add_oco_order", {k: v for k, v in OCO_EXAMPLE.items() if k != "clientOid"}, ("S001", "/clientOid")),
    ("add_oco_order", {k: v for k, v in OCO_EXAMPLE.items() if k != "limitPrice"}, ("S001", "/limitPrice")),
    ("add_oco_order", {**OCO_EXAMPLE, "tradeType": "MARGIN_TRADE"}, ("S003", "/tradeType")),
    ("add_oco_order", {**OCO_EXAMPLE, "limitPrice": "96000.01"}, ("R101", "/limitPrice")),
    ("add_oco_order", {**OCO_EXAMPLE, "stop": "loss"}, ("S011", "/stop")),
    ("cancel_oco_order_by_order_id", {"orderId": ""}, ("S007", "/orderId")),
    ("get_oco_order_by_order_id", {"orderId": 674}, ("S002", "/orderId")),
    ("cancel_oco_order_by_client_oid", {"clientOid": "has space"}, ("S006", "/clientOid")),
    ("get_oco_order_by_client_oid", {}, ("S001", "/clientOid")),
    ("batch_cancel_oco_orders", {"symbol": "BTC/USDT"}, ("S006", "/symbol")),
    ("get_oco_order_list", {"currentPage": 0}, ("S005", "/currentPage")),
    ("get_oco_order_list", {"pageSize": "50.5"}, ("S006", "/pageSize")),
    ("get_oco_order_list", {"pageSize": 0}, ("S005", "/pageSize")),
    ("get_oco_order_list", {"startAt": 1795339800000, "endAt": 1795253400000}, ("R303", "/startAt")),
    ("get_oco_order_detail_by_order_id", {"orderId": None}, ("S002", "/orderId")),
]


def test_every_operation_is_covered_both_ways():
    assert sorted(GOOD) == sorted(MINE)
    assert {op for op, _, _ in BAD} == set(MINE)
    venue = yaml.safe_load((V.venues["kucoin"].folder / "venue.yaml").read_text())
    for op in MINE:
        assert venue["operations"][op]["schema"] == f"{op}.json"


@pytest.mark.parametrize("op", MINE)
def test_valid_request_passes(op):
    result = V.check(GOOD[op], "kucoin", op, now=NOW)
    assert result.valid and not warnings(result), result.diagnostics


@pytest.mark.parametrize(("op", "request_", "expected"), BAD, ids=[f"{op}-{exp[0]}-{exp[1]}" for op, _, exp in BAD])
def test_invalid_request_is_reported_where_it_is_wrong(op, request_, expected):
    result = V.check(request_, "kucoin", op, now=NOW)
    assert not result.valid
    assert expected in errors(result), result.diagnostics


@pytest.mark.parametrize("op", ["get_stop_orders_list", "get_oco_order_list"])
@pytest.mark.parametrize("page_size", [600, "600", 501, 9, "9", 1])
def test_page_size_outside_the_documented_range_is_a_warning(op, page_size):
    """KuCoin documents a page size of 10 to 500 but not that it rejects others (it may use the nearest bound)."""
    result = V.check({"symbol": "BTC-USDT", "pageSize": page_size, "currentPage": 1}, "kucoin", op, now=NOW)
    assert result.valid and not errors(result), result.diagnostics
    assert warnings(result) == [("R007", "/pageSize")], result.diagnostics
    [hit] = [d for d in result.diagnostics if d.code == "R007"]
    assert hit.severity == "warning" and "10 to 500" in hit.message and str(page_size) in hit.message


@pytest.mark.parametrize("op", ["get_stop_orders_list", "get_oco_order_list"])
@pytest.mark.parametrize("page_size", [10, "10", 500, "500", 50])
def test_page_size_inside_the_documented_range_is_clean(op, page_size):
    result = V.check({"symbol": "BTC-USDT", "pageSize": page_size}, "kucoin", op, now=NOW)
    assert result.valid and not warnings(result), result.diagnostics


@pytest.mark.parametrize("op", ["get_stop_orders_list", "get_oco_order_list"])
@pytest.mark.parametrize(("members", "expected"), [
    ({"currentPage": 0}, ("S005", "/currentPage")), ({"currentPage": "0"}, ("S006", "/currentPage")),
    ({"currentPage": -1}, ("S005", "/currentPage")), ({"currentPage": 1.5}, ("S002", "/currentPage")),
    ({"pageSize": 0}, ("S005", "/pageSize")), ({"pageSize": -10}, ("S005", "/pageSize")),
    ({"pageSize": "-10"}, ("S006", "/pageSize")), ({"pageSize": 50.5}, ("S002", "/pageSize")),
])
def test_page_values_that_cannot_be_valid_stay_errors(op, members, expected):
    result = V.check({"symbol": "BTC-USDT", **members}, "kucoin", op, now=NOW)
    assert not result.valid and expected in errors(result), result.diagnostics


@pytest.mark.parametrize("op", MINE)
def test_deprecation_note_exactly_where_the_venue_deprecates(op):
    result = V.check(GOOD[op], "kucoin", op, now=NOW)
    notes = [d for d in result.diagnostics if d.code == "E008"]
    assert (len(notes) == 1) == (op in DEPRECATED)
    for note in notes:
        # KuCoin names no replacement for its stop and OCO endpoints: the note must not invent one
        assert note.severity == "warning" and "; use " not in note.message
    assert V.venues["kucoin"].operations[op].replaced_by is None


# ---- the placement rules --------------------------------------------------------------------------
@pytest.mark.parametrize(("request_", "expected"), [
    ({k: v for k, v in STOP_LIMIT.items() if k != "price"}, ("R001", "/price")),
    ({k: v for k, v in STOP_LIMIT.items() if k != "size"}, ("R001", "/size")),
    ({**STOP_LIMIT, "funds": "10"}, ("R003", "/funds")),
    ({**STOP_MARKET, "size": "0.001"}, ("R002", "/funds")),
    ({k: v for k, v in STOP_MARKET.items() if k != "funds"}, ("R002", "")),
    ({**STOP_LIMIT, "cancelAfter": 60}, ("R005", "/cancelAfter")),
    ({**STOP_LIMIT, "price": "47900.05"}, ("R101", "/price")),
    ({**STOP_LIMIT, "size": "0.0000100001"}, ("R102", "/size")),
    ({**STOP_LIMIT, "size": "0.000001"}, ("R105", "/size")),
    ({**STOP_MARKET, "funds": "10.0000001"}, ("R103", "/funds")),
    ({**STOP_MARKET, "funds": "0.01"}, ("R106", "/funds")),
    ({**STOP_LIMIT, "symbol": "ADA-USDT", "price": "0.1", "size": "0.5", "stopPrice": "0.1"}, ("R107", "/size")),
])
def test_stop_orders_follow_the_add_order_rules(request_, expected):
    result = V.check(request_, "kucoin", "add_stop_order")
    assert expected in errors(result), result.diagnostics


@pytest.mark.parametrize(("request_", "expected"), [
    ({**STOP_MARKET, "price": "52000"}, ("R003", "/price")),
    ({**STOP_MARKET, "timeInForce": "IOC"}, ("R003", "/timeInForce")),
    ({**STOP_LIMIT, "postOnly": True, "timeInForce": "IOC"}, ("R004", "/postOnly")),
    ({**STOP_LIMIT, "cancelAfter": 0, "timeInForce": "GTT"}, ("R007", "/cancelAfter")),
    ({**STOP_LIMIT, "timeInForce": "GTT"}, ("R005", "/cancelAfter")),
    ({**STOP_LIMIT, "iceberg": True}, ("R001", "/visibleSize")),
])
def test_stop_order_doubts_are_warnings(request_, expected):
    result = V.check(request_, "kucoin", "add_stop_order")
    assert result.valid and expected in warnings(result), result.diagnostics


def test_stop_members_are_accepted_where_they_belong_and_errors_elsewhere():
    # misplaced_members (stop, stopPrice, limitPrice) must not fire where the operation defines the member
    for op, request_ in [("add_stop_order", {**STOP_LIMIT, "stop": "loss"}), ("add_stop_order", {**STOP_LIMIT, "stop": "entry"}),
                         ("add_oco_order", OCO_EXAMPLE), ("get_stop_orders_list", {"stop": "oco"})]:
        result = V.check(request_, "kucoin", op)
        assert not [d for d in result.diagnostics if d.code in ("S011", "S004")], result.diagnostics
    on_hf = V.check({"symbol": "BTC-USDT", "side": "sell", "type": "limit", "price": "47900", "size": "0.001", "stopPrice": "48000"},
                    "kucoin", "add_order")
    s011 = [d for d in on_hf.diagnostics if d.code == "S011"]
    assert [d.pointer for d in s011] == ["/stopPrice"] and s011[0].severity == "error"
    assert "add_stop_order" in s011[0].message and "add_oco_order" in s011[0].message
    assert "add_stop_order" in (s011[0].help or "")
    on_stop = V.check({**STOP_LIMIT, "limitPrice": "47000"}, "kucoin", "add_stop_order")
    assert [d.pointer for d in on_stop.diagnostics if d.code == "S011"] == ["/limitPrice"]
    assert "add_oco_order" in next(d for d in on_stop.diagnostics if d.code == "S011").message


def test_stop_and_oco_ticks_use_market_metadata():
    markets = load_markets({"venue": "kucoin", "markets": {"BTC-USDT": {"price_increment": "1", "base_increment": "0.0001",
                                                                       "base_min": "0.0001", "min_notional": "1", "trading_enabled": True}}})
    v = Validator(markets=markets)
    result = v.check({**STOP_LIMIT, "stopPrice": "48000.1"}, "kucoin", "add_stop_order")
    hit = next(d for d in result.diagnostics if d.code == "R101")
    assert hit.pointer == "/stopPrice" and "48000" in hit.message and "48001" in hit.message
    assert hit.fix is None  # a trigger's safe direction depends on the order's intent: both neighbours are named instead
    sell = v.check({**STOP_LIMIT, "price": "47900.4"}, "kucoin", "add_stop_order")
    assert next(d for d in sell.diagnostics if d.code == "R101").fix.value == "47901"  # a sell price rounds up, never more aggressive
    oco = v.check({**OCO_EXAMPLE, "price": "94000.5", "stopPrice": "98000.5", "limitPrice": "96000.5"}, "kucoin", "add_oco_order")
    assert sorted(p for c, p in errors(oco) if c == "R101") == ["/limitPrice", "/price", "/stopPrice"]
    # an unknown symbol: the checks that need metadata say they were skipped (never a silent pass)
    unknown = V.check({**OCO_EXAMPLE, "symbol": "NOPE-USDT"}, "kucoin", "add_oco_order")
    assert any(d.code == "M001" for d in unknown.diagnostics)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=9))
def test_stop_price_tick_property(ticks, fraction):
    on_grid = Decimal(ticks) * Decimal("0.1")
    off_grid = on_grid + Decimal(fraction) / 100
    good = V.check({**STOP_MARKET, "stopPrice": str(on_grid)}, "kucoin", "add_stop_order")
    assert ("R101", "/stopPrice") not in errors(good)
    bad = V.check({**STOP_MARKET, "stopPrice": str(off_grid)}, "kucoin", "add_stop_order")
    assert ("R101", "/stopPrice") in errors(bad)


# ---- OCO ----------------------------------------------------------------------------------------
def test_kucoin_oco_example_passes():
    result = V.check(OCO_EXAMPLE, "kucoin", "add_oco_order")
    assert result.valid and not warnings(result), result.diagnostics
    assert [d.code for d in result.diagnostics] == ["E008"]


@pytest.mark.parametrize(("side", "price", "stop", "warned"), [
    ("buy", "94000", "98000", False), ("buy", "98000", "94000", True), ("buy", "96000", "96000", True),
    ("sell", "105000", "90000", False), ("sell", "90000", "105000", True), ("sell", "90000", "90000", True),
])
def test_oco_price_order_is_a_warning_because_it_is_inferred(side, price, stop, warned):
    result = V.check({**OCO_EXAMPLE, "side": side, "price": price, "stopPrice": stop, "limitPrice": stop}, "kucoin", "add_oco_order")
    assert result.valid  # never an error: KuCoin does not document the relation
    assert (("R006", "/price") in warnings(result)) is warned, result.diagnostics
    if warned:
        rule = next(r for r in V.rules if r.id == f"oco-{side}-price-{'below' if side == 'buy' else 'above'}-stop-price")
        assert "inferred, not documented" in rule.explanation


def test_oco_limit_price_is_not_compared():
    """KuCoin's buy example has limitPrice below stopPrice; any limitPrice on the grid passes."""
    for limit in ("90000", "96000", "99000"):
        result = V.check({**OCO_EXAMPLE, "limitPrice": limit}, "kucoin", "add_oco_order")
        assert result.valid and not warnings(result), result.diagnostics


def test_client_oid_reuse_spans_stop_oco_and_plain_orders():
    session = V.session(clock=lambda: NOW)
    assert session.check({**STOP_LIMIT, "clientOid": "strategy-7"}, "kucoin", "add_stop_order").valid
    again = session.check({**OCO_EXAMPLE, "clientOid": "strategy-7"}, "kucoin", "add_oco_order")
    assert ("R204", "/clientOid") in errors(again)
    assert session.check({**OCO_EXAMPLE, "clientOid": "strategy-8"}, "kucoin", "add_oco_order").valid


# ---- id lists, paging, time ranges, mass cancels ----------------------------------------------------
def test_oco_list_takes_at_most_500_ids():
    ids = [f"{n:024x}" for n in range(501)]
    over = V.check({"orderIds": ",".join(ids)}, "kucoin", "get_oco_order_list")
    assert errors(over) == [("R205", "/orderIds")] and "501" in over.diagnostics[-1].message
    at_limit = V.check({"orderIds": ",".join(ids[:500])}, "kucoin", "get_oco_order_list")
    assert at_limit.valid and not warnings(at_limit), at_limit.diagnostics


@pytest.mark.parametrize("op", ["get_stop_orders_list", "batch_cancel_stop_orders", "batch_cancel_oco_orders", "get_oco_order_list"])
def test_repeated_ids_are_a_warning(op):
    result = V.check({"symbol": "BTC-USDT", "orderIds": f"{OCO_ID},{OCO_ID}"}, "kucoin", op)
    assert result.valid and ("R206", "/orderIds") in warnings(result), result.diagnostics


def test_long_id_lists_are_text_not_numbers():
    """A comma list of ids starting with a digit is not a number, however long (engine: requests.scan)."""
    text = ",".join([OCO_ID] * 3)
    cleaned, problems = scan({"orderIds": text})
    assert not problems and cleaned["orderIds"] == text
    result = V.check({"orderIds": ",".join([OCO_ID, "674c3170688dea0007c7b987", "674c3171688dea0007c7b988"])}, "kucoin",
                     "batch_cancel_oco_orders")
    assert result.valid and not warnings(result), result.diagnostics
    # a long number-like text is still checked as a number
    _, number_problems = scan({"price": "9" * 70})
    assert [d.code for d in number_problems] == ["P007"]


@pytest.mark.parametrize(("op", "request_", "expected"), [
    ("get_stop_orders_list", {"startAt": 1795253400, "endAt": 1795339800000}, [("R302", "/startAt")]),
    ("get_stop_orders_list", {"startAt": 1795253400000, "endAt": "1795339800"}, [("R302", "/endAt")]),
    ("get_oco_order_list", {"startAt": "1795339800000", "endAt": "1795253400000"}, [("R303", "/startAt")]),
    ("get_oco_order_list", {"startAt": 1795253400000000}, [("R302", "/startAt")]),
])
def test_query_time_ranges(op, request_, expected):
    result = V.check(request_, "kucoin", op)
    assert errors(result) == expected, result.diagnostics


def test_seconds_timestamp_gets_a_millisecond_fix():
    result = V.check({"startAt": 1795253400}, "kucoin", "get_stop_orders_list")
    hit = next(d for d in result.diagnostics if d.code == "R302")
    assert hit.fix is not None and hit.fix.value == 1795253400000


@pytest.mark.parametrize(("op", "request_", "warned"), [
    ("batch_cancel_stop_orders", {}, True),
    ("batch_cancel_stop_orders", {"tradeType": "TRADE"}, True),
    ("batch_cancel_stop_orders", {"symbol": "BTC-USDT"}, False),
    ("batch_cancel_stop_orders", {"orderIds": STOP_ID}, False),
    ("batch_cancel_oco_orders", {}, True),
    ("batch_cancel_oco_orders", {"symbol": "BTC-USDT"}, False),
    ("batch_cancel_oco_orders", {"orderIds": OCO_ID}, False),
    ("batch_cancel_oco_orders", {"orderIds": ""}, True),
    ("batch_cancel_stop_orders", {"orderIds": ""}, True),
    ("batch_cancel_stop_orders", {"orderIds": "", "symbol": "BTC-USDT"}, False),
])
def test_unfiltered_mass_cancel_is_a_warning(op, request_, warned):
    result = V.check(request_, "kucoin", op)
    assert result.valid, result.diagnostics
    assert any(code == "R010" for code, _ in warnings(result)) is warned, result.diagnostics


def test_legacy_stop_list_types_warn():
    result = V.check({"type": "market_stop"}, "kucoin", "get_stop_orders_list")
    assert result.valid and warnings(result) == [("R007", "/type")]
    assert errors(V.check({"type": "stop_limit"}, "kucoin", "get_stop_orders_list")) == [("S003", "/type")]


# ---- request lines, end to end ------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "op", "members"), [
    ("DELETE /api/v1/stop-order/cancel", "batch_cancel_stop_orders", {}),  # the literal segment wins over {orderId}
    ("DELETE /api/v1/stop-order/cancel?symbol=BTC-USDT&orderIds=a1,b2", "batch_cancel_stop_orders", {"symbol": "BTC-USDT", "orderIds": "a1,b2"}),
    (f"DELETE /api/v1/stop-order/{STOP_ID}", "cancel_stop_order_by_order_id", {"orderId": STOP_ID}),
    ("DELETE /api/v1/stop-order/cancelOrderByClientOid?clientOid=my-stop-1", "cancel_stop_order_by_client_oid", {"clientOid": "my-stop-1"}),
    ("GET /api/v1/stop-order/queryOrderByClientOid?clientOid=my-stop-1&symbol=BTC-USDT", "get_stop_order_by_client_oid",
     {"clientOid": "my-stop-1", "symbol": "BTC-USDT"}),
    (f"GET /api/v1/stop-order/{STOP_ID}", "get_stop_order_by_order_id", {"orderId": STOP_ID}),
    ("GET /api/v1/stop-order?symbol=BTC-USDT&pageSize=20", "get_stop_orders_list", {"symbol": "BTC-USDT", "pageSize": "20"}),
    (f"GET /api/v3/oco/order/details/{OCO_ID}", "get_oco_order_detail_by_order_id", {"orderId": OCO_ID}),
    (f"GET /api/v3/oco/order/{OCO_ID}", "get_oco_order_by_order_id", {"orderId": OCO_ID}),
    (f"DELETE /api/v3/oco/client-order/{COID}", "cancel_oco_order_by_client_oid", {"clientOid": COID}),
    ("DELETE /api/v3/oco/orders?orderIds=a1%2Cb2", "batch_cancel_oco_orders", {"orderIds": "a1,b2"}),
])
def test_request_lines_resolve_to_my_operations(line, op, members):
    found, problems = V.resolve_line("kucoin", line)
    assert not problems and found.op.id == op and found.members == members


@pytest.mark.parametrize(("line", "expected_errors", "expected_warnings"), [
    ("DELETE /api/v1/stop-order/cancel", [], [("R010", "")]),
    ("DELETE /api/v1/stop-order/cancel?symbol=BTC-USDT", [], []),
    ("DELETE /api/v1/stop-order/cancel?orderIds=a1,a1", [], [("R206", "/orderIds")]),
    ("GET /api/v1/stop-order?startAt=1795253400&endAt=1795339800000", [("R302", "/startAt")], []),
    ("GET /api/v1/stop-order?pageSize=5", [], [("R007", "/pageSize")]),
    ("GET /api/v1/stop-order?pageSize=600", [], [("R007", "/pageSize")]),
    ("GET /api/v1/stop-order?pageSize=500&currentPage=1", [], []),
    ("GET /api/v1/stop-order?currentPage=0", [("S006", "/currentPage")], []),
    ("GET /api/v3/oco/orders?pageSize=600", [], [("R007", "/pageSize")]),
    ("GET /api/v3/oco/orders?pageSize=-1", [("S006", "/pageSize")], []),
    ("GET /api/v3/oco/orders?startAt=1795339800000&endAt=1795253400000", [("R303", "/startAt")], []),
    ("GET /api/v1/stop-order/queryOrderByClientOid?symbol=BTC-USDT", [("S001", "/clientOid")], []),
    (f"DELETE /api/v3/oco/order/{OCO_ID}", [], []),
])
def test_request_lines_checked_end_to_end(line, expected_errors, expected_warnings):
    result = V.check({}, "kucoin", line, now=NOW)
    assert errors(result) == expected_errors, result.diagnostics
    assert warnings(result) == expected_warnings, result.diagnostics


def test_order_document_with_a_request_line_points_at_the_line(tmp_path):
    path = tmp_path / "cancel.yaml"
    path.write_text("venue: kucoin\noperation: DELETE /api/v1/stop-order/cancel\norder:\n  tradeType: TRADE\n")
    [result] = [check_document(V, doc, now=NOW) for doc in load_file(path)]
    assert result.operation == "batch_cancel_stop_orders"
    [hit] = [d for d in result.diagnostics if d.code == "R010"]
    assert hit.severity == "warning" and result.valid


# ---- the official SDK ------------------------------------------------------------------------------
sdk = pytest.importorskip("kucoin_universal_sdk.generate.spot.order")

from kucoin_universal_sdk.generate.spot.order.model_add_oco_order_req import AddOcoOrderReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_add_stop_order_req import AddStopOrderReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_batch_cancel_oco_orders_req import BatchCancelOcoOrdersReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_batch_cancel_stop_order_req import BatchCancelStopOrderReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_cancel_oco_order_by_client_oid_req import CancelOcoOrderByClientOidReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_cancel_oco_order_by_order_id_req import CancelOcoOrderByOrderIdReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_cancel_stop_order_by_client_oid_req import CancelStopOrderByClientOidReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_cancel_stop_order_by_order_id_req import CancelStopOrderByOrderIdReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_get_oco_order_by_client_oid_req import GetOcoOrderByClientOidReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_get_oco_order_by_order_id_req import GetOcoOrderByOrderIdReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_get_oco_order_detail_by_order_id_req import GetOcoOrderDetailByOrderIdReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_get_oco_order_list_req import GetOcoOrderListReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_get_stop_order_by_client_oid_req import GetStopOrderByClientOidReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_get_stop_order_by_order_id_req import GetStopOrderByOrderIdReqBuilder  # noqa: E402
from kucoin_universal_sdk.generate.spot.order.model_get_stop_orders_list_req import GetStopOrdersListReqBuilder  # noqa: E402
from kucoin_universal_sdk.internal.infra.default_transport import DefaultTransport  # noqa: E402

_TRANSPORT = DefaultTransport.__new__(DefaultTransport)  # only its request-building helpers are used: nothing is sent


def sdk_request(method: str, path: str, model) -> tuple[str, dict]:
    """The request line and body the SDK's transport would send (its own path and query helpers)."""
    with pywarnings.catch_warnings():  # the SDK reads pydantic's model_fields from the instance (deprecated in pydantic 2.11)
        pywarnings.simplefilter("ignore")
        line_path = _TRANSPORT.process_path_variable(path, model)
    if method == "POST":
        return f"{method} {line_path}", json.loads(model.to_json())
    query = urlencode(_TRANSPORT.query_items(model.to_dict()))
    return f"{method} {line_path}{'?' + query if query else ''}", {}


SDK_CASES = [
    ("POST", "/api/v1/stop-order", AddStopOrderReqBuilder().set_client_oid(COID).set_side("sell").set_symbol("BTC-USDT").set_type("limit")
     .set_price("47900").set_size("0.001").set_stop_price("48000").set_remark("stop remark").build(), "add_stop_order"),
    ("POST", "/api/v1/stop-order", AddStopOrderReqBuilder().set_side("buy").set_symbol("ETH-USDT").set_type("market").set_funds("100")
     .set_stop_price("3500").set_trade_type("TRADE").build(), "add_stop_order"),
    ("POST", "/api/v1/stop-order", AddStopOrderReqBuilder().set_side("sell").set_symbol("ADA-USDT").set_type("limit").set_price("0.4")
     .set_size("250.5").set_stop_price("0.41").set_time_in_force("GTT").set_cancel_after(3600).build(), "add_stop_order"),
    ("POST", "/api/v3/oco/order", AddOcoOrderReqBuilder().set_symbol("BTC-USDT").set_side("buy").set_price("94000").set_size("0.1")
     .set_client_oid("5c52e11203aa67f1e493fb").set_stop_price("98000").set_limit_price("96000").set_remark("this is remark")
     .set_trade_type("TRADE").build(), "add_oco_order"),
    ("GET", "/api/v1/stop-order", GetStopOrdersListReqBuilder().set_symbol("BTC-USDT").set_side("buy").set_type("limit")
     .set_trade_type("TRADE").set_start_at(1795253400000).set_end_at(1795339800000).set_order_ids(STOP_ID).set_stop("stop").build(),
     "get_stop_orders_list"),
    ("GET", "/api/v1/stop-order", GetStopOrdersListReqBuilder().build(), "get_stop_orders_list"),
    ("DELETE", "/api/v1/stop-order/cancelOrderByClientOid", CancelStopOrderByClientOidReqBuilder().set_symbol("BTC-USDT")
     .set_client_oid(COID).build(), "cancel_stop_order_by_client_oid"),
    ("DELETE", "/api/v1/stop-order/{orderId}", CancelStopOrderByOrderIdReqBuilder().set_order_id(STOP_ID).build(), "cancel_stop_order_by_order_id"),
    ("GET", "/api/v1/stop-order/{orderId}", GetStopOrderByOrderIdReqBuilder().set_order_id(STOP_ID).build(), "get_stop_order_by_order_id"),
    ("DELETE", "/api/v1/stop-order/cancel", BatchCancelStopOrderReqBuilder().set_symbol("BTC-USDT").set_trade_type("TRADE")
     .set_order_ids(f"{STOP_ID},vs93gptvr9t2fsql003l8k5q").build(), "batch_cancel_stop_orders"),
    ("GET", "/api/v1/stop-order/queryOrderByClientOid", GetStopOrderByClientOidReqBuilder().set_client_oid(COID).set_symbol("BTC-USDT").build(),
     "get_stop_order_by_client_oid"),
    ("DELETE", "/api/v3/oco/order/{orderId}", CancelOcoOrderByOrderIdReqBuilder().set_order_id(OCO_ID).build(), "cancel_oco_order_by_order_id"),
    ("GET", "/api/v3/oco/order/{orderId}", GetOcoOrderByOrderIdReqBuilder().set_order_id(OCO_ID).build(), "get_oco_order_by_order_id"),
    ("DELETE", "/api/v3/oco/client-order/{clientOid}", CancelOcoOrderByClientOidReqBuilder().set_client_oid(COID).build(),
     "cancel_oco_order_by_client_oid"),
    ("GET", "/api/v3/oco/client-order/{clientOid}", GetOcoOrderByClientOidReqBuilder().set_client_oid(COID).build(), "get_oco_order_by_client_oid"),
    ("DELETE", "/api/v3/oco/orders", BatchCancelOcoOrdersReqBuilder().set_order_ids(f"{OCO_ID},674c3170688dea0007c7b987").set_symbol("BTC-USDT").build(),
     "batch_cancel_oco_orders"),
    ("GET", "/api/v3/oco/orders", GetOcoOrderListReqBuilder().set_symbol("BTC-USDT").set_start_at(1795253400000).set_end_at(1795339800000)
     .set_page_size(100).set_current_page(2).build(), "get_oco_order_list"),
    ("GET", "/api/v3/oco/orders", GetOcoOrderListReqBuilder().build(), "get_oco_order_list"),
    ("GET", "/api/v3/oco/order/details/{orderId}", GetOcoOrderDetailByOrderIdReqBuilder().set_order_id(OCO_ID).build(),
     "get_oco_order_detail_by_order_id"),
]


def test_sdk_covers_every_operation():
    assert {op for *_, op in SDK_CASES} == set(MINE)


@pytest.mark.parametrize(("method", "path", "model", "op"), SDK_CASES, ids=[f"{op}-{n}" for n, (*_, op) in enumerate(SDK_CASES)])
def test_sdk_requests_pass(method, path, model, op):
    line, body = sdk_request(method, path, model)
    result = V.check(body, "kucoin", line, now=NOW)
    assert result.operation == op, (line, result.diagnostics)
    assert result.valid and not warnings(result), (line, body, result.diagnostics)
    # the same request by operation id, with the members as the SDK models hold them
    members = json.loads(model.to_json())
    assert V.check(members, "kucoin", op, now=NOW).valid


def test_sdk_sends_paging_defaults():
    line, _ = sdk_request("GET", "/api/v1/stop-order", GetStopOrdersListReqBuilder().build())
    assert "currentPage=1" in line and "pageSize=50" in line


# ---- ccxt -------------------------------------------------------------------------------------------
ccxt = pytest.importorskip("ccxt")

SYMBOLS = {"code": "200000", "data": [
    {"symbol": "BTC-USDT", "name": "BTC-USDT", "baseCurrency": "BTC", "quoteCurrency": "USDT", "feeCurrency": "USDT", "market": "USDS",
     "baseMinSize": "0.00001", "quoteMinSize": "0.1", "baseMaxSize": "10000000000", "quoteMaxSize": "99999999",
     "baseIncrement": "0.00000001", "quoteIncrement": "0.000001", "priceIncrement": "0.1", "priceLimitRate": "0.1",
     "minFunds": "0.1", "isMarginEnabled": True, "enableTrading": True},
]}
ANSWER = {"code": "200000", "data": {"orderId": STOP_ID, "cancelledOrderIds": [STOP_ID], "items": [], "currentPage": 1,
                                     "pageSize": 50, "totalNum": 0, "totalPage": 0}}


@pytest.fixture(scope="module")
def exchange():
    """ccxt's kucoin with dummy keys: requests are signed and captured, never sent."""
    ex = ccxt.kucoin({"apiKey": "key", "secret": "secret", "password": "passphrase", "options": {"uta": False}})
    ex.publicGetSymbols = lambda params={}: SYMBOLS
    ex.options.setdefault("fetchMarkets", {})["types"] = ["spot"]
    ex.options["fetchMarkets"]["fetchTickersFees"] = False
    ex.captured = []

    def fetch(url, method="GET", headers=None, body=None):
        ex.captured.append((method, url, body))
        return ANSWER

    ex.fetch = fetch
    ex.set_markets(ex.fetch_markets())
    return ex


def sent(exchange, call) -> tuple[str, dict]:
    """The request line and body of the one request `call` makes."""
    exchange.captured.clear()
    call()
    [(method, url, body)] = exchange.captured
    parts = urlsplit(url)
    return f"{method} {parts.path}{'?' + parts.query if parts.query else ''}", (json.loads(body) if body else {})


CCXT_CASES = [
    ("trigger limit", lambda ex: ex.create_order("BTC/USDT", "limit", "sell", 0.00123456789, 47900.123, {"triggerPrice": 48000.04}),
     "add_stop_order"),
    ("trigger market by cost", lambda ex: ex.create_order("BTC/USDT", "market", "buy", None, None, {"triggerPrice": 52000, "cost": 100.1234567}),
     "add_stop_order"),
    ("stop loss market", lambda ex: ex.create_order("BTC/USDT", "market", "sell", 0.001, None, {"stopLossPrice": 48100}), "add_stop_order"),
    ("take profit limit", lambda ex: ex.create_order("BTC/USDT", "limit", "sell", 0.001, 60000, {"takeProfitPrice": 59900}), "add_stop_order"),
    ("stop loss buy post-only", lambda ex: ex.create_order("BTC/USDT", "limit", "buy", 0.001, 52100, {"stopLossPrice": 52000, "postOnly": True}),
     "add_stop_order"),
    ("cancel by id", lambda ex: ex.cancel_order(STOP_ID, "BTC/USDT", {"trigger": True}), "cancel_stop_order_by_order_id"),
    ("cancel by id, stop param", lambda ex: ex.cancel_order(STOP_ID, None, {"stop": True}), "cancel_stop_order_by_order_id"),
    ("cancel by client id", lambda ex: ex.cancel_order(None, "BTC/USDT", {"trigger": True, "clientOid": "my-stop-1"}),
     "cancel_stop_order_by_client_oid"),
    ("cancel all of a symbol", lambda ex: ex.cancel_all_orders("BTC/USDT", {"trigger": True}), "batch_cancel_stop_orders"),
    ("fetch by id", lambda ex: ex.fetch_order(STOP_ID, "BTC/USDT", {"trigger": True}), "get_stop_order_by_order_id"),
    ("fetch by client id", lambda ex: ex.fetch_order(None, "BTC/USDT", {"trigger": True, "clientOid": "my-stop-1"}),
     "get_stop_order_by_client_oid"),
]


@pytest.mark.parametrize(("name", "call", "op"), CCXT_CASES, ids=[c[0] for c in CCXT_CASES])
def test_ccxt_requests_pass(exchange, name, call, op):
    line, body = sent(exchange, lambda: call(exchange))
    result = V.check(body, "kucoin", line, now=NOW)
    assert result.operation == op, (line, result.diagnostics)
    assert result.valid and not warnings(result), (line, body, result.diagnostics)


def test_ccxt_sends_stop_direction_which_the_current_page_omits(exchange):
    """ccxt sends `stop` (loss/entry) for stop-loss and take-profit orders: KuCoin's older stop-order page documents it,
    the current one does not list it. It is accepted with its documented values, not reported as unknown."""
    _, body = sent(exchange, lambda: exchange.create_order("BTC/USDT", "market", "sell", 0.001, None, {"stopLossPrice": 48100}))
    assert body["stop"] == "loss" and body["stopPrice"] == "48100"
    result = V.check(body, "kucoin", "add_stop_order")
    assert result.valid and not warnings(result), result.diagnostics
    assert ("S003", "/stop") in errors(V.check({**body, "stop": "down"}, "kucoin", "add_stop_order"))


def test_ccxt_open_stop_orders_send_an_undocumented_status(exchange):
    """fetch_open_orders(trigger) adds status=active, which Get Stop Orders List does not document (it lists active stop
    orders only). KuCoin is not documented to reject unknown members: a warning naming the member, not an error."""
    line, body = sent(exchange, lambda: exchange.fetch_open_orders("BTC/USDT", 1795253400000, 20, {"trigger": True}))
    assert "status=active" in line and "startAt=1795253400000" in line and "pageSize=20" in line
    result = V.check(body, "kucoin", line, now=NOW)
    assert result.operation == "get_stop_orders_list"
    assert result.valid and warnings(result) == [("S004", "/status")], result.diagnostics


def test_ccxt_limit_above_the_page_size_maximum_is_a_warning(exchange):
    """ccxt passes `limit` as pageSize, raising it to 10 but not capping it; KuCoin documents a page size of 10 to 500
    but not that it rejects a larger one: a warning (R007), and the request stays valid."""
    line, body = sent(exchange, lambda: exchange.fetch_open_orders("BTC/USDT", None, 5, {"trigger": True}))
    assert "pageSize=10" in line and V.check(body, "kucoin", line, now=NOW).valid
    line, body = sent(exchange, lambda: exchange.fetch_open_orders("BTC/USDT", None, 600, {"trigger": True}))
    assert "pageSize=600" in line
    result = V.check(body, "kucoin", line, now=NOW)
    assert result.valid and not errors(result), result.diagnostics
    assert ("R007", "/pageSize") in warnings(result), result.diagnostics


def test_ccxt_cancel_all_stop_orders_without_symbol_warns(exchange):
    line, body = sent(exchange, lambda: exchange.cancel_all_orders(None, {"trigger": True}))
    result = V.check(body, "kucoin", line, now=NOW)
    assert result.operation == "batch_cancel_stop_orders"
    assert result.valid and warnings(result) == [("R010", "")], result.diagnostics
