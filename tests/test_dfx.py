"""DFX spot: the six order operations, their rules both ways, DFX's own example requests, request lines,
the market snapshot, and the text users see.

Real clients: ccxt has no DFX exchange class (checked below), and DFX publishes no SDK; its documentation
shows Python snippets that build plain dicts. So instead of a client, these tests check what a correct
request built from DFX's documented examples looks like, with BIGDECIMAL values both as JSON numbers (as
the examples send them) and as decimal strings, and ids both as numbers and as digit strings: every form
must get the same verdict.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from validator import Validator, load_markets
from validator.documents import check_document
from validator.loading import load_file
from validator.markets import from_normalized

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = "https://github.com/dfxlabs/dfxlabs.github.io/blob/main/docs/6.%20Order%20Endpoints.md"
MARKET_PAGE = "https://github.com/dfxlabs/dfxlabs.github.io/blob/main/docs/4.%20Market%20Endpoints.md"
VENUE = yaml.safe_load((ROOT / "schemas/dfx/venue.yaml").read_text())
OPERATIONS = {
    "create_order": ("POST", "/api/v1/spot/order"),
    "cancel_order": ("DELETE", "/api/v1/spot/order"),
    "batch_cancel_orders": ("DELETE", "/api/v1/spot/batch/order"),
    "get_order": ("GET", "/api/v1/spot/order"),
    "get_closed_orders": ("GET", "/api/v1/spot/finish_order"),
    "get_open_orders": ("GET", "/api/v1/spot/open_order"),
}
ACCOUNT = "1403134775"
LIMIT = {"symbol": "BTC-USDT", "accountId": ACCOUNT, "side": "BUY", "type": "LIMIT", "price": Decimal("66666.88"),
         "quantity": Decimal("0.01")}
MARKET = {"symbol": "BTC-USDT", "accountId": ACCOUNT, "side": "BUY", "type": "MARKET", "amount": Decimal("100.00")}


def codes(result) -> list[tuple[str, str, str]]:
    return [(d.code, d.severity, d.pointer) for d in result.diagnostics]


def clean(result) -> bool:
    return result.valid and not result.diagnostics


# ---- the venue and its operations ---------------------------------------------------------------

def test_ccxt_has_no_dfx_exchange():
    ccxt = pytest.importorskip("ccxt")
    assert not any("dfx" in name.lower() for name in ccxt.exchanges)


def test_six_operations_all_checked(validator: Validator):
    assert {op: (spec["method"], spec["path"]) for op, spec in VENUE["operations"].items()} == OPERATIONS
    for op in OPERATIONS:
        assert validator.compiled("dfx", op) is not None, op
        assert VENUE["operations"][op]["url"] == SEED_PAGE


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_method_and_path_resolve(validator: Validator, op):
    method, path = OPERATIONS[op]
    found, problems = validator.resolve_line("dfx", f"{method} {path}")
    assert found is not None and found.op.id == op and found.members == {}, problems


# ---- every operation both ways ------------------------------------------------------------------

GOOD = {
    "create_order": [LIMIT, MARKET, {**LIMIT, "clientOrderId": "grid-7-1"},
                     {**MARKET, "side": "SELL", "amount": "100"}],
    "cancel_order": [{"accountId": ACCOUNT, "orderId": 2000000203363954}, {"accountId": ACCOUNT, "orderId": "2000000203363954"},
                     {"accountId": ACCOUNT, "clientOrderId": "grid-7-1"}, {"accountId": 1403134775, "orderId": "1"}],
    "batch_cancel_orders": [{"accountId": ACCOUNT, "symbol": "BTC-USDT"},
                            {"accountId": ACCOUNT, "orderIds": "2000000074758463,2000000074758464"},
                            {"accountId": ACCOUNT, "orderIds": "2000000074758463"}, {"accountId": ACCOUNT, "orderIds": 2000000074758463}],
    "get_order": [{"accountId": ACCOUNT, "orderId": 2000000074758463}, {"accountId": ACCOUNT, "clientOrderId": "grid-7-1"}],
    "get_closed_orders": [{"accountId": ACCOUNT}, {"accountId": ACCOUNT, "symbol": "BTC-USDT", "orderId": "2000000074758461", "limit": 500,
                                                   "startTime": 1678772870000, "endTime": "1678772870000"},
                          {"accountId": ACCOUNT, "limit": "500"}, {"accountId": ACCOUNT, "limit": 1}],
    "get_open_orders": [{"accountId": ACCOUNT}, {"accountId": ACCOUNT, "symbol": "BTC-USDT", "orderId": 2000000074758463, "limit": 100},
                        {"accountId": ACCOUNT, "limit": "100"}],
}

BAD = {
    "create_order": [
        ({k: v for k, v in LIMIT.items() if k != "quantity"}, ("R001", "error", "/quantity")),
        ({**LIMIT, "quantity": None}, ("S002", "error", "/quantity")),
        ({k: v for k, v in LIMIT.items() if k != "price"}, ("R001", "error", "/price")),
        ({k: v for k, v in MARKET.items() if k != "amount"}, ("R001", "error", "/amount")),
        ({k: v for k, v in LIMIT.items() if k != "accountId"}, ("S001", "error", "/accountId")),
        ({**LIMIT, "side": "buy"}, ("S003", "error", "/side")),
        ({**LIMIT, "type": "STOP_LIMIT"}, ("S003", "error", "/type")),
        ({**LIMIT, "symbol": "BTC/USDT"}, ("S006", "error", "/symbol")),
        ({**LIMIT, "price": "-1"}, ("S006", "error", "/price")),
        ({**LIMIT, "price": "1e5"}, ("S006", "error", "/price")),
        ({**LIMIT, "price": "66,666.88"}, ("S006", "error", "/price")),
        ({**LIMIT, "quantity": 0}, ("S005", "error", "/quantity")),
        ({**LIMIT, "quantity": True}, ("S002", "error", "/quantity")),
    ],
    "cancel_order": [
        ({"accountId": ACCOUNT}, ("R008", "error", "")),
        ({"orderId": 1}, ("S001", "error", "/accountId")),
        ({"accountId": ACCOUNT, "orderId": "12a"}, ("S006", "error", "/orderId")),
        ({"accountId": ACCOUNT, "orderId": 12.5}, ("S002", "error", "/orderId")),
        ({"accountId": ACCOUNT, "orderId": -1}, ("S005", "error", "/orderId")),
        ({"accountId": "  ", "orderId": 1}, ("S006", "error", "/accountId")),
    ],
    "batch_cancel_orders": [
        ({"accountId": ACCOUNT}, ("R008", "error", "")),
        ({"accountId": ACCOUNT, "orderIds": "1,2,x"}, ("S006", "error", "/orderIds")),
        ({"accountId": ACCOUNT, "orderIds": "1, 2"}, ("S006", "error", "/orderIds")),
        ({"accountId": ACCOUNT, "orderIds": "1,,2"}, ("S006", "error", "/orderIds")),
        ({"accountId": ACCOUNT, "orderIds": "1,2,"}, ("S006", "error", "/orderIds")),
        ({"accountId": ACCOUNT, "orderIds": "1.5"}, ("S006", "error", "/orderIds")),
        ({"accountId": ACCOUNT, "orderIds": [1, 2]}, ("S002", "error", "/orderIds")),
        ({"accountId": ACCOUNT, "orderIds": ",".join(str(i) for i in range(1, 22))}, ("R205", "error", "/orderIds")),
        ({"accountId": ACCOUNT, "orderIds": "7,8,7"}, ("R206", "error", "/orderIds")),
    ],
    "get_order": [
        ({"accountId": ACCOUNT}, ("R008", "error", "")),
        ({"accountId": ACCOUNT, "orderId": "2000000074758463 "}, ("S006", "error", "/orderId")),
    ],
    "get_closed_orders": [
        ({"accountId": ACCOUNT, "limit": 501}, ("S005", "error", "/limit")),
        ({"accountId": ACCOUNT, "limit": "501"}, ("S006", "error", "/limit")),
        ({"accountId": ACCOUNT, "limit": -1}, ("S005", "error", "/limit")),
        ({"accountId": ACCOUNT, "limit": 0}, ("R007", "warning", "/limit")),
        ({"accountId": ACCOUNT, "startTime": 1678772870}, ("R302", "error", "/startTime")),
        ({"accountId": ACCOUNT, "endTime": "1678772870"}, ("R302", "error", "/endTime")),
        ({"accountId": ACCOUNT, "startTime": 1678859270000, "endTime": 1678772870000}, ("R303", "warning", "/startTime")),
        ({"accountId": ACCOUNT, "startTime": "yesterday"}, ("S006", "error", "/startTime")),
        ({"accountId": ACCOUNT, "dt_beg": 1678772870000}, ("S004", "warning", "/dt_beg")),
    ],
    "get_open_orders": [
        ({"accountId": ACCOUNT, "limit": 101}, ("S005", "error", "/limit")),
        ({"accountId": ACCOUNT, "limit": "101"}, ("S006", "error", "/limit")),
        ({"accountId": ACCOUNT, "limit": "0"}, ("R007", "warning", "/limit")),
        ({"accountId": ACCOUNT, "startTime": 1678772870000}, ("S004", "warning", "/startTime")),
    ],
}


@pytest.mark.parametrize(("op", "request_"), [(op, r) for op, rs in GOOD.items() for r in rs])
def test_good_requests_pass_clean(validator: Validator, op, request_):
    result = validator.check(request_, "dfx", op)
    assert clean(result), result.diagnostics


@pytest.mark.parametrize(("op", "request_", "want"), [(op, r, w) for op, rs in BAD.items() for r, w in rs])
def test_bad_requests_are_reported(validator: Validator, op, request_, want):
    result = validator.check(request_, "dfx", op)
    assert want in codes(result), result.diagnostics
    assert result.valid is (want[1] != "error")


def test_every_operation_has_both_ways():
    assert set(GOOD) == set(BAD) == set(OPERATIONS)


# ---- BIGDECIMAL and LONG: numbers and strings are the same value ----------------------------------

def _as_strings(request: dict) -> dict:
    return {k: (format(v, "f") if isinstance(v, Decimal) else str(v) if isinstance(v, int) and not isinstance(v, bool) else v)
            for k, v in request.items()}


@pytest.mark.parametrize("request_", [
    LIMIT, MARKET,
    {**LIMIT, "price": Decimal("66666.885")},                  # off the tick
    {**LIMIT, "quantity": Decimal("0.000001")},                # below the minimum, off the step
    {**MARKET, "amount": Decimal("4.99")},                     # below quoteMinSize
    {**LIMIT, "price": Decimal("70000"), "quantity": Decimal("0.00007")},   # order value 4.9 < 5
])
def test_numbers_and_decimal_strings_get_the_same_verdict(validator: Validator, request_):
    as_numbers = validator.check(request_, "dfx", "create_order")
    as_strings = validator.check(_as_strings(request_), "dfx", "create_order")
    assert codes(as_numbers) == codes(as_strings)
    assert not [d for d in as_numbers.diagnostics if d.code.startswith("S")]  # neither form is a type problem


def test_python_floats_from_the_documented_examples_pass(validator: Validator):
    """What DFX's Python snippet builds (floats and ints, json.dumps on the wire)."""
    snippet = {"symbol": "BTC-USDT", "accountId": ACCOUNT, "side": "BUY", "type": "LIMIT", "price": 70000, "quantity": 0.01}
    assert clean(validator.check(snippet, "dfx", "create_order"))
    assert clean(validator.check(json.loads(json.dumps(snippet)), "dfx", "create_order"))
    assert clean(validator.check({**MARKET, "amount": 100.00}, "dfx", "create_order"))


