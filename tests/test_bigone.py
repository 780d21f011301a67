"""BigONE spot orders (base path /api/v3): every operation both ways, the seed's own examples, the rules'
boundaries (stop band, scales, minimum value), request lines, real client requests (ccxt) and the public text.

Market values come from markets/bigone.yaml, whose records are quoted from real GET /asset_pairs records:
ccxt's static test data (ts/src/test/static/markets/bigone.json: BTC-USDT quote_scale 2, base_scale 6,
min_quote_value 10, max_quote_value 1000000; ETH-USDT 2/5/10/1000000; ...) and the PCX-BTC record quoted in
ccxt's bigone fetchMarkets (7/3/0.0001/35). tests/data/markets/bigone_asset_pairs.json holds the same records
as an asset_pairs response.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from validator import Validator, load_markets
from validator.documents import check_document
from validator.loading import load_file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "markets"
VENUE = yaml.safe_load((ROOT / "schemas/bigone/venue.yaml").read_text())
OPERATIONS = VENUE["operations"]
NOW = "2026-11-21T09:30:00Z"
SEED = Path("/work/shared/seeds/001_89aef3d62eea1de1.txt")

V = Validator()


def diags(request, operation, validator: Validator = V):
    return [(d.code, d.pointer, d.severity) for d in validator.check(request, "bigone", operation, now=NOW).diagnostics]


def codes(request, operation):
    return {(c, p) for c, p, _ in diags(request, operation)}


def limit(**extra):
    return {"asset_pair_name": "BTC-USDT", "side": "BID", "type": "LIMIT", "price": "50000", "amount": "0.001", **extra}


# ---- the venue manifest -------------------------------------------------------------------------

def test_eight_operations_all_checked():
    assert set(OPERATIONS) == {"get_orders", "get_order", "find_order", "create_order", "batch_create_orders",
                               "cancel_order", "cancel_order_by_query", "cancel_all_orders"}
    assert all(spec.get("schema") for spec in OPERATIONS.values())
    assert VENUE["base_path"] == "/api/v3" and VENUE["symbol_member"] == "asset_pair_name"
    for op_id in OPERATIONS:
        assert V.compiled("bigone", op_id) is not None, op_id


_SAMPLE = {"id": "58272370"}


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
@pytest.mark.parametrize("prefix", ["", "/api/v3"])
def test_request_line_resolves(op_id, prefix):
    spec = OPERATIONS[op_id]
    path = re.sub(r"\{(\w+)\}", lambda m: _SAMPLE[m.group(1)], spec["path"])
    resolved, problems = V.resolve_line("bigone", f"{spec['method']} {prefix}{path}")
    assert resolved is not None, problems
    assert resolved.op.id == op_id
    for name in re.findall(r"\{(\w+)\}", spec["path"]):
        assert resolved.members[name] == _SAMPLE[name]


def test_cancel_all_is_not_cancel_by_id():
    """POST .../orders/cancel is cancel all (a literal segment beats the {id} parameter); .../orders/{id}/cancel cancels one."""
    everything, _ = V.resolve_line("bigone", "POST /api/v3/viewer/orders/cancel")
    one, _ = V.resolve_line("bigone", "POST /api/v3/viewer/orders/58272370/cancel")
    by_query, _ = V.resolve_line("bigone", "POST /api/v3/viewer/order/cancel?client_order_id=grid-1")
    assert everything.op.id == "cancel_all_orders" and everything.members == {}
    assert one.op.id == "cancel_order" and one.members == {"id": "58272370"}
    assert by_query.op.id == "cancel_order_by_query" and by_query.members == {"client_order_id": "grid-1"}
    # and the checks follow: cancel all needs its pair, cancel one needs nothing more
    assert codes({}, "POST /api/v3/viewer/orders/cancel") == {("S001", "/asset_pair_name")}
    assert diags({}, "POST /api/v3/viewer/orders/58272370/cancel") == []
    assert diags({"asset_pair_name": "BTC-USDT"}, "POST /api/v3/viewer/orders/cancel") == []
    get_one, _ = V.resolve_line("bigone", "GET /api/v3/viewer/orders/10")
    get_list, _ = V.resolve_line("bigone", "GET /api/v3/viewer/orders?asset_pair_name=BTC-USDT")
    multi, _ = V.resolve_line("bigone", "POST /api/v3/viewer/orders/multi")
    assert (get_one.op.id, get_list.op.id, multi.op.id) == ("get_order", "get_orders", "batch_create_orders")


# ---- every operation both ways ------------------------------------------------------------------

BOTH_WAYS = [
    ("get_orders", {"asset_pair_name": "BTC-USDT", "state": "CLOSED", "limit": "200", "side": "ASK", "page_token": "dxzef"},
     {"asset_pair_name": "BTC-USDT", "limit": "201"}, ("S006", "/limit")),
    ("get_orders", {"asset_pair_name": "BTC-USDT", "limit": 50}, {"asset_pair_name": "BTC-USDT", "state": "OPEN"}, ("S003", "/state")),
    ("get_orders", {"asset_pair_name": "ETH-USDT", "state": "NONE_FILLED"}, {"state": "ALL"}, ("S001", "/asset_pair_name")),
    ("get_order", {"id": "10"}, {"id": "ten"}, ("S006", "/id")),
    ("get_order", {"id": 10}, {}, ("S001", "/id")),
    ("find_order", {"client_order_id": "grid-btc-0001"}, {}, ("R008", "")),
    ("find_order", {"order_id": "10"}, {"client_order_id": "bad.id"}, ("S006", "/client_order_id")),
    ("create_order", limit(), limit(amount="0"), ("S006", "/amount")),
    ("create_order", limit(client_order_id="a" * 36), limit(client_order_id="a" * 37), ("S007", "/client_order_id")),
    ("create_order", limit(), limit(side="buy"), ("S003", "/side")),
    ("create_order", limit(), limit(asset_pair_name="BTC/USDT"), ("S006", "/asset_pair_name")),
    ("batch_create_orders", [limit(), limit(type="MARKET", side="ASK", price=None)], [], ("R201", "")),
    ("cancel_order", {"id": "58272370"}, {"id": "-1"}, ("S006", "/id")),
    ("cancel_order_by_query", {"order_id": "10"}, {}, ("R008", "")),
    ("cancel_all_orders", {"asset_pair_name": "BTC-USDT"}, {"asset_pair_name": "BTCUSDT"}, ("S006", "/asset_pair_name")),
]


@pytest.mark.parametrize(("operation", "good", "bad", "finding"), BOTH_WAYS, ids=[f"{c[0]}-{c[3][0]}" for c in BOTH_WAYS])
def test_operation_both_ways(operation, good, bad, finding):
    if isinstance(good, list):
        good = [{k: v for k, v in item.items() if v is not None} for item in good]
    assert diags(good, operation) == []
    found = codes(bad, operation)
    assert finding in found, found
    assert not V.check(bad, "bigone", operation).valid


# ---- create_order: type-dependent members -------------------------------------------------------

def test_type_dependent_members():
    assert codes(limit(price=None) | {}, "create_order") >= set()  # (a None price is the schema's business)
    no_price = {k: v for k, v in limit().items() if k != "price"}
    assert ("R001", "/price") in codes(no_price, "create_order")
    stop_limit = {"asset_pair_name": "BTC-USDT", "side": "ASK", "type": "STOP_LIMIT", "amount": "0.1"}
    assert {("R001", "/price"), ("R001", "/stop_price"), ("R001", "/operator")} <= codes(stop_limit, "create_order")
    stop_market = {"asset_pair_name": "BTC-USDT", "side": "ASK", "type": "STOP_MARKET", "amount": "0.1", "stop_price": "10000"}
    assert codes(stop_market, "create_order") == {("R001", "/operator")}
    assert diags({**stop_market, "operator": "LTE"}, "create_order") == []
    market = {"asset_pair_name": "BTC-USDT", "side": "ASK", "type": "MARKET", "amount": "0.1"}
    assert diags(market, "create_order") == []


def test_missing_type_is_a_limit_order_and_a_warning():
    order = {k: v for k, v in limit().items() if k != "type"}
    assert diags(order, "create_order") == [("R001", "/type", "warning")]
    no_price = {k: v for k, v in order.items() if k != "price"}
    assert ("R001", "/price", "error") in diags(no_price, "create_order")  # the default LIMIT needs a price


def test_stop_members_on_plain_orders_and_price_on_market_orders_warn():
    assert diags(limit(stop_price="49000"), "create_order") == [("R003", "/stop_price", "warning")]
    market = {"asset_pair_name": "BTC-USDT", "side": "ASK", "type": "MARKET", "amount": "0.1", "price": "50000"}
    assert diags(market, "create_order") == [("R003", "/price", "warning")]


def test_ioc_and_post_only():
    assert ("R004", "/post_only", "error") in diags(limit(immediate_or_cancel=True, post_only=True), "create_order")
    assert diags(limit(immediate_or_cancel=True, post_only=False), "create_order") == []
    assert diags(limit(post_only=True), "create_order") == []
    assert diags(limit(immediate_or_cancel=True), "create_order") == []
    market = {"asset_pair_name": "BTC-USDT", "side": "ASK", "type": "MARKET", "amount": "0.1"}
    assert diags({**market, "post_only": True}, "create_order") == [("R003", "/post_only", "warning")]
    assert diags({**market, "post_only": False, "immediate_or_cancel": False}, "create_order") == []
    assert codes({**market, "post_only": "yes"}, "create_order") == {("S002", "/post_only")}


# ---- the stop band (inclusive; R006) --------------------------------------------------------------

def _stop(side, price, stop_price):
    return {"asset_pair_name": "BTC-USDT", "side": side, "type": "STOP_LIMIT", "price": price, "amount": "0.01",
            "stop_price": stop_price, "operator": "GTE" if side == "BID" else "LTE"}


@pytest.mark.parametrize(("side", "price", "stop_price", "ok"), [
    ("BID", "11000", "10000", True), ("BID", "11000.01", "10000", False), ("BID", "5000", "10000", True),
    ("ASK", "9000", "10000", True), ("ASK", "8999.99", "10000", False), ("ASK", "20000", "10000", True),
    ("BID", "110.01", "100.01", True), ("BID", "110.02", "100.01", False),   # 1.1 x 100.01 = 110.011
    ("ASK", "90.01", "100.01", True), ("ASK", "90.00", "100.01", False),     # 0.9 x 100.01 = 90.009
])
def test_stop_band_is_inclusive(side, price, stop_price, ok):
    found = [d for d in diags(_stop(side, price, stop_price), "create_order") if d[0] == "R006"]
    assert (found == []) is ok, found
    if not ok:
        assert found == [("R006", "/price", "error")]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("10"), max_value=Decimal("100000"), places=2),
       st.decimals(min_value=Decimal("10"), max_value=Decimal("100000"), places=2), st.sampled_from(["BID", "ASK"]))
def test_stop_band_matches_decimal_arithmetic(price, stop_price, side):
    expected_ok = price <= stop_price * Decimal("1.1") if side == "BID" else price >= stop_price * Decimal("0.9")
    order = _stop(side, str(price), str(stop_price))
    order["amount"] = "1"   # keeps the order value above the minimum, so only the band is under test
    found = [d for d in diags(order, "create_order") if d[0] == "R006"]
    assert (found == []) is expected_ok


# ---- scales (increments 10^-scale) ----------------------------------------------------------------

def test_price_scale_allows_exactly_quote_scale_decimals():
    assert diags(limit(price="50000.12"), "create_order") == []       # quote_scale 2: two decimals are fine
    assert codes(limit(price="50000.123"), "create_order") == {("R101", "/price")}
    assert diags(limit(price="50000.120"), "create_order") == []      # a trailing zero is still on the grid


def test_amount_scale_follows_the_unit():
    bid_market = {"asset_pair_name": "BTC-USDT", "side": "BID", "type": "MARKET", "amount": "100.01"}
    assert diags(bid_market, "create_order") == []                            # quote amount, 2 decimals
    assert codes({**bid_market, "amount": "100.005"}, "create_order") == {("R103", "/amount")}
    ask_market = {**bid_market, "side": "ASK", "amount": "0.123456"}
    assert diags(ask_market, "create_order") == []                            # base amount, 6 decimals
    assert codes({**ask_market, "amount": "0.1234567"}, "create_order") == {("R102", "/amount")}
    assert codes({**bid_market, "amount": "0.123456"}, "create_order") == {("R103", "/amount")}   # base-like on a BID market
    stop_bid = {"asset_pair_name": "BTC-USDT", "side": "BID", "type": "STOP_MARKET", "amount": "250.5",
                "stop_price": "50000", "operator": "GTE"}
    assert diags(stop_bid, "create_order") == []
    assert codes({**stop_bid, "amount": "250.555"}, "create_order") == {("R103", "/amount")}
    assert codes(limit(amount="0.0012345"), "create_order") == {("R102", "/amount")}


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=9))
def test_amount_base_scale_property(units, decimals):
    amount = Decimal(units).scaleb(-decimals)
    order = limit(amount=format(amount, "f"), price="100000")
    found = {c for c, _ in codes(order, "create_order")}
    on_grid = amount == amount.quantize(Decimal("0.000001"))
    assert ("R102" not in found) is on_grid


# ---- minimum value: below is an error, equality a warning ------------------------------------------

def test_minimum_order_value():
    assert diags(limit(price="50000", amount="0.0002"), "create_order") == [("R107", "/amount", "warning")]   # = 10
    assert diags(limit(price="50000", amount="0.000199"), "create_order") == [("R107", "/amount", "error")]   # 9.95
    assert diags(limit(price="50000", amount="0.000201"), "create_order") == []                               # 10.05
    result = V.check(limit(price="50000", amount="0.000199"), "bigone", "create_order")
    (finding,) = result.diagnostics
    assert finding.fix is not None and finding.fix.value == "0.0002"
    market = {"asset_pair_name": "BTC-USDT", "side": "ASK", "type": "MARKET", "amount": "0.000001"}
    assert diags(market, "create_order") == []   # a market order has no price to value it by


def test_missing_metadata_is_reported():
    order = limit(asset_pair_name="EOS-BTC", price="10.00", amount="1")
    assert [(c, p) for c, p, _ in diags(order, "create_order")] == [("M001", "/asset_pair_name")]
    strict = Validator(strict=True)
    assert not strict.check(order, "bigone", "create_order").valid


# ---- batches ----------------------------------------------------------------------------------------

def test_batch_of_ten_and_eleven():
    ten = [limit(price=str(50000 - i), client_order_id=f"grid-{i}") for i in range(10)]
    assert diags(ten, "batch_create_orders") == []
    eleven = ten + [limit(price="49000", client_order_id="grid-10")]
    assert diags(eleven, "batch_create_orders") == [("R201", "/10", "error")]


def test_batch_takes_no_stop_orders():
    stop = [_stop("ASK", "9000", "10000")]
    found = codes(stop, "batch_create_orders")
    assert found == {("S003", "/0/type"), ("S011", "/0/stop_price"), ("S011", "/0/operator")}


def test_batch_items_get_the_order_rules():
    batch = [limit(), limit(price="50000.001"), limit(client_order_id="x"), limit(client_order_id="x"),
             {"asset_pair_name": "BTC-USDT", "side": "BID", "type": "MARKET", "amount": "25.123"}]
    assert codes(batch, "batch_create_orders") == {("R101", "/1/price"), ("R203", "/3/client_order_id"), ("R103", "/4/amount")}
    assert codes([{"asset_pair_name": "BTC-USDT", "side": "BID", "amount": "1"}], "batch_create_orders") == {("S001", "/0/type")}
    assert codes({"orders": [limit()]}, "batch_create_orders") == {("S002", "")}


# ---- client order ids in a session (24 hours) ---------------------------------------------------------

def test_client_order_id_taken_for_24_hours():
    now = {"t": "2026-11-21T09:30:00Z"}
    session = V.session(clock=lambda: now["t"])
    assert session.check(limit(client_order_id="grid-1"), "bigone", "create_order").valid
    now["t"] = "2026-11-22T09:29:00Z"
    again = session.check(limit(client_order_id="grid-1"), "bigone", "create_order")
    assert [d.code for d in again.diagnostics] == ["R204"] and not again.valid
    now["t"] = "2026-11-22T09:31:00Z"
    assert session.check(limit(client_order_id="grid-1"), "bigone", "create_order").valid


# ---- queries -------------------------------------------------------------------------------------------

def test_query_values_as_text_or_numbers():
    for good in ("1", "20", "200", "020", 1, 200):
        assert diags({"asset_pair_name": "BTC-USDT", "limit": good}, "get_orders") == [], good
    for bad in ("0", "00", "201", "1e2", "20.0", 0, 201, 20.5, "", " 20", True):
        assert {c for c, _ in codes({"asset_pair_name": "BTC-USDT", "limit": bad}, "get_orders")} & {"S005", "S006", "S002"}, bad
    assert diags({}, "GET /api/v3/viewer/orders?asset_pair_name=BTC-USDT&limit=50&state=ALL") == []
    assert codes({}, "GET /api/v3/viewer/orders?asset_pair_name=BTC-USDT&limit=500") == {("S006", "/limit")}


def test_state_filters():
    for state in ("PENDING", "OPENING", "CLOSED", "NONE_FILLED", "ALL"):
        assert diags({"asset_pair_name": "BTC-USDT", "state": state}, "get_orders") == [], state
    for state in ("FILLED", "CANCELLED"):
        assert diags({"asset_pair_name": "BTC-USDT", "state": state}, "get_orders") == [("R007", "/state", "warning")]
    assert codes({"asset_pair_name": "BTC-USDT", "state": "pending"}, "get_orders") == {("S003", "/state")}


@pytest.mark.parametrize("operation", ["find_order", "cancel_order_by_query"])
def test_either_id_and_order_id_wins(operation):
    assert diags({"order_id": "10"}, operation) == []
    assert diags({"client_order_id": "grid-btc-0001"}, operation) == []
    assert diags({"order_id": "10", "client_order_id": "grid-btc-0001"}, operation) == [("R009", "/client_order_id", "warning")]
    assert diags({}, operation) == [("R008", "", "error")]
    assert codes({"orderId": "10"}, operation) == {("R008", ""), ("S004", "/orderId")}


def test_other_clients_names_get_a_did_you_mean():
    found = {d.pointer: d.message for d in V.check({"symbol": "BTC-USDT", "side": "BID", "type": "LIMIT", "price": "50000",
                                                    "amount": "0.001", "clientOrderId": "x", "postOnly": True},
                                                   "bigone", "create_order").diagnostics if d.code == "S004"}
    assert "did you mean 'asset_pair_name'" in found["/symbol"]
    assert "did you mean 'client_order_id'" in found["/clientOrderId"] and "did you mean 'post_only'" in found["/postOnly"]


# ---- the seed's own examples -----------------------------------------------------------------------------

@pytest.mark.skipif(not SEED.exists(), reason="the seed documents are not beside the repository")
def test_seed_examples_straight_from_the_seed(tmp_path):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    create = json.loads(lines[119])                       # the raw Create Order body (an ASK STOP_LIMIT order)
    assert create["type"] == "STOP_LIMIT" and diags(create, "POST /api/v3/viewer/orders") == []
    batch_text = "\n".join(lines[155:166])               # the Batch Create Orders body, verbatim
    path = tmp_path / "batch.json"
    path.write_text(batch_text + "\n")
    (doc,) = load_file(path)
    result = check_document(V, doc, venue="bigone", operation="batch_create_orders", now=NOW)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("P001", 11, 1)]   # trailing comma
    fixed = json.loads(batch_text.replace('"post_only": true,', '"post_only": true'))
    found = codes(fixed, "batch_create_orders")
    assert {("S003", "/0/type"), ("S011", "/0/stop_price"), ("S011", "/0/operator")} <= found
    assert diags({"asset_pair_name": "BTC-USDT"}, "get_orders") == []                     # the list example's pair
    assert diags({"asset_pair_name": "BTC-USDT"}, "cancel_all_orders") == []


# ---- markets: the snapshot is the recorded response ----------------------------------------------------

def test_snapshot_equals_the_recorded_asset_pairs_response():
    shipped = load_markets(ROOT / "markets" / "bigone.yaml")
    recorded = load_markets(DATA / "bigone_asset_pairs.json")
    assert sorted(shipped.symbols("bigone")) == sorted(recorded.symbols("bigone"))
    for symbol in shipped.symbols("bigone"):
        assert shipped.get("bigone", symbol) == recorded.get("bigone", symbol), symbol
    btc = shipped.get("bigone", "BTC-USDT")
    assert (btc.price_increment, btc.base_increment, btc.quote_increment) == (Decimal("0.01"), Decimal("0.000001"), Decimal("0.01"))
    assert (btc.min_notional, btc.max_notional) == (Decimal("10"), Decimal("1000000"))


def test_snapshot_states_its_sources():
    text = (ROOT / "markets" / "bigone.yaml").read_text()
    assert "ts/src/test/static/markets/bigone.json" in text and "fetchMarkets" in text
    for symbol in load_markets(ROOT / "markets" / "bigone.yaml").symbols("bigone"):
        assert re.search(rf"^  {re.escape(symbol)}: +# quote_scale \d+, base_scale \d+, min_quote_value", text, re.M), symbol


# ---- real clients: ccxt ------------------------------------------------------------------------------------

ccxt = pytest.importorskip("ccxt")


@pytest.fixture(scope="module")
def exchange():
    """ccxt's bigone with markets from the recorded GET /asset_pairs response and the network replaced by a recorder."""
    ex = ccxt.bigone({"apiKey": "key", "secret": "secret"})
    pairs = json.loads((DATA / "bigone_asset_pairs.json").read_text())
    ex.sent = []

    def fetch(url, method="GET", headers=None, body=None):
        if "/asset_pairs" in url:
            return pairs
        if "symbols" in url:   # the contract markets: none
            return []
        ex.sent.append((method, url, body))
        if "/orders/cancel" in url:
            return {"code": 0, "data": {"cancelled": [58272370], "failed": []}}
        if method == "GET" and "/viewer/orders?" in url:
            return {"code": 0, "data": []}
        return {"code": 0, "data": {"id": 58272370, "asset_pair_name": "BTC-USDT", "side": "BID", "state": "PENDING"}}

    ex.fetch = fetch
    ex.load_markets()
    return ex


