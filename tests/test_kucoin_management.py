"""KuCoin spot order management (HF cancel, query, modify, DCP): the shared span checks, the schemas and
rules of the 17 operations, the seed's example requests, and what real clients build."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validator.rule_functions import REGISTRY, Context, Uncheckable, build

NOW = 1795253400000  # 2026-11-21T09:30:00Z


def ctx() -> Context:
    return Context(defaults={}, market=None, now_ms=NOW)


def run(opts, obj):
    return list(build(opts).run(obj, "", ctx()))


# ---- validator/rule_functions/spans.py on its own ----------------------------------------------------------

def test_span_functions_are_registered_with_docs_and_examples():
    for name in ("timestamp_unit", "time_order", "time_span", "time_age"):
        function = REGISTRY[name]
        assert function.doc and function.example["function"] == name
        build(function.example)  # the documented example builds


@pytest.mark.parametrize("value, problem, fixed", [
    (1700000000, "looks like seconds: 1700000000 -> 1700000000000", 1700000000000),
    ("1700000000", "looks like seconds: 1700000000 -> 1700000000000", "1700000000000"),
    (1700000000000000, "looks like microseconds: 1700000000000000 -> 1700000000000", 1700000000000),
    (1700000000000000000, "looks like nanoseconds: 1700000000000000000 -> 1700000000000", 1700000000000),
    (170000000000, "has 12 digits; a timestamp in milliseconds has 13", None),
    ("1700000000000.5", "is not a whole number of milliseconds", None),
    (-1700000000000, "is not a positive 13-digit timestamp in milliseconds", None),
])
def test_timestamp_unit_ms_reports_the_likely_unit(value, problem, fixed):
    [finding] = run({"function": "timestamp_unit", "field": "startAt"}, {"startAt": value})
    assert finding.pointer == "/startAt"
    assert finding.values["problem"] == problem
    assert (finding.fix.value if finding.fix else None) == fixed


@pytest.mark.parametrize("value", [1700000000000, "1700000000000", 9999999999999, 1000000000000])
def test_timestamp_unit_ms_accepts_milliseconds_as_number_or_text(value):
    assert run({"function": "timestamp_unit", "field": "startAt", "unit": "ms"}, {"startAt": value}) == []


def test_timestamp_unit_seconds_and_absent_and_zero():
    opts = {"function": "timestamp_unit", "field": "from", "unit": "s"}
    assert run(opts, {"from": 1700000000}) == []
    [finding] = run(opts, {"from": 1700000000123})
    assert finding.values["problem"] == "looks like milliseconds: 1700000000123 -> 1700000000"
    assert run(opts, {}) == [] and run(opts, {"from": None}) == []
    assert len(run(opts, {"from": 0})) == 1
    assert run({**opts, "zero_absent": True}, {"from": 0}) == []


def test_timestamp_unit_unreadable_value_is_an_error_not_a_pass():
    for bad in ("17e11", "soon", True, [1]):
        with pytest.raises(Uncheckable):
            run({"function": "timestamp_unit", "field": "startAt"}, {"startAt": bad})


def test_time_order():
    opts = {"function": "time_order", "start": "startAt", "end": "endAt"}
    [finding] = run(opts, {"startAt": 1700000000001, "endAt": "1700000000000"})
    assert finding.pointer == "/startAt"
    assert finding.values == {"start": "startAt", "end": "endAt", "start_value": "1700000000001",
                              "end_value": "1700000000000", "field": "startAt", "value": "1700000000001"}
    assert run(opts, {"startAt": 1700000000000, "endAt": 1700000000000}) == []
    assert len(run({**opts, "allow_equal": False}, {"startAt": 1700000000000, "endAt": 1700000000000})) == 1
    assert run(opts, {"startAt": 1700000000001}) == [] and run(opts, {"endAt": 1}) == []
    # 0 meaning "absent"
    assert len(run(opts, {"startAt": 1700000000001, "endAt": 0})) == 1
    assert run({**opts, "zero_absent": True}, {"startAt": 1700000000001, "endAt": 0}) == []
    # with a unit, a value in the wrong unit is left to timestamp_unit (one finding, not two)
    assert run({**opts, "unit": "ms"}, {"startAt": 1700000000001, "endAt": 1700000000}) == []
    assert len(run(opts, {"startAt": 1700000000001, "endAt": 1700000000})) == 1


def test_time_span():
    day = 86_400_000
    opts = {"function": "time_span", "start": "startAt", "end": "endAt", "max": "7d"}
    assert run(opts, {"startAt": NOW - 7 * day, "endAt": NOW}) == []
    [finding] = run(opts, {"startAt": NOW - 7 * day - 2 * 3_600_000, "endAt": str(NOW)})
    assert finding.pointer == "/endAt"
    assert finding.values["span"] == "7d 2h" and finding.values["max"] == "7d"
    assert finding.values["bound"] == str(NOW - 2 * 3_600_000)
    assert finding.fix.value == str(NOW - 2 * 3_600_000)  # same type as given: text
    assert run(opts, {"startAt": NOW - 30 * day}) == []  # end absent: nothing to measure
    # end defaulting to now
    [finding] = run({**opts, "end_default": "now"}, {"startAt": NOW - 8 * day})
    assert finding.pointer == "/startAt" and finding.values["end_value"] == f"{NOW} (now)" and finding.fix is None
    assert run({**opts, "end_default": "now"}, {"startAt": NOW - 6 * day}) == []
    assert len(run({**opts, "end_default": "now", "zero_absent": True}, {"startAt": NOW - 8 * day, "endAt": 0})) == 1
    # seconds
    sopts = {**opts, "unit": "s", "max": "24h"}
    assert run(sopts, {"startAt": 1700000000, "endAt": 1700086400}) == []
    [finding] = run(sopts, {"startAt": 1700000000, "endAt": 1700086401})
    assert finding.values["span"] == "1d 1s" and finding.values["bound"] == "1700086400" and finding.fix.value == 1700086400
    # values not in the unit are skipped (timestamp_unit reports them)
    assert run(opts, {"startAt": 1700000000, "endAt": NOW}) == []
    with pytest.raises(ValueError):
        build({**opts, "max": "-1d"})


def test_time_age():
    hour = 3_600_000
    opts = {"function": "time_age", "field": "startAt", "max": "72h"}
    assert run(opts, {"startAt": NOW - 72 * hour}) == []
    assert run(opts, {"startAt": NOW + hour}) == []  # the future is not old
    [finding] = run(opts, {"startAt": str(NOW - 74 * hour)})
    assert finding.pointer == "/startAt" and finding.values["age"] == "3d 2h" and finding.values["max"] == "72h"
    assert finding.values["bound"] == str(NOW - 72 * hour) and finding.fix.value == str(NOW - 72 * hour)
    assert finding.values["now"] == "2026-11-21T09:30:00.000Z"
    assert run(opts, {"startAt": 1700000000}) == []  # seconds: left to timestamp_unit
    assert run({**opts, "zero_absent": True}, {"startAt": 0}) == [] and run(opts, {}) == []
    sopts = {**opts, "unit": "s", "max": "1h"}
    [finding] = run(sopts, {"startAt": NOW // 1000 - 3601})
    assert finding.values["bound"] == str(NOW // 1000 - 3600) and finding.fix.value == NOW // 1000 - 3600
    assert run(sopts, {"startAt": NOW // 1000 - 3600}) == []
    with pytest.raises(ValueError):
        build({**opts, "max": "-1h"})


@settings(max_examples=200, deadline=None)
@given(st.integers(1_000_000_000_000, 9_000_000_000_000), st.integers(0, 30 * 86_400_000))
def test_time_span_agrees_with_arithmetic(start, length):
    opts = {"function": "time_span", "start": "a", "end": "b", "max": "7d"}
    end = start + length
    found = run(opts, {"a": str(start), "b": end}) if end < 10 ** 13 else []
    assert bool(found) == (end < 10 ** 13 and length > 7 * 86_400_000)


# ---- the 17 operations, both ways -------------------------------------------------------------------

from validator import Validator  # noqa: E402

_V = Validator()
OID = "670fd33bf9406e0007ab3945"
AT = "2026-11-21T09:30:00Z"
OPERATIONS = ["cancel_order_by_order_id", "get_order_by_order_id", "cancel_order_by_order_id_sync", "cancel_order_by_client_oid",
              "get_order_by_client_oid", "cancel_order_by_client_oid_sync", "cancel_partial_order", "cancel_all_orders_by_symbol",
              "cancel_all_orders", "modify_order", "get_symbols_with_open_order", "get_open_orders", "get_open_orders_by_page",
              "get_closed_orders", "get_trade_history", "get_dcp", "set_dcp"]


def codes(request, operation, now=AT):
    """[(code, severity, pointer)] of a request's diagnostics."""
    return [(d.code, d.severity, d.pointer) for d in _V.check(request, "kucoin", operation, now=now).diagnostics]