@pytest.mark.parametrize("order_id", [2000000074758463, "2000000074758463", 0, "0", 9223372036854775807])
def test_long_ids_as_number_or_digits(validator: Validator, order_id):
    assert clean(validator.check({"accountId": ACCOUNT, "orderId": order_id}, "dfx", "get_order"))


@pytest.mark.parametrize("order_id", ["", "12a", "+12", "-12", "1e3", "12.0", 12.5, True, [1], 9223372036854775808,
                                      "12345678901234567890"])
def test_non_integer_ids_are_errors(validator: Validator, order_id):
    result = validator.check({"accountId": ACCOUNT, "orderId": order_id}, "dfx", "cancel_order")
    assert not result.valid and all(d.pointer == "/orderId" for d in result.diagnostics if d.severity == "error"), result.diagnostics


# ---- decimal rules, as properties ------------------------------------------------------------------

TICK = Decimal("0.01")


@settings(max_examples=60, deadline=None)
@given(ticks=st.integers(min_value=1, max_value=10**9), extra=st.integers(min_value=1, max_value=9), as_text=st.booleans())
def test_price_tick_property(validator: Validator, ticks, extra, as_text):
    on_grid = ticks * TICK
    off_grid = on_grid + extra * Decimal("0.001")
    quantity = Decimal("1")  # order value >= 0.01 x 1; below 5 only warns

    def form(value: Decimal):
        return format(value, "f") if as_text else value

    good = validator.check({**LIMIT, "price": form(on_grid), "quantity": form(quantity)}, "dfx", "create_order")
    assert "R101" not in [d.code for d in good.diagnostics]
    assert good.valid
    bad = validator.check({**LIMIT, "price": form(off_grid), "quantity": form(quantity)}, "dfx", "create_order")
    hits = [d for d in bad.diagnostics if d.code == "R101"]
    assert len(hits) == 1 and hits[0].pointer == "/price" and not bad.valid