def _captured(ex, call):
    ex.sent.clear()
    call(ex)
    ((method, url, body),) = ex.sent
    parts = urllib.parse.urlsplit(url)
    line = f"{method} {parts.path}" + (f"?{parts.query}" if parts.query else "")
    return line, (json.loads(body) if body else {})


CCXT_CALLS = [
    ("limit buy", lambda ex: ex.create_order("BTC/USDT", "limit", "buy", 0.00123456789, 50000.123), "create_order"),
    ("limit sell post-only", lambda ex: ex.create_order("BTC/USDT", "limit", "sell", 0.5, 61234.56, {"postOnly": True}), "create_order"),
    ("limit buy IOC", lambda ex: ex.create_order("ETH/USDT", "limit", "buy", 0.05, 3000.5, {"timeInForce": "IOC", "clientOrderId": "grid-eth-1"}), "create_order"),
    ("market buy (quote amount)", lambda ex: ex.create_order("BTC/USDT", "market", "buy", 0.00123456, 50000.12), "create_order"),
    ("market buy with cost", lambda ex: ex.create_market_buy_order_with_cost("XRP/USDT", 25.123456), "create_order"),
    ("market sell", lambda ex: ex.create_order("XRP/USDT", "market", "sell", 123.456), "create_order"),
    ("stop limit buy", lambda ex: ex.create_order("BTC/USDT", "limit", "buy", 0.01, 50500, {"triggerPrice": 50000}), "create_order"),
    ("stop limit sell", lambda ex: ex.create_order("BTC/USDT", "limit", "sell", 0.01, 45500, {"triggerPrice": 46000}), "create_order"),
    ("stop market sell", lambda ex: ex.create_order("BTC/USDT", "market", "sell", 0.01, None, {"triggerPrice": 46000}), "create_order"),
    ("cancel order", lambda ex: ex.cancel_order("58272370"), "cancel_order"),
    ("cancel all orders", lambda ex: ex.cancel_all_orders("BTC/USDT"), "cancel_all_orders"),
    ("fetch open orders", lambda ex: ex.fetch_open_orders("BTC/USDT"), "get_orders"),
    ("fetch open orders with limit", lambda ex: ex.fetch_open_orders("BTC/USDT", None, 200), "get_orders"),
    ("fetch order", lambda ex: ex.fetch_order("58272370"), "get_order"),
]