def test_all_seventeen_are_checked():
    for op in OPERATIONS:
        spec = _V.venues["kucoin"].operations[op]
        assert spec.schema, op
        assert not [c for c in codes({}, op) if c[0] == "E005"], op


VALID = [
    ("cancel_order_by_order_id", {"orderId": OID, "symbol": "BTC-USDT"}),
    ("get_order_by_order_id", {"orderId": OID, "symbol": "ADA-USDT"}),
    ("cancel_order_by_order_id_sync", {"orderId": OID, "symbol": "BTC-USDT"}),
    ("cancel_order_by_client_oid", {"clientOid": "5c52e11203aa677f33e493fb", "symbol": "BTC-USDT"}),
    ("get_order_by_client_oid", {"clientOid": "grid_1-a", "symbol": "BTC-USDT"}),
    ("cancel_order_by_client_oid_sync", {"clientOid": "x" * 40, "symbol": "BTC-USDT"}),
    ("cancel_partial_order", {"orderId": OID, "symbol": "BTC-USDT", "cancelSize": "0.0001"}),
    ("cancel_partial_order", {"orderId": OID, "symbol": "ADA-USDT", "cancelSize": 12.5}),  # query text: a number is the same value
    ("cancel_all_orders_by_symbol", {"symbol": "BTC-USDT"}),
    ("modify_order", {"symbol": "BTC-USDT", "orderId": OID, "newPrice": "50000.1"}),
    ("modify_order", {"symbol": "BTC-USDT", "clientOid": "my-order-1", "newPrice": "50000.1", "newSize": "0.002"}),
    ("get_symbols_with_open_order", {}),
    ("get_open_orders", {"symbol": "BTC-USDT"}),
    ("get_open_orders_by_page", {"symbol": "BTC-USDT", "pageNum": 1, "pageSize": 50}),
    ("get_open_orders_by_page", {"symbol": "BTC-USDT", "pageNum": "3", "pageSize": "1"}),
    ("get_closed_orders", {"symbol": "BTC-USDT", "side": "sell", "type": "market", "lastId": 254062248624417, "limit": 100,
                           "startAt": 1795080600000, "endAt": 1795253400000}),
    ("get_closed_orders", {"symbol": "BTC-USDT", "lastId": "254062248624417", "limit": "1", "startAt": "1795200000000"}),
    ("get_trade_history", {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "limit": 50, "startAt": 1794000000000,
                           "endAt": 1795253400000}),
    ("get_trade_history", {"symbol": "BTC-USDT", "orderId": OID}),
    ("get_dcp", {}),
    ("set_dcp", {"timeout": 5, "symbols": "BTC-USDT,ETH-USDT"}),
    ("set_dcp", {"timeout": 86400, "symbols": "BTC-USDT"}),
    ("set_dcp", {"timeout": -1}),
    ("set_dcp", {"timeout": -1, "symbols": ""}),
]