@settings(max_examples=60, deadline=None)
@given(cents=st.integers(min_value=0, max_value=10**7))
def test_market_buy_amount_property(validator: Validator, cents):
    amount = Decimal(cents) / 100
    result = validator.check({**MARKET, "amount": format(amount, "f")}, "dfx", "create_order")
    if amount == 0:
        assert not result.valid
    elif amount < 5:
        assert ("R106", "error", "/amount") in codes(result)
    else:
        assert clean(result), result.diagnostics


@settings(max_examples=40, deadline=None)
@given(ids=st.lists(st.integers(min_value=1, max_value=9 * 10**15), min_size=1, max_size=30))
def test_batch_ids_property(validator: Validator, ids):
    result = validator.check({"accountId": ACCOUNT, "orderIds": ",".join(map(str, ids))}, "dfx", "batch_cancel_orders")
    found = {d.code for d in result.diagnostics}
    assert ("R205" in found) is (len(ids) > 20)
    assert ("R206" in found) is (len(set(ids)) < len(ids))
    assert result.valid is (len(ids) <= 20 and len(set(ids)) == len(ids))


# ---- market metadata -----------------------------------------------------------------------------

def test_metadata_rules(validator: Validator):
    assert ("R101", "error", "/price") in codes(validator.check({**LIMIT, "price": "66666.885"}, "dfx", "create_order"))
    assert ("R102", "error", "/quantity") in codes(validator.check({**LIMIT, "quantity": "0.012345"}, "dfx", "create_order"))
    assert ("R105", "error", "/quantity") in codes(validator.check({**LIMIT, "symbol": "ETH-USDT", "price": "3000", "quantity": "0.00001"},
                                                                   "dfx", "create_order"))
    assert ("R103", "error", "/amount") in codes(validator.check({**MARKET, "amount": "100.001"}, "dfx", "create_order"))
    assert ("R103", "warning", "/amount") in codes(validator.check({**MARKET, "side": "SELL", "amount": "100.001"}, "dfx", "create_order"))
    assert ("R106", "warning", "/amount") in codes(validator.check({**MARKET, "side": "SELL", "amount": "4"}, "dfx", "create_order"))
    disabled = validator.check({**LIMIT, "symbol": "USDT-USD", "price": "1", "quantity": "5"}, "dfx", "create_order")
    assert codes(disabled) == [("R109", "error", "/symbol")]