@pytest.mark.parametrize(("name", "call", "operation"), CCXT_CALLS, ids=[c[0] for c in CCXT_CALLS])
def test_ccxt_requests_pass(exchange, name, call, operation):
    line, body = _captured(exchange, call)
    resolved, problems = V.resolve_line("bigone", line)
    assert resolved is not None and resolved.op.id == operation, (line, problems)
    result = V.check(body, "bigone", line, now=NOW)
    assert result.valid and result.diagnostics == (), (line, body, result.diagnostics)


def test_ccxt_market_buy_sends_the_quote_amount(exchange):
    """ccxt sends price x amount rounded to the quote scale: the quote-step rule (R103) must accept it."""
    _, body = _captured(exchange, lambda ex: ex.create_order("BTC/USDT", "market", "buy", 0.00123456, 50000.12))
    assert body["type"] == "MARKET" and body["side"] == "BID" and body["amount"] == "61.72"
    _, cost = _captured(exchange, lambda ex: ex.create_market_buy_order_with_cost("XRP/USDT", 25.123456))
    assert cost["amount"] == "25.12345"   # XRP-USDT quote_scale 5
    assert [d.code for d in V.check({**cost, "amount": "25.123456"}, "bigone", "create_order").diagnostics] == ["R103"]
    _, stop = _captured(exchange, lambda ex: ex.create_order("BTC/USDT", "limit", "buy", 0.01, 50500, {"triggerPrice": 50000}))
    assert stop["type"] == "STOP_LIMIT" and stop["operator"] == "GTE" and stop["stop_price"] == "50000"