@pytest.mark.parametrize(("operation", "request_"), VALID, ids=[f"{op}-{i}" for i, (op, _) in enumerate(VALID)])
def test_valid_requests_are_clean(operation, request_):
    assert codes(request_, operation) == []


INVALID = [
    # required members, at their own pointer
    ("cancel_order_by_order_id", {"symbol": "BTC-USDT"}, [("S001", "error", "/orderId")]),
    ("get_order_by_order_id", {"orderId": OID}, [("S001", "error", "/symbol")]),
    ("cancel_order_by_client_oid_sync", {"symbol": "BTC-USDT"}, [("S001", "error", "/clientOid")]),
    ("cancel_partial_order", {"orderId": OID, "symbol": "BTC-USDT"}, [("S001", "error", "/cancelSize")]),
    ("get_open_orders", {}, [("S001", "error", "/symbol")]),
    ("set_dcp", {"symbols": "BTC-USDT"}, [("S001", "error", "/timeout")]),
    # symbol single-valued, KuCoin form
    ("cancel_all_orders_by_symbol", {"symbol": "BTC-USDT,ETH-USDT"}, [("S006", "error", "/symbol")]),
    ("get_open_orders", {"symbol": "BTC/USDT"}, [("S006", "error", "/symbol")]),
    # id formats
    ("get_order_by_client_oid", {"clientOid": "x" * 41, "symbol": "BTC-USDT"}, [("S007", "error", "/clientOid")]),
    ("cancel_order_by_client_oid", {"clientOid": "my order", "symbol": "BTC-USDT"}, [("S006", "error", "/clientOid")]),
    ("get_trade_history", {"symbol": "BTC-USDT", "orderId": OID[:23]}, [("S007", "error", "/orderId")]),
    ("cancel_order_by_order_id_sync", {"orderId": "66d1c3fb-7a0f", "symbol": "BTC-USDT"}, [("S006", "error", "/orderId")]),
    # paging and limits (numbers and their text): above the documented maximum is a warning (KuCoin does not
    # document rejecting it); a page number or size below 1, or a non-integer, is an error
    ("get_open_orders_by_page", {"symbol": "BTC-USDT", "pageSize": 51}, [("R007", "warning", "/pageSize")]),
    ("get_open_orders_by_page", {"symbol": "BTC-USDT", "pageSize": "600"}, [("R007", "warning", "/pageSize")]),
    ("get_open_orders_by_page", {"symbol": "BTC-USDT", "pageSize": 0}, [("S005", "error", "/pageSize")]),
    ("get_open_orders_by_page", {"symbol": "BTC-USDT", "pageSize": "-5"}, [("S006", "error", "/pageSize")]),
    ("get_open_orders_by_page", {"symbol": "BTC-USDT", "pageNum": 0}, [("S005", "error", "/pageNum")]),
    ("get_open_orders_by_page", {"symbol": "BTC-USDT", "pageNum": "0"}, [("S006", "error", "/pageNum")]),
    ("get_open_orders_by_page", {"symbol": "BTC-USDT", "pageNum": 1.5}, [("S002", "error", "/pageNum")]),
    ("get_closed_orders", {"symbol": "BTC-USDT", "limit": 101}, [("R007", "warning", "/limit")]),
    ("get_trade_history", {"symbol": "BTC-USDT", "limit": "500"}, [("R007", "warning", "/limit")]),
    ("get_trade_history", {"symbol": "BTC-USDT", "limit": "0"}, [("S006", "error", "/limit")]),
    ("get_closed_orders", {"symbol": "BTC-USDT", "limit": -20}, [("S005", "error", "/limit")]),
    ("get_closed_orders", {"symbol": "BTC-USDT", "limit": "20.5"}, [("S006", "error", "/limit")]),
    ("get_closed_orders", {"symbol": "BTC-USDT", "lastId": 0}, [("S005", "error", "/lastId")]),
    ("get_trade_history", {"symbol": "BTC-USDT", "limit": True}, [("S002", "error", "/limit")]),
    # enums
    ("get_closed_orders", {"symbol": "BTC-USDT", "side": "BUY"}, [("S003", "error", "/side")]),
    ("get_trade_history", {"symbol": "BTC-USDT", "type": "stop"}, [("S003", "error", "/type")]),
    # timestamps
    ("get_closed_orders", {"symbol": "BTC-USDT", "startAt": 1795200000}, [("R302", "error", "/startAt")]),
    ("get_trade_history", {"symbol": "BTC-USDT", "endAt": "1795253400"}, [("R302", "error", "/endAt")]),
    ("get_trade_history", {"symbol": "BTC-USDT", "startAt": 1795253400001, "endAt": 1795253400000}, [("R303", "error", "/startAt")]),
    ("get_closed_orders", {"symbol": "BTC-USDT", "startAt": 1794907800000, "endAt": 1795253400000},
     [("R304", "warning", "/endAt"), ("R301", "warning", "/startAt")]),
    ("get_closed_orders", {"symbol": "BTC-USDT", "startAt": 1794389400000, "endAt": 1794475800000}, [("R301", "warning", "/startAt")]),
    ("get_closed_orders", {"symbol": "BTC-USDT", "startAt": 1794907800000}, [("R304", "warning", "/startAt")]),
    ("get_trade_history", {"symbol": "BTC-USDT", "orderId": OID, "type": "limit", "endAt": 1795253400000},
     [("R009", "warning", "/type"), ("R009", "warning", "/endAt")]),
    # cancel partial
    ("cancel_partial_order", {"orderId": OID, "symbol": "BTC-USDT", "cancelSize": "0"}, [("S006", "error", "/cancelSize")]),
    ("cancel_partial_order", {"orderId": OID, "symbol": "BTC-USDT", "cancelSize": "-1"}, [("S006", "error", "/cancelSize")]),
    ("cancel_partial_order", {"orderId": OID, "symbol": "ADA-USDT", "cancelSize": "12.555"}, [("R102", "error", "/cancelSize")]),
    # operations without parameters: a member is not theirs (the venue ignores it)
    ("get_dcp", {"symbols": "BTC-USDT"}, [("S004", "warning", "/symbols")]),
    ("get_symbols_with_open_order", {"symbol": "BTC-USDT"}, [("S004", "warning", "/symbol")]),
    # mass cancel, whatever is sent with it
    ("cancel_all_orders", {}, [("R010", "warning", "")]),
    ("cancel_all_orders", {"symbol": "BTC-USDT"}, [("S004", "warning", "/symbol")]),
    # modify
    ("modify_order", {"symbol": "BTC-USDT"}, [("R008", "error", ""), ("R008", "error", "")]),
    ("modify_order", {"symbol": "BTC-USDT", "orderId": OID, "clientOid": "my-1", "newSize": "0.001"}, [("R004", "warning", "/clientOid")]),
    ("modify_order", {"symbol": "BTC-USDT", "orderId": OID, "newPrice": "50000.05", "newSize": "0.000000001"},
     [("R101", "error", "/newPrice"), ("R102", "error", "/newSize")]),
    ("modify_order", {"orderId": OID, "newPrice": "1"}, [("S001", "error", "/symbol")]),
    # DCP
    ("set_dcp", {"timeout": 4, "symbols": "BTC-USDT"}, [("S008", "error", "/timeout")]),
    ("set_dcp", {"timeout": 0, "symbols": "BTC-USDT"}, [("S008", "error", "/timeout")]),
    ("set_dcp", {"timeout": 86401, "symbols": "BTC-USDT"}, [("S008", "error", "/timeout")]),
    ("set_dcp", {"timeout": "30", "symbols": "BTC-USDT"}, [("S002", "error", "/timeout")]),
    ("set_dcp", {"timeout": 30, "symbols": "BTC-USDT, ETH-USDT"}, [("S006", "error", "/symbols")]),
    ("set_dcp", {"timeout": 30, "symbols": ",".join(f"S{i}-USDT" for i in range(51))}, [("R205", "error", "/symbols")]),
    ("set_dcp", {"timeout": 30, "symbols": "BTC-USDT,BTC-USDT"}, [("R206", "error", "/symbols")]),
    ("set_dcp", {"timeout": 30}, [("R010", "warning", "")]),
    ("set_dcp", {"timeout": 30, "symbols": ""}, [("R010", "warning", "/symbols")]),
]