def test_order_value_minimum_is_a_warning_and_strict_error():
    request = {**LIMIT, "price": "70000", "quantity": "0.00007"}
    assert codes(Validator().check(request, "dfx", "create_order")) == [("R107", "warning", "/quantity")]
    assert codes(Validator(strict=True).check(request, "dfx", "create_order")) == [("R107", "error", "/quantity")]
    assert clean(Validator().check({**request, "quantity": "0.00008"}, "dfx", "create_order"))


def test_unknown_symbol_reports_missing_metadata(validator: Validator):
    result = validator.check({**LIMIT, "symbol": "DOGE-USDT"}, "dfx", "create_order")
    assert codes(result) == [("M001", "warning", "/symbol")] and result.valid
    assert not Validator(strict=True).check({**LIMIT, "symbol": "DOGE-USDT"}, "dfx", "create_order").valid


def test_recorded_symbols_response_imports_to_the_snapshot():
    """markets/dfx.yaml holds the documented example's values; the recorded response (the same example,
    ETH-USDT left out) imports to exactly the same records through schemas/dfx/markets.yaml."""
    recorded = load_markets(ROOT / "tests/data/markets/dfx_symbols.json")
    shipped = load_markets(ROOT / "markets/dfx.yaml")
    raw = json.loads((ROOT / "tests/data/markets/dfx_symbols.json").read_text())
    symbols = [r["symbol"] for r in raw["data"]]
    assert symbols == ["BTC-USD", "ETH-USD", "BTC-USDT", "USDT-USD"]
    for symbol in symbols:
        assert recorded.get("dfx", symbol).to_dict() == shipped.get("dfx", symbol).to_dict(), symbol
    assert shipped.get("dfx", "ETH-USDT").to_dict() == shipped.get("dfx", "ETH-USD").to_dict()  # as documented
    assert shipped.get("dfx", "USDT-USD").get("trading_enabled") is False