def test_ccxt_closed_orders_filter_is_a_warning_only(exchange):
    """ccxt's fetchClosedOrders sends state=FILLED, a filter of BigONE's earlier documentation: no error, one warning."""
    line, body = _captured(exchange, lambda ex: ex.fetch_closed_orders("BTC/USDT", None, 100))
    assert "state=FILLED" in line and "limit=100" in line
    result = V.check(body, "bigone", line, now=NOW)
    assert result.valid
    assert [(d.code, d.severity, d.pointer) for d in result.diagnostics] == [("R007", "warning", "/state")]


def test_ccxt_misuse_is_caught(exchange):
    """Used wrongly (a stop-limit buy priced far above its trigger), ccxt's request is refused with the band rule."""
    line, body = _captured(exchange, lambda ex: ex.create_order("BTC/USDT", "limit", "buy", 0.01, 56000, {"triggerPrice": 50000}))
    assert [(d.code, d.pointer) for d in V.check(body, "bigone", line, now=NOW).diagnostics] == [("R006", "/price")]


# ---- text users see -----------------------------------------------------------------------------------------

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
    yield "schemas/bigone/venue.yaml", VENUE
    yield "rules/bigone.yaml", yaml.safe_load((ROOT / "rules/bigone.yaml").read_text())
    for schema in sorted((ROOT / "schemas/bigone").glob("*.json")):
        yield f"schemas/bigone/{schema.name}", json.loads(schema.read_text())


@pytest.mark.parametrize(("name", "data"), list(_files()), ids=[n for n, _ in _files()])
def test_user_text_cites_only_public_documentation(name, data):
    leaks = [(where, text) for where, text in _texts(data) if INTERNAL.search(text) and "/examples/" not in where]
    assert not leaks, leaks


PUBLIC = ("https://open.bigone.com/docs/spot/introduction", "https://open.bigone.com/docs/guides/spot",
          "https://open.bigone.com/docs/guides/concepts/orders", "https://open.bigone.com/docs/error-codes")


def test_rules_and_operations_link_confirmed_public_pages():
    rules = yaml.safe_load((ROOT / "rules/bigone.yaml").read_text())["rules"]
    for rule in rules:
        assert rule["url"] in PUBLIC, rule["id"]
        assert rule["reference"].startswith("BigONE"), rule["id"]
    for op_id, spec in OPERATIONS.items():
        assert spec["url"] in PUBLIC, op_id


def test_every_rule_fires_in_the_shipped_validator():
    ours = [r for r in V.rules if r.venue == "bigone"]
    assert len(ours) >= 20 and all(r.examples for r in ours)