@pytest.mark.parametrize(("operation", "request_", "expected"), INVALID, ids=[f"{op}-{i}" for i, (op, _, _) in enumerate(INVALID)])
def test_invalid_requests_are_reported(operation, request_, expected):
    assert sorted(codes(request_, operation)) == sorted(expected)


@pytest.mark.parametrize(("operation", "member", "bound"), [
    ("get_open_orders_by_page", "pageSize", "50"), ("get_closed_orders", "limit", "100"), ("get_trade_history", "limit", "100")])
def test_above_the_documented_maximum_is_a_warning_and_the_request_is_valid(operation, member, bound):
    for value in (600, "600", int(bound) + 1):
        result = _V.check({"symbol": "BTC-USDT", member: value}, "kucoin", operation, now=AT)
        assert result.valid, result.diagnostics
        [d] = result.diagnostics
        assert (d.code, d.severity, d.pointer) == ("R007", "warning", f"/{member}")
        assert f"{member} {value} is above the maximum {bound}" in d.message
    assert codes({"symbol": "BTC-USDT", member: bound}, operation) == []
    assert codes({"symbol": "BTC-USDT", member: 1}, operation) == []


@pytest.mark.parametrize(("request_", "pointer"), [
    ({"symbol": "BTC-USDT", "pageNum": 0, "pageSize": 20}, "/pageNum"), ({"symbol": "BTC-USDT", "pageNum": "0"}, "/pageNum"),
    ({"symbol": "BTC-USDT", "pageNum": -1}, "/pageNum"), ({"symbol": "BTC-USDT", "pageSize": 0}, "/pageSize"),
    ({"symbol": "BTC-USDT", "pageSize": -20}, "/pageSize"), ({"symbol": "BTC-USDT", "pageSize": "20.0"}, "/pageSize")])