def test_symbols_response_works_as_markets(validator: Validator):
    own = Validator(markets=load_markets(ROOT / "tests/data/markets/dfx_symbols.json"))
    assert clean(own.check(LIMIT, "dfx", "create_order"))
    assert codes(own.check({**LIMIT, "symbol": "ETH-USDT"}, "dfx", "create_order")) == [("M001", "warning", "/symbol")]


def test_custom_market_bounds():
    markets = from_normalized({"venue": "dfx", "markets": {"BTC-USDT": {"price_increment": "0.5", "base_increment": "0.001",
                                                                        "quote_increment": "1", "base_min": "0.001", "quote_min": "10",
                                                                        "trading_enabled": True}}})
    v = Validator(markets=markets)
    assert ("R101", "error", "/price") in codes(v.check({**LIMIT, "price": "70000.2", "quantity": "0.001"}, "dfx", "create_order"))
    assert clean(v.check({**LIMIT, "price": "70000.5", "quantity": "0.001"}, "dfx", "create_order"))


# ---- DFX's own examples ----------------------------------------------------------------------------

SEED = ROOT.parent / "shared" / "seeds" / "000_903a522269005b09.txt"  # beside the repository, where it is available
LIMIT_EXAMPLE = '{\n\t"symbol": "BTC-USDT",\n\t"accountId": "1403134775",\n\t"side": "BUY",\n\t"type": "LIMIT",\n\t"price": 66666.88,\n\t"quantity": 0.01\n}\n'
MARKET_EXAMPLE = '{\n\t"symbol": "BTC-USDT",\n\t"accountId": "1403134775",\n\t"side": "BUY"\n\t"type": "MARKET",\n\t"amount": 100.00\n}\n'


