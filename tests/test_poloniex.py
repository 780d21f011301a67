"""Poloniex spot smart orders: every operation both ways, the SDK page's own examples, concrete request lines,
real ccxt requests captured without the network, the scale rules (hypothesis), the user-visible text, and
the `some_nonempty` check function on its own."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from validator import Validator, load_markets
from validator.rule_functions import REGISTRY
from validator.documents import check_document
from validator.loading import load_text

ROOT = Path(__file__).resolve().parent.parent
VENUE = yaml.safe_load((ROOT / "schemas/poloniex/venue.yaml").read_text())
OPERATIONS = VENUE["operations"]
RECORDED = ROOT / "tests/cases/poloniex-recorded-markets/markets.json"
V = Validator()
ID = "21934611974062080"


def check(request, operation):
    return V.check(request, "poloniex", operation)


def codes(result):
    return [(d.code, d.pointer, d.severity) for d in result.diagnostics]


def errors(result):
    return [(d.code, d.pointer) for d in result.diagnostics if d.severity == "error"]


def clean(result):
    return result.valid and result.diagnostics == ()


# ---- operations and request lines ---------------------------------------------------------------

def test_the_seven_operations_and_history_are_all_checked():
    assert {"create_smart_order", "cancel_replace_smart_order", "get_smart_orders", "get_smart_order",
            "cancel_smart_order", "cancel_smart_orders_by_ids", "cancel_all_smart_orders"} <= set(OPERATIONS)
    assert all("schema" in spec for spec in OPERATIONS.values())
    assert OPERATIONS["cancel_smart_orders_by_ids"] == {**OPERATIONS["cancel_smart_orders_by_ids"], "method": "DELETE",
                                                        "path": "/smartorders/cancelByIds"}


@pytest.mark.parametrize(("line", "op_id", "members"), [
    ("DELETE /smartorders/cid:my-id-1", "cancel_smart_order", {"id": "cid:my-id-1"}),
    ("DELETE /smartorders/cid%3Amy-id-1", "cancel_smart_order", {"id": "cid:my-id-1"}),
    (f"DELETE /smartorders/{ID}", "cancel_smart_order", {"id": ID}),
    ("DELETE /smartorders/cancelByIds", "cancel_smart_orders_by_ids", {}),
    ("DELETE /smartorders/{id}", "cancel_smart_order", {}),
    ("DELETE /smartorders", "cancel_all_smart_orders", {}),
    ("GET /smartorders/cid:123Abc", "get_smart_order", {"id": "cid:123Abc"}),
    ("GET /smartorders/history?limit=5", "get_smart_order_history", {"limit": "5"}),
    ("GET /smartorders?limit=10", "get_smart_orders", {"limit": "10"}),
    ("PUT /smartorders/cid:myId-1", "cancel_replace_smart_order", {"id": "cid:myId-1"}),
    ("POST /smartorders", "create_smart_order", {}),
])
def test_request_lines_resolve(line, op_id, members):
    resolved, problems = V.resolve_line("poloniex", line)
    assert resolved is not None, problems
    assert resolved.op.id == op_id
    assert resolved.members == members


def _document(text):
    [doc] = load_text(text, "doc.yaml")
    return check_document(V, doc, now="2026-11-21T09:30:00Z")


def test_concrete_request_lines_check_their_path_ids():
    ok = _document("venue: poloniex\noperation: DELETE /smartorders/cid:my-id-1\norder: {}\n")
    assert ok.valid and not ok.diagnostics, ok.diagnostics
    # a client order id without the cid: prefix is read as a smart order id, which is digits only
    bad = _document("venue: poloniex\noperation: DELETE /smartorders/my-id-1\norder: {}\n")
    assert [(d.code, d.pointer) for d in bad.diagnostics] == [("S006", "/id")]
    by_ids = _document("venue: poloniex\noperation: DELETE /smartorders/cancelByIds\norder:\n  clientOrderIds: [myId-1]\n")
    assert by_ids.valid and not by_ids.diagnostics
    empty = _document("venue: poloniex\noperation: DELETE /smartorders/cancelByIds\norder: {}\n")
    assert [(d.code, d.pointer, d.severity) for d in empty.diagnostics] == [("R008", "", "error")]


# ---- every operation both ways -------------------------------------------------------------------

GOOD = {
    "create_smart_order": {"symbol": "BTC_USDT", "side": "SELL", "stopPrice": "58000", "quantity": "0.001"},
    "cancel_replace_smart_order": {"id": ID, "price": "59100", "stopPrice": "59000", "timeInForce": "IOC"},
    "get_smart_orders": {"limit": "50"},
    "get_smart_order": {"id": "cid:123Abc"},
    "cancel_smart_order": {"id": ID},
    "cancel_smart_orders_by_ids": {"orderIds": ["12345"]},
    "cancel_all_smart_orders": {"symbols": ["BTC_USDT"], "accountTypes": ["SPOT"]},
    "get_smart_order_history": {"symbol": "BTC_USDT", "limit": 100, "hideCancel": "true"},
}
BAD = {
    "create_smart_order": ({"symbol": "BTC_USDT", "side": "BUY", "type": "STOP_LIMIT", "stopPrice": "60000", "quantity": "0.001"},
                           [("R001", "/price")]),
    "cancel_replace_smart_order": ({"id": "myId-1", "price": "59100"}, [("S006", "/id")]),
    "get_smart_orders": ({"limit": 0}, [("S005", "/limit")]),
    "get_smart_order": ({"id": "cid:abc.def"}, [("S006", "/id")]),
    "cancel_smart_order": ({}, [("S001", "/id")]),
    "cancel_smart_orders_by_ids": ({"orderIds": [], "clientOrderIds": []}, [("R008", "/clientOrderIds")]),
    "cancel_all_smart_orders": ({"symbols": "BTC_USDT"}, [("S002", "/symbols")]),
    "get_smart_order_history": ({"direction": "UP"}, [("S003", "/direction")]),
}


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_operation_both_ways(op_id):
    assert clean(check(GOOD[op_id], op_id)), codes(check(GOOD[op_id], op_id))
    request, wanted = BAD[op_id]
    assert errors(check(request, op_id)) == wanted, codes(check(request, op_id))


def test_type_is_inferred_from_price():
    # no type and a price: STOP_LIMIT, which has its price; no type and no price: STOP, which needs none
    assert clean(check({"symbol": "BTC_USDT", "side": "BUY", "stopPrice": "60000", "price": "60100", "quantity": "0.001"}, "create_smart_order"))
    assert clean(check({"symbol": "BTC_USDT", "side": "BUY", "stopPrice": "60000", "quantity": "0.001"}, "create_smart_order"))
    # an explicit STOP with a price contradicts the inference: a warning that the price is ignored
    stop = check({"symbol": "BTC_USDT", "side": "BUY", "type": "STOP", "stopPrice": "60000", "price": "60100", "quantity": "0.001"},
                 "create_smart_order")
    assert stop.valid and codes(stop) == [("R009", "/price", "warning")]
    # trailing members on an order whose inferred type is STOP_LIMIT are ignored
    inferred = check({"symbol": "BTC_USDT", "side": "BUY", "stopPrice": "60000", "price": "60100", "quantity": "0.001",
                      "operator": "GTE"}, "create_smart_order")
    assert codes(inferred) == [("R009", "/operator", "warning")]


@pytest.mark.parametrize(("request_", "wanted"), [
    ({"stopPrice": "0"}, [("S006", "/stopPrice")]),
    ({"stopPrice": "-1"}, [("S006", "/stopPrice")]),
    ({"stopPrice": 0}, [("S005", "/stopPrice")]),
    ({"clientOrderId": "a" * 65}, [("S006", "/clientOrderId")]),
    ({"clientOrderId": "abc.def"}, [("S006", "/clientOrderId")]),
    ({"clientOrderId": ""}, [("S006", "/clientOrderId")]),
    ({"timeInForce": "GTT"}, [("S003", "/timeInForce")]),
    ({"accountType": "MARGIN"}, [("S003", "/accountType")]),
    ({"side": "buy"}, [("S003", "/side")]),
    ({"symbol": "BTC/USDT"}, [("S006", "/symbol")]),
    ({"quantity": None}, [("S002", "/quantity")]),
])
def test_create_member_values(request_, wanted):
    base = {"symbol": "BTC_USDT", "side": "BUY", "stopPrice": "60000", "quantity": "0.001"}
    result = check({**base, **request_}, "create_smart_order")
    assert [e for e in errors(result) if e[0] != "R001"] == wanted, codes(result)


def test_client_order_id_bounds():
    base = {"symbol": "BTC_USDT", "side": "BUY", "stopPrice": "60000", "quantity": "0.001"}
    assert clean(check({**base, "clientOrderId": "A_z-9" + "x" * 59}, "create_smart_order"))
    assert clean(check({**base, "clientOrderId": "999999910"}, "create_smart_order"))


def test_missing_quantity_and_trailing_members():
    base = {"symbol": "BTC_USDT", "side": "SELL"}
    assert errors(check({**base, "stopPrice": "58000"}, "create_smart_order")) == [("R001", "/quantity")]
    assert sorted(errors(check({**base, "type": "TRAILING_STOP_LIMIT", "quantity": "0.001"}, "create_smart_order"))) == [
        ("R001", "/limitOffset"), ("R001", "/trailingOffset")]
    ok = check({**base, "type": "TRAILING_STOP", "trailingOffset": "120", "operator": "LTE", "stopPrice": "59000", "quantity": "0.001"},
               "create_smart_order")
    assert clean(ok), codes(ok)
    assert errors(check({**base, "type": "TRAILING_STOP", "trailingOffset": "-1%", "quantity": "0.001"}, "create_smart_order")) == [
        ("S006", "/trailingOffset")]


def test_stop_price_missing_is_a_warning_and_strict_error():
    request = {"symbol": "BTC_USDT", "side": "BUY", "quantity": "0.001"}
    assert codes(check(request, "create_smart_order")) == [("R001", "/stopPrice", "warning")]
    strict = Validator(strict=True).check(request, "poloniex", "create_smart_order")
    assert [(d.code, d.severity) for d in strict.diagnostics] == [("R001", "error")]


def test_cancel_replace_contradictions_are_warnings():
    wrong_type = check({"id": ID, "type": "LIMIT_MAKER", "price": "60000"}, "cancel_replace_smart_order")
    assert wrong_type.valid and codes(wrong_type) == [("R007", "/type", "warning")]
    assert "regular order type" in wrong_type.diagnostics[0].message
    snake = check({"id": ID, "stop_price": "59000"}, "cancel_replace_smart_order")
    assert snake.valid and codes(snake) == [("R009", "/stop_price", "warning")]
    assert "stopPrice" in snake.diagnostics[0].message
    side = check({"id": ID, "side": "SELL", "price": "60000"}, "cancel_replace_smart_order")
    assert codes(side) == [("R009", "/side", "warning")]
    assert clean(check({"id": "cid:myId-1", "proceedOnFailure": "false", "price": "60000"}, "cancel_replace_smart_order"))
    assert errors(check({"id": ID, "proceedOnFailure": "yes"}, "cancel_replace_smart_order")) == [("S003", "/proceedOnFailure")]


def test_cancel_replace_scales_follow_the_named_symbol():
    with_symbol = check({"id": ID, "symbol": "BTC_USDT", "price": "60000.001", "quantity": "0.0000001"}, "cancel_replace_smart_order")
    assert errors(with_symbol) == [("R101", "/price"), ("R102", "/quantity")]
    # without a symbol the market is unknown: nothing to check the scales against, and nothing reported
    assert clean(check({"id": ID, "price": "60000.001"}, "cancel_replace_smart_order"))


def test_mass_cancel_without_filter_is_a_warning():
    for request in ({}, {"symbols": []}, {"accountTypes": ["SPOT"]}):
        result = check(request, "cancel_all_smart_orders")
        assert result.valid and [c for c, _, _ in codes(result)] == ["R010"], codes(result)
        assert result.diagnostics[0].severity == "warning"
    assert clean(check({"orderTypes": ["STOP"]}, "cancel_all_smart_orders"))


def test_open_orders_limit_above_100_is_a_warning():
    result = check({"limit": "101"}, "get_smart_orders")
    assert result.valid and codes(result) == [("R007", "/limit", "warning")]
    assert clean(check({"limit": 100}, "get_smart_orders"))


# ---- market metadata -------------------------------------------------------------------------------

def test_scales_by_field_name():
    base = {"symbol": "TRX_USDT", "side": "BUY", "stopPrice": "0.25", "quantity": "10"}
    assert clean(check({**base, "price": "0.25001", "amount": "2.50001", "quantity": "10.001"}, "create_smart_order"))
    result = check({**base, "price": "0.250001", "stopPrice": "0.250001", "quantity": "10.0001", "amount": "2.500001"},
                   "create_smart_order")
    assert sorted(errors(result)) == [("R101", "/price"), ("R101", "/stopPrice"), ("R102", "/quantity"), ("R103", "/amount")]
    price = next(d for d in result.diagnostics if d.pointer == "/price")
    assert "0.00001" in price.message and price.fix is not None and price.fix.value == "0.25"  # a buy price rounds down


def test_minimums_and_unknown_symbols():
    assert errors(check({"symbol": "BTC_USDT", "side": "BUY", "stopPrice": "60000", "quantity": "0.0000001"}, "create_smart_order")) == [
        ("R102", "/quantity"), ("R105", "/quantity")]
    assert errors(check({"symbol": "BTC_USDT", "side": "BUY", "stopPrice": "60000", "quantity": "0.001", "amount": "0.99"},
                        "create_smart_order")) == [("R106", "/amount")]
    unknown = check({"symbol": "DOGE_USDT", "side": "BUY", "stopPrice": "0.1", "quantity": "10"}, "create_smart_order")
    assert unknown.valid and [c for c, _, _ in codes(unknown)] == ["M001"]


def test_paused_symbol_from_a_venue_response(tmp_path):
    records = json.loads(RECORDED.read_text())
    records[0] = {**records[0], "state": "PAUSE"}
    path = tmp_path / "markets.json"
    path.write_text(json.dumps(records))
    paused = Validator(markets=load_markets(path))
    result = paused.check({"symbol": "BTC_USDT", "side": "BUY", "stopPrice": "60000", "quantity": "0.001"}, "poloniex", "create_smart_order")
    assert errors(result) == [("R109", "/symbol")]


def test_shipped_snapshot_matches_the_recorded_response():
    shipped = load_markets()
    recorded = load_markets(RECORDED)
    fields = ("price_increment", "base_increment", "quote_increment", "base_min", "base_max", "quote_min", "quote_max",
              "min_notional", "max_notional", "trading_enabled")
    for record in json.loads(RECORDED.read_text()):
        mine, theirs = shipped.get("poloniex", record["symbol"]), recorded.get("poloniex", record["symbol"])
        assert [getattr(mine, f) for f in fields] == [getattr(theirs, f) for f in fields], record["symbol"]


@settings(max_examples=60, deadline=None)
@given(whole=st.integers(min_value=1, max_value=10**6), digits=st.integers(min_value=0, max_value=8),
       frac=st.integers(min_value=0, max_value=10**8 - 1))
def test_price_scale_property(whole, digits, frac):
    """BTC_USDT has priceScale 2: a price passes exactly when it has at most 2 significant decimals."""
    text = str(whole) if digits == 0 else f"{whole}.{str(frac % 10**digits).zfill(digits)}"
    value = Decimal(text)
    result = check({"symbol": "BTC_USDT", "side": "SELL", "stopPrice": "1", "price": text, "quantity": "0.001"}, "create_smart_order")
    ok = value == value.quantize(Decimal("0.01"))
    assert (("R101", "/price") not in errors(result)) is ok


# ---- the SDK page's own examples (seed) ----------------------------------------------------------

SEED_VALID = [
    # create(client_order_id='999999910', time_in_force='FOK', quantity='10', side='BUY', price='60100.00',
    #        symbol='BTC_USDT', type='STOP_LIMIT', stop_price='60000.00'), on the wire
    ("create_smart_order", {"quantity": "10", "side": "BUY", "price": "60100.00", "symbol": "BTC_USDT", "type": "STOP_LIMIT",
                            "timeInForce": "FOK", "clientOrderId": "999999910", "stopPrice": "60000.00"}),
    # cancel_replace(order_id, price='19000', proceed_on_failure=True)
    ("cancel_replace_smart_order", {"id": ID, "price": "19000", "proceedOnFailure": True}),
    ("get_smart_orders", {}),                                   # get_all()
    ("get_smart_order", {"id": "cid:123Abc"}),                  # get_by_id(client_order_id='123Abc')
    ("get_smart_order", {"id": ID}),                            # get_by_id(order_id='21934611974062080')
    ("cancel_smart_order", {"id": "cid:123Abc"}),               # cancel_by_id(client_order_id='123Abc')
    ("cancel_smart_order", {"id": ID}),                         # cancel_by_id(order_id='21934611974062080')
    ("cancel_smart_orders_by_ids", {"orderIds": ["12345", "67890"], "clientOrderIds": ["33344", "myId-1"]}),
    ("cancel_all_smart_orders", {"symbols": ["BTC_USDT"]}),     # cancel(symbol='BTC_USDT'), under the REST name
]


@pytest.mark.parametrize(("op_id", "request_"), SEED_VALID, ids=[f"{o}-{i}" for i, (o, _) in enumerate(SEED_VALID)])
def test_seed_examples_pass(op_id, request_):
    result = check(request_, op_id)
    assert clean(result), codes(result)


def test_seed_mass_cancel_examples_as_the_sdk_sends_them():
    # the SDK sends its arguments under the singular names: unknown to the REST request, and nothing narrows the cancel
    by_symbol = check({"symbol": "BTC_USDT"}, "cancel_all_smart_orders")
    assert by_symbol.valid and codes(by_symbol) == [("S004", "/symbol", "warning"), ("R010", "", "warning")]
    assert "symbols" in by_symbol.diagnostics[0].message
    by_account = check({"accountType": "SPOT"}, "cancel_all_smart_orders")
    assert codes(by_account) == [("S004", "/accountType", "warning"), ("R010", "", "warning")]


# ---- ccxt, captured without the network ----------------------------------------------------------

ccxt = pytest.importorskip("ccxt")


@pytest.fixture(scope="module")
def exchange():
    ex = ccxt.poloniex({"apiKey": "key", "secret": "secret"})
    ex.set_markets(ex.parse_markets(json.loads(RECORDED.read_text())))  # the recorded GET /markets response
    ex.sent = []

    def fetch(url, method="GET", headers=None, body=None):
        ex.sent.append((method, url, body))
        return {"id": ID, "clientOrderId": ""} if "/smartorders/" in url or method != "GET" else []

    ex.fetch = fetch
    return ex


def sent(ex, call, *args):
    """The request line and body ccxt put on the wire for one call (its reply parsing may fail: irrelevant)."""
    ex.sent.clear()
    try:
        call(*args)
    except (TypeError, KeyError, ccxt.BaseError):
        pass
    [(method, url, body)] = ex.sent
    parts = urlsplit(url)
    line = f"{method} {parts.path}" + (f"?{parts.query}" if parts.query else "")
    return line, (body or "{}")


def check_line(line, body):
    """Checks the body text exactly as ccxt sent it, under the request line it used."""
    resolved, problems = V.resolve_line("poloniex", line)
    assert resolved is not None, problems
    [doc] = load_text(f'{{"venue": "poloniex", "operation": {json.dumps(line)}, "order": {body}}}', "ccxt.json")
    return resolved.op.id, check_document(V, doc)


@pytest.mark.parametrize(("args", "operation"), [
    (("BTC/USDT", "limit", "buy", 0.00123, 60100.123, {"triggerPrice": 60000, "clientOrderId": "grid-1"}), "create_smart_order"),
    (("BTC/USDT", "limit", "sell", 0.5, 57900, {"stopPrice": 58000}), "create_smart_order"),
    (("BTC/USDT", "market", "sell", 0.001, None, {"triggerPrice": 58000, "clientOrderId": "sl_btc-2"}), "create_smart_order"),
    (("ADA/USDT", "limit", "buy", 250.55, 0.45123, {"triggerPrice": 0.45}), "create_smart_order"),
])
def test_ccxt_create_passes_with_number_warnings_only(exchange, args, operation):
    line, body = sent(exchange, exchange.create_order, *args)
    assert line == "POST /smartorders"
    assert isinstance(json.loads(body)["stopPrice"], float)  # ccxt sends the trigger as a JSON number
    op_id, result = check_line(line, body)
    assert op_id == operation
    assert result.valid, result.diagnostics
    assert [(d.code, d.pointer, d.severity) for d in result.diagnostics] == [("S009", "/stopPrice", "warning")]


def test_ccxt_stop_market_buy_sized_by_amount_is_rejected(exchange):
    # ccxt sizes a market buy by amount (quote); Poloniex marks quantity required for every smart order
    line, body = sent(exchange, exchange.create_order, "BTC/USDT", "market", "buy", 60, None,
                      {"triggerPrice": 60000, "createMarketBuyOrderRequiresPrice": False})
    wire = json.loads(body)
    assert wire.get("amount") == "60" and "quantity" not in wire and wire["type"] == "STOP"
    _, result = check_line(line, body)
    assert [(d.code, d.pointer) for d in result.diagnostics if d.severity == "error"] == [("R001", "/quantity")]
    # with a price to compute the cost, ccxt also calls it STOP_LIMIT without sending the price
    line, body = sent(exchange, exchange.create_order, "BTC/USDT", "market", "buy", 0.001, 60000, {"triggerPrice": 60000})
    _, result = check_line(line, body)
    assert sorted((d.code, d.pointer) for d in result.diagnostics if d.severity == "error") == [
        ("R001", "/price"), ("R001", "/quantity")]


def test_ccxt_edit_order_passes(exchange):
    line, body = sent(exchange, exchange.edit_order, ID, "BTC/USDT", "limit", "buy", 0.002, 60200, {"triggerPrice": 60050})
    assert line == f"PUT /smartorders/{ID}"
    op_id, result = check_line(line, body)
    assert op_id == "cancel_replace_smart_order"
    assert result.valid and [(d.code, d.severity) for d in result.diagnostics] == [("S009", "warning")], result.diagnostics


def test_ccxt_cancel_fetch_and_cancel_all(exchange):
    line, body = sent(exchange, exchange.cancel_order, ID, "BTC/USDT", {"trigger": True})
    assert check_line(line, body)[0] == "cancel_smart_order" and clean_doc(check_line(line, body)[1])
    line, body = sent(exchange, exchange.fetch_order, ID, "BTC/USDT", {"trigger": True})
    op_id, result = check_line(line, body)
    assert op_id == "get_smart_order" and result.valid
    assert [(d.code, d.pointer) for d in result.diagnostics] == [("S004", "/symbol")]  # ccxt adds the symbol to the query
    line, body = sent(exchange, exchange.fetch_open_orders, None, None, None, {"trigger": True})
    assert line == "GET /smartorders" and clean_doc(check_line(line, body)[1])
    line, body = sent(exchange, exchange.cancel_all_orders, "BTC/USDT", {"trigger": True})
    assert json.loads(body) == {"symbols": ["BTC_USDT"]} and clean_doc(check_line(line, body)[1])
    line, body = sent(exchange, exchange.cancel_all_orders, None, {"trigger": True})
    _, result = check_line(line, body)
    assert result.valid and [(d.code, d.severity) for d in result.diagnostics] == [("R010", "warning")]


def test_ccxt_open_orders_limit_and_symbol_are_warnings(exchange):
    # ccxt raises the limit to at least 2000 and adds the symbol: neither is documented for this request
    line, body = sent(exchange, exchange.fetch_open_orders, "BTC/USDT", None, 50, {"trigger": True})
    assert line == "GET /smartorders?symbol=BTC_USDT&limit=2000"
    _, result = check_line(line, body)
    assert result.valid and sorted((d.code, d.severity) for d in result.diagnostics) == [("R007", "warning"), ("S004", "warning")]


def test_ccxt_cancel_by_client_order_id_lacks_the_cid_prefix(exchange):
    # ccxt puts the client order id in the path as is; Poloniex needs cid:<clientOrderId> there
    line, body = sent(exchange, exchange.cancel_order, "ignored", "BTC/USDT", {"trigger": True, "clientOrderId": "my-id-1"})
    assert line == "DELETE /smartorders/my-id-1"
    _, result = check_line(line, body)
    assert [(d.code, d.pointer, d.severity) for d in result.diagnostics] == [("S006", "/id", "error")]
    assert "cid:" in result.diagnostics[0].message


def clean_doc(result):
    return result.valid and not result.diagnostics


# ---- user-visible text ---------------------------------------------------------------------------

def test_rules_and_operations_link_poloniex_pages():
    rules = yaml.safe_load((ROOT / "rules/poloniex.yaml").read_text())["rules"]
    for rule in rules:
        assert rule["url"].startswith("https://api-docs.poloniex.com/spot/api/"), rule["id"]
        assert rule["reference"].startswith("Poloniex Spot API"), rule["id"]
    for op_id, spec in OPERATIONS.items():
        assert spec["url"].startswith("https://api-docs.poloniex.com/spot/api/private/smart-order"), op_id


# ---- the check function on its own -----------------------------------------------------------------

def test_some_nonempty_function():
    function = REGISTRY["some_nonempty"]
    assert function.doc and function.example["function"] == "some_nonempty"
    spec = function.build({"function": "some_nonempty", "fields": ["orderIds", "clientOrderIds"]})
    assert spec.run({"orderIds": ["1"]}, "", None) == ()
    assert spec.run({"orderIds": [], "clientOrderIds": ["a"]}, "", None) == ()
    [found] = spec.run({"orderIds": [], "clientOrderIds": None}, "/x", None)
    assert found.pointer == "/x/clientOrderIds" and found.values["present"] == "orderIds (empty) and clientOrderIds (empty)"
    [none] = spec.run({}, "", None)
    assert none.pointer == "" and none.values == {"fields": "orderIds or clientOrderIds", "present": "none"}
    [text] = spec.run({"orderIds": ""}, "", None)
    assert text.pointer == "/orderIds"


def test_rest_page_example_with_its_missing_comma_restored_passes():
    # tests/cases/poloniex-rest-doc-example holds the page's text as printed (a parse error where the comma is missing)
    text = (ROOT / "tests/cases/poloniex-rest-doc-example/example.json").read_text()
    fixed = text.replace('"price": "60100.00"\n', '"price": "60100.00",\n')
    assert fixed != text
    [doc] = load_text(fixed, "example.json")
    result = check_document(V, doc)
    assert result.valid and not result.diagnostics, result.diagnostics


def test_text_form_function():
    function = REGISTRY["text_form"]
    assert function.doc and function.example["function"] == "text_form"
    spec = function.build({"function": "text_form", "field": "clientOrderId", "pattern": "[0-9]{18,}"})
    [found] = spec.run({"clientOrderId": "1" * 18}, "/o", None)
    assert found.pointer == "/o/clientOrderId" and found.values["length"] == "18"
    assert spec.run({"clientOrderId": "1" * 17}, "", None) == ()
    assert spec.run({"clientOrderId": "1" * 17 + "a"}, "", None) == ()
    assert spec.run({"clientOrderId": 10 ** 20}, "", None) == ()  # not text: the schema's business
    assert spec.run({}, "", None) == ()
    mismatch = function.build({"function": "text_form", "field": "x", "pattern": "[a-z]+", "report": "mismatch"})
    assert mismatch.run({"x": "abc"}, "", None) == () and len(mismatch.run({"x": "ABC"}, "", None)) == 1


def test_client_order_id_reuse_and_long_numbers():
    order = {"symbol": "BTC_USDT", "side": "SELL", "stopPrice": "58000", "quantity": "0.001", "clientOrderId": "sl-btc-1"}
    session = V.session()
    assert session.check(order, venue="poloniex", operation="create_smart_order").valid
    again = session.check({**order, "stopPrice": "57000"}, venue="poloniex", operation="create_smart_order")
    assert again.valid and [(d.code, d.severity) for d in again.diagnostics] == [("R204", "warning")]
    replace = session.check({"id": "cid:sl-btc-1", "clientOrderId": "sl-btc-1", "price": "57900"}, venue="poloniex",
                            operation="cancel_replace_smart_order")
    assert [(d.code, d.pointer) for d in replace.diagnostics] == [("R204", "/clientOrderId")]
    long_number = check({**order, "clientOrderId": "9" * 18}, "create_smart_order")
    assert long_number.valid and codes(long_number) == [("R007", "/clientOrderId", "warning")]