def test_a_page_that_cannot_exist_is_an_error(request_, pointer):
    result = _V.check(request_, "kucoin", "get_open_orders_by_page", now=AT)
    assert not result.valid
    assert [(d.severity, d.pointer) for d in result.diagnostics if d.code.startswith("S")] == [("error", pointer)], result.diagnostics


def test_messages_say_what_is_wrong():
    def message(request, operation):
        [d] = _V.check(request, "kucoin", operation, now=AT).diagnostics
        return d.message
    assert message({"symbol": "BTC-USDT", "startAt": 1700000000}, "get_closed_orders") == \
        "startAt 1700000000 is not in milliseconds: looks like seconds: 1700000000 -> 1700000000000"
    assert "50 symbols" not in message({"timeout": 30, "symbols": ",".join(f"S{i}-USDT" for i in range(51))}, "set_dcp")
    assert "51 symbols; at most 50" in message({"timeout": 30, "symbols": ",".join(f"S{i}-USDT" for i in range(51))}, "set_dcp")
    assert "nearest valid: 12.55 or 12.56" in message({"orderId": OID, "symbol": "ADA-USDT", "cancelSize": "12.555"}, "cancel_partial_order")
    assert "spans 4d" in message({"symbol": "BTC-USDT", "startAt": 1794907800000}, "get_closed_orders")


def test_seconds_timestamp_is_one_finding_not_three():
    found = codes({"symbol": "BTC-USDT", "startAt": 1795080600, "endAt": 1795253400000}, "get_closed_orders")
    assert found == [("R302", "error", "/startAt")]


def test_missing_market_metadata_is_reported_for_increment_rules():
    found = codes({"symbol": "NOPE-USDT", "orderId": OID, "newPrice": "1.23"}, "modify_order")
    assert [c for c in found if c[0] == "M001"] and not [c for c in found if c[1] == "error"]
    strict = Validator(strict=True).check({"symbol": "NOPE-USDT", "orderId": OID, "cancelSize": "1"}, "kucoin", "cancel_partial_order")
    assert not strict.valid and any(d.code == "M001" for d in strict.diagnostics)