def test_the_examples_are_the_documented_ones():
    assert (ROOT / "tests/cases/dfx-seed-create-limit/order.json").read_text() == LIMIT_EXAMPLE
    assert (ROOT / "tests/cases/dfx-seed-create-market-missing-comma/order.json").read_text() == MARKET_EXAMPLE
    if SEED.exists():  # the source document, where it is available
        text = SEED.read_text()
        assert LIMIT_EXAMPLE in text and MARKET_EXAMPLE in text


def _check_file(validator: Validator, path: Path, **flags):
    return [check_document(validator, doc, now="2026-11-21T09:30:00Z", **flags) for doc in load_file(path)]


def test_documented_limit_example_passes(validator: Validator):
    [result] = _check_file(validator, ROOT / "tests/cases/dfx-seed-create-limit/order.json", venue="dfx", operation="create_order")
    assert clean(result), result.diagnostics


def test_documented_market_example_is_broken_json(validator: Validator):
    with pytest.raises(json.JSONDecodeError) as raised:
        json.loads(MARKET_EXAMPLE)
    [result] = _check_file(validator, ROOT / "tests/cases/dfx-seed-create-market-missing-comma/order.json", venue="dfx",
                           operation="create_order")
    assert not result.valid
    [diag] = result.diagnostics
    assert (diag.code, diag.pointer, diag.line, diag.column) == ("P001", "", raised.value.lineno, raised.value.colno) == ("P001", "", 5, 2)
    assert "delimiter" in diag.message or "comma" in diag.message


def test_documented_market_example_with_its_comma_passes(validator: Validator):
    fixed = json.loads(MARKET_EXAMPLE.replace('"BUY"\n', '"BUY",\n'), parse_float=Decimal)
    assert clean(validator.check(fixed, "dfx", "create_order"))
    assert clean(validator.check(json.loads(json.dumps(fixed, default=str)), "dfx", "create_order"))  # amount as "100.00"


def test_documented_cancel_snippet_sends_the_wrong_key(validator: Validator):
    """The cancel snippet sends client_order_id; the table names clientOrderId."""
    result = validator.check({"accountId": ACCOUNT, "client_order_id": "grid-7-1"}, "dfx", "cancel_order")
    assert sorted(codes(result)) == [("R008", "error", ""), ("S004", "warning", "/client_order_id")]
    assert "clientOrderId" in next(d.message for d in result.diagnostics if d.code == "S004")
    assert clean(validator.check({"accountId": ACCOUNT, "clientOrderId": "grid-7-1"}, "dfx", "cancel_order"))


@pytest.mark.parametrize("op", ["cancel_order", "get_order"])
def test_order_id_wins_over_client_order_id(validator: Validator, op):
    result = validator.check({"accountId": ACCOUNT, "orderId": 2000000203363954, "clientOrderId": "grid-7-1"}, "dfx", op)
    assert codes(result) == [("R009", "warning", "/clientOrderId")] and result.valid


def test_batch_symbol_ignored_beside_ids(validator: Validator):
    result = validator.check({"accountId": ACCOUNT, "symbol": "BTC-USDT", "orderIds": "1,2"}, "dfx", "batch_cancel_orders")
    assert codes(result) == [("R009", "warning", "/symbol")] and result.valid


def test_batch_of_twenty_passes_twenty_one_fails(validator: Validator):
    twenty = ",".join(str(2000000074758400 + i) for i in range(20))
    assert clean(validator.check({"accountId": ACCOUNT, "orderIds": twenty}, "dfx", "batch_cancel_orders"))
    result = validator.check({"accountId": ACCOUNT, "orderIds": twenty + ",2000000074758499"}, "dfx", "batch_cancel_orders")
    assert codes(result) == [("R205", "error", "/orderIds")]
    assert "21" in result.diagnostics[0].message and "20" in result.diagnostics[0].message