def test_unreadable_number_is_an_error_not_a_pass():
    result = _V.check({"symbol": "BTC-USDT", "orderId": OID, "newPrice": 1e400}, "kucoin", "modify_order")
    assert not result.valid


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 10 ** 9), st.integers(0, 8))
def test_cancel_size_increment_agrees_with_decimal_arithmetic(units, scale):
    size = Decimal(units).scaleb(-scale)
    text = format(size, "f")
    found = codes({"orderId": OID, "symbol": "ADA-USDT", "cancelSize": text}, "cancel_partial_order")
    on_grid = (size / Decimal("0.01")) == (size / Decimal("0.01")).to_integral_value()
    assert (("R102", "error", "/cancelSize") in found) == (not on_grid)


# ---- the seed's own example requests ---------------------------------------------------------------

def test_seed_examples():
    # Set DCP's documented example of symbols, with timeouts at both ends of the documented range
    for timeout in (5, 86400, -1):
        assert codes({"timeout": timeout, "symbols": "BTC-USDT,ETH-USDT"}, "set_dcp") == []
    # Modify Order's body examples (clientOid 5c52e11203aa677f33e493fb, symbol BTC-USDT)
    assert codes({"clientOid": "5c52e11203aa677f33e493fb", "symbol": "BTC-USDT", "newPrice": "50000"}, "modify_order") == []
    # The code samples render the symbol example list as one query value; KuCoin takes one symbol
    found = _V.check({}, "kucoin", "DELETE /api/v1/hf/orders/66d1c3fb7a0f910007762fdc?symbol=BTC-USDT,ETH-USDT,KCS-USDT")
    assert [(d.code, d.pointer) for d in found.diagnostics] == [("S006", "/symbol")]
    assert "not a comma list" in found.diagnostics[0].message
    # ... and Cancel Partial Order's sample sends the schema of cancelSize as its value
    found = _V.check({}, "kucoin", f"DELETE /api/v1/hf/orders/cancel/{OID}?symbol=BTC-USDT&cancelSize=type,string")
    assert [(d.code, d.pointer) for d in found.diagnostics] == [("S006", "/cancelSize")]


# ---- concrete request lines, end to end ------------------------------------------------------------

@pytest.mark.parametrize(("line", "operation", "expected"), [
    ("DELETE /api/v1/hf/orders/66d1c3fb7a0f910007762fdc?symbol=ADA-USDT", "cancel_order_by_order_id", []),
    ("GET /api/v1/hf/orders/client-order/my-order-1?symbol=BTC-USDT", "get_order_by_client_oid", []),
    ("DELETE /api/v1/hf/orders/sync/client-order/my-order-1?symbol=BTC-USDT", "cancel_order_by_client_oid_sync", []),
    ("DELETE /api/v1/hf/orders/cancel/66d1c3fb7a0f910007762fdc?symbol=ADA-USDT&cancelSize=10.5", "cancel_partial_order", []),
    ("DELETE /api/v1/hf/orders/cancel/66d1c3fb7a0f910007762fdc?symbol=ADA-USDT&cancelSize=10.555", "cancel_partial_order",
     [("R102", "error", "/cancelSize")]),
    ("DELETE /api/v1/hf/orders/cancelAll", "cancel_all_orders", [("R010", "warning", "")]),
    ("DELETE /api/v1/hf/orders?symbol=BTC-USDT", "cancel_all_orders_by_symbol", []),
    ("GET /api/v1/hf/orders/active/symbols", "get_symbols_with_open_order", []),
    ("GET /api/v1/hf/orders/active/page?symbol=BTC-USDT&pageNum=2&pageSize=50", "get_open_orders_by_page", []),
    ("GET /api/v1/hf/orders/active/page?symbol=BTC-USDT&pageSize=100", "get_open_orders_by_page", [("R007", "warning", "/pageSize")]),
    ("GET /api/v1/hf/orders/active/page?symbol=BTC-USDT&pageNum=0", "get_open_orders_by_page", [("S006", "error", "/pageNum")]),
    ("GET /api/v1/hf/fills?symbol=BTC-USDT&limit=500", "get_trade_history", [("R007", "warning", "/limit")]),
    ("GET /api/v1/hf/orders/done?symbol=BTC-USDT&limit=50&startAt=1795200000000", "get_closed_orders", []),
    ("GET /api/v1/hf/orders/done?symbol=BTC-USDT&startAt=1795200000", "get_closed_orders", [("R302", "error", "/startAt")]),
    ("GET /api/v1/hf/fills?symbol=BTC-USDT&startAt=1795253400000&endAt=1795200000000", "get_trade_history", [("R303", "error", "/startAt")]),
    ("GET /api/v1/hf/orders/dead-cancel-all/query", "get_dcp", []),
])
def test_request_lines(line, operation, expected):
    resolved, problems = _V.resolve_line("kucoin", line)
    assert resolved is not None and resolved.op.id == operation, problems
    assert codes({}, line) == expected


def test_request_line_conflicting_with_the_body_is_an_error():
    result = _V.check({"symbol": "BTC-USDT"}, "kucoin", "DELETE /api/v1/hf/orders/66d1c3fb7a0f910007762fdc?symbol=ADA-USDT")
    assert not result.valid


# ---- real clients ----------------------------------------------------------------------------------

import json  # noqa: E402

import warnings  # noqa: E402

def _sdk_builders() -> dict | None:
    """The official SDK's request builders (a test extra: without it only its tests are skipped)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # its pydantic models use a deprecated Field keyword
        try:
            from kucoin_universal_sdk.generate.spot.order.model_cancel_all_orders_by_symbol_req import CancelAllOrdersBySymbolReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_cancel_order_by_client_oid_req import CancelOrderByClientOidReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_cancel_order_by_client_oid_sync_req import CancelOrderByClientOidSyncReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_cancel_order_by_order_id_req import CancelOrderByOrderIdReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_cancel_order_by_order_id_sync_req import CancelOrderByOrderIdSyncReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_cancel_partial_order_req import CancelPartialOrderReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_get_closed_orders_req import GetClosedOrdersReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_get_open_orders_by_page_req import GetOpenOrdersByPageReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_get_open_orders_req import GetOpenOrdersReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_get_order_by_client_oid_req import GetOrderByClientOidReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_get_order_by_order_id_req import GetOrderByOrderIdReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_get_trade_history_req import GetTradeHistoryReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_modify_order_req import ModifyOrderReqBuilder  # noqa: F401
            from kucoin_universal_sdk.generate.spot.order.model_set_dcp_req import SetDcpReqBuilder  # noqa: F401
        except ImportError:  # pragma: no cover
            return None
    return {k: v for k, v in locals().items() if k.endswith("Builder")}


_B = _sdk_builders()
SDK = _B is not None

SDK_REQUESTS = [] if not SDK else [
    ("cancel_order_by_order_id", _B["CancelOrderByOrderIdReqBuilder"]().set_order_id(OID).set_symbol("BTC-USDT")),
    ("get_order_by_order_id", _B["GetOrderByOrderIdReqBuilder"]().set_order_id(OID).set_symbol("BTC-USDT")),
    ("cancel_order_by_order_id_sync", _B["CancelOrderByOrderIdSyncReqBuilder"]().set_order_id(OID).set_symbol("BTC-USDT")),
    ("cancel_order_by_client_oid", _B["CancelOrderByClientOidReqBuilder"]().set_client_oid("5c52e11203aa677f33e493fb").set_symbol("BTC-USDT")),
    ("get_order_by_client_oid", _B["GetOrderByClientOidReqBuilder"]().set_client_oid("5c52e11203aa677f33e493fb").set_symbol("BTC-USDT")),
    ("cancel_order_by_client_oid_sync", _B["CancelOrderByClientOidSyncReqBuilder"]().set_client_oid("5c52e11203aa677f33e493fb").set_symbol("BTC-USDT")),
    ("cancel_partial_order", _B["CancelPartialOrderReqBuilder"]().set_order_id(OID).set_symbol("BTC-USDT").set_cancel_size("0.00001")),
    ("cancel_all_orders_by_symbol", _B["CancelAllOrdersBySymbolReqBuilder"]().set_symbol("BTC-USDT")),
    ("modify_order", _B["ModifyOrderReqBuilder"]().set_symbol("BTC-USDT").set_order_id(OID).set_new_price("50000.1").set_new_size("0.002")),
    ("modify_order", _B["ModifyOrderReqBuilder"]().set_symbol("BTC-USDT").set_client_oid("my-order-1").set_new_size("0.002")),
    ("get_open_orders", _B["GetOpenOrdersReqBuilder"]().set_symbol("BTC-USDT")),
    ("get_open_orders_by_page", _B["GetOpenOrdersByPageReqBuilder"]().set_symbol("BTC-USDT")),
    ("get_open_orders_by_page", _B["GetOpenOrdersByPageReqBuilder"]().set_symbol("BTC-USDT").set_page_num(3).set_page_size(50)),
    ("get_closed_orders", _B["GetClosedOrdersReqBuilder"]().set_symbol("BTC-USDT")),
    ("get_closed_orders", _B["GetClosedOrdersReqBuilder"]().set_symbol("BTC-USDT").set_side("buy").set_type("limit").set_limit(100)
     .set_last_id(254062248624417).set_start_at(1795200000000).set_end_at(1795253400000)),
    ("get_trade_history", _B["GetTradeHistoryReqBuilder"]().set_symbol("BTC-USDT")),
    ("get_trade_history", _B["GetTradeHistoryReqBuilder"]().set_symbol("BTC-USDT").set_order_id(OID)),
    ("get_trade_history", _B["GetTradeHistoryReqBuilder"]().set_symbol("BTC-USDT").set_side("sell").set_type("market")
     .set_start_at(1795000000000).set_end_at(1795253400000).set_limit(100)),
    ("set_dcp", _B["SetDcpReqBuilder"]().set_timeout(30).set_symbols("BTC-USDT,ETH-USDT")),
    ("set_dcp", _B["SetDcpReqBuilder"]().set_timeout(-1)),
]


@pytest.mark.parametrize(("operation", "builder"), SDK_REQUESTS, ids=[f"{op}-{i}" for i, (op, _) in enumerate(SDK_REQUESTS)])
def test_sdk_requests_pass_clean(operation, builder):
    request = json.loads(builder.build().to_json())  # what the SDK sends: defaults included (limit 20, pageSize 20, ...)
    result = _V.check(request, "kucoin", operation, now=AT)
    assert result.valid and result.diagnostics == (), (request, result.diagnostics)


try:
    import ccxt
except ImportError:  # pragma: no cover
    ccxt = None


class _Sent(Exception):
    """Raised by the fake transport once ccxt has built its request."""


@pytest.fixture(scope="module")
def kucoin():
    if ccxt is None:  # pragma: no cover
        pytest.skip("ccxt is not installed")
    from test_clients import SYMBOLS
    ex = ccxt.kucoin()
    ex.publicGetSymbols = lambda params={}: SYMBOLS
    ex.options.setdefault("fetchMarkets", {})["types"] = ["spot"]
    ex.options["fetchMarkets"]["fetchTickersFees"] = False
    ex.set_markets(ex.fetch_markets())
    ex.apiKey, ex.secret, ex.password = "key", "secret", "passphrase"
    ex.options["uta"] = False  # no account-mode request
    ex.options["hf"] = False  # a classic account unless the call says hf

    def fetch(url, method="GET", headers=None, body=None):
        ex.last_sent = (method, url, body)
        raise _Sent()

    ex.fetch = fetch
    return ex


def sent(ex, call, *args):
    """The request line and body ccxt would send for one call (nothing leaves the process)."""
    ex.last_sent = None
    with pytest.raises(_Sent):
        call(*args)
    method, url, body = ex.last_sent
    return f"{method} {url.split('api.kucoin.com', 1)[1]}", (json.loads(body) if body else {})


HF = {"hf": True}
CCXT_CALLS = [
    ("cancel_order_by_order_id", "cancel_order", (OID, "BTC/USDT", HF)),
    ("cancel_order_by_client_oid", "cancel_order", (None, "BTC/USDT", {**HF, "clientOid": "my-order-1"})),
    ("cancel_all_orders_by_symbol", "cancel_all_orders", ("BTC/USDT", HF)),
    ("cancel_all_orders", "cancel_all_orders", (None, HF)),
    ("get_open_orders", "fetch_open_orders", ("BTC/USDT", None, None, HF)),
    ("get_closed_orders", "fetch_closed_orders", ("BTC/USDT", None, None, HF)),
    ("get_closed_orders", "fetch_closed_orders", ("BTC/USDT", 1795200000000, 50, HF)),
    ("get_order_by_order_id", "fetch_order", (OID, "BTC/USDT", HF)),
    ("get_order_by_client_oid", "fetch_order", (None, "BTC/USDT", {**HF, "clientOid": "my-order-1"})),
    ("get_trade_history", "fetch_my_trades", ("BTC/USDT", None, None, HF)),
    ("get_trade_history", "fetch_my_trades", ("BTC/USDT", 1795200000000, 50, HF)),
    ("modify_order", "edit_order", (OID, "BTC/USDT", "limit", "buy", 0.002, 50000.1, {})),
    ("modify_order", "edit_order", (OID, "BTC/USDT", "limit", "buy", 0.002, 50000.1, HF)),
    ("modify_order", "edit_order", (OID, "ADA/USDT", "limit", "sell", 250.555, 0.45123, {})),
]


@pytest.mark.parametrize(("operation", "method", "args"), CCXT_CALLS, ids=[f"{m}-{op}-{i}" for i, (op, m, _) in enumerate(CCXT_CALLS)])
def test_ccxt_requests_pass(kucoin, operation, method, args):
    line, body = sent(kucoin, getattr(kucoin, method), *args)
    resolved, problems = _V.resolve_line("kucoin", line)
    assert resolved is not None and resolved.op.id == operation, (line, problems)
    result = _V.check(body, "kucoin", line, now=AT)
    assert result.valid, (line, body, result.diagnostics)
    # ccxt adds members these endpoints do not document (tradeType, status, pageSize on HF order lists,
    # hf in the modify body); the venue ignores them: at most warnings, and only those
    assert {d.code for d in result.diagnostics} <= {"S004", "R010"}, result.diagnostics


def test_ccxt_without_hf_uses_the_classic_endpoints(kucoin):
    line, _ = sent(kucoin, kucoin.cancel_order, OID, "BTC/USDT", {})
    assert line == f"DELETE /api/v1/orders/{OID}"
    assert _V.resolve_line("kucoin", line)[0].op.id == "cancel_order_by_order_id_old"