# ---- concrete request lines --------------------------------------------------------------------------

def test_request_line_merges_query_members(validator: Validator):
    result = validator.check({"accountId": ACCOUNT}, "dfx", "DELETE /api/v1/spot/order?orderId=123&symbol=BTC_USDT")
    assert (result.venue, result.operation) == ("dfx", "cancel_order")
    assert codes(result) == [("S004", "warning", "/symbol")]  # cancel takes no symbol; orderId 123 came from the query
    assert sorted(codes(validator.check({"accountId": ACCOUNT}, "dfx", "DELETE /api/v1/spot/order?symbol=BTC-USDT"))) == \
        [("R008", "error", ""), ("S004", "warning", "/symbol")]


def test_request_line_same_path_other_methods(validator: Validator):
    for line, op in [("POST /api/v1/spot/order", "create_order"), ("GET /api/v1/spot/order?orderId=1", "get_order"),
                     ("DELETE /api/v1/spot/batch/order?orderIds=1,2", "batch_cancel_orders")]:
        found, _ = validator.resolve_line("dfx", line)
        assert found.op.id == op


def test_request_line_numbers_agree_with_text(validator: Validator):
    """A query value is text: orderId 123 in the body and orderId=123 in the line are the same value."""
    assert clean(validator.check({"accountId": ACCOUNT, "orderId": 123}, "dfx", "GET /api/v1/spot/order?orderId=123"))
    result = validator.check({"accountId": ACCOUNT, "orderId": 124}, "dfx", "GET /api/v1/spot/order?orderId=123")
    assert codes(result) == [("E009", "error", "/orderId")]


def test_request_line_query_on_a_literal_path_is_general(validator: Validator):
    """Engine: query members of a line whose path is a literal template are kept (any venue)."""
    found, _ = validator.resolve_line("kucoin", "DELETE /api/v1/hf/orders?symbol=BTC-USDT")
    assert found.op.id == "cancel_all_orders_by_symbol" and found.members == {"symbol": "BTC-USDT"}


def test_request_line_limits(validator: Validator):
    assert clean(validator.check({}, "dfx", f"GET /api/v1/spot/finish_order?accountId={ACCOUNT}&limit=500"))
    assert codes(validator.check({}, "dfx", f"GET /api/v1/spot/finish_order?accountId={ACCOUNT}&limit=501")) == [("S006", "error", "/limit")]
    assert clean(validator.check({}, "dfx", f"GET /api/v1/spot/open_order?accountId={ACCOUNT}&limit=100"))
    assert codes(validator.check({}, "dfx", f"GET /api/v1/spot/open_order?accountId={ACCOUNT}&limit=101")) == [("S006", "error", "/limit")]


# ---- shipped examples --------------------------------------------------------------------------------

def test_examples_valid_check_clean(validator: Validator):
    for path in sorted((ROOT / "examples/valid").glob("dfx-*.yaml")):
        for result in _check_file(validator, path):
            assert clean(result), (path, result.diagnostics)


def test_examples_rejected_show_findings(validator: Validator):
    paths = sorted((ROOT / "examples/rejected").glob("dfx-*.yaml"))
    assert paths
    for path in paths:
        for result in _check_file(validator, path):
            assert not result.valid, (path, result.diagnostics)


# ---- text users see ------------------------------------------------------------------------------------

def test_rules_cite_the_venue_pages(validator: Validator):
    rules = [r for r in validator.rules if r.venue == "dfx"]
    assert len(rules) >= 20
    for rule in rules:
        assert rule.url in (SEED_PAGE, MARKET_PAGE), rule.id
        assert rule.reference.startswith("DFX API: "), rule.id


def test_diagnostics_link_the_operation_page(validator: Validator):
    result = validator.check({"accountId": ACCOUNT, "orderId": "x"}, "dfx", "get_order")
    assert result.diagnostics and all(d.url == SEED_PAGE for d in result.diagnostics)
