"""The compiled rule fast path (validator/compiled.py) never changes a verdict: with and without it, every
request gets identical diagnostics; it is taken for clean requests and not when a finding exists."""

from __future__ import annotations

import copy
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import Validator
from validator.markets import from_normalized

FAST = Validator(compiled_rules=True)
SLOW = Validator(compiled_rules=False)
NOW = "2026-11-21T09:30:00Z"


def _same(request, venue, operation, now=NOW, fast=FAST, slow=SLOW):
    a = fast.check(copy.deepcopy(request), venue, operation, now=now)
    b = slow.check(copy.deepcopy(request), venue, operation, now=now)
    assert a.diagnostics == b.diagnostics, (venue, operation, request, a.diagnostics, b.diagnostics)
    return a


# ---- every rule example, both ways --------------------------------------------------------------
EXAMPLES = [(rule, n, ex) for rule in FAST.rules for n, ex in enumerate(rule.examples) if "history" not in ex]


@pytest.mark.parametrize(("rule", "number", "example"), EXAMPLES, ids=[f"{r.venue}-{r.id}-{n}" for r, n, _ in EXAMPLES])
def test_rule_examples_identical(rule, number, example):
    fast, slow = FAST, SLOW
    if "markets" in example:
        markets = from_normalized({"venue": rule.venue, "markets": example["markets"]})
        fast, slow = Validator(markets=markets), Validator(markets=markets, compiled_rules=False)
    for which in ("bad", "good"):
        _same(example[which], rule.venue, example["operation"], example.get("now", NOW), fast, slow)


# ---- generated orders for every operation that has rule examples ---------------------------------
SEEDS: dict[tuple[str, str], list[dict]] = {}
POOLS: dict[str, dict[str, list]] = {}
for _rule in FAST.rules:
    for _ex in _rule.examples:
        if "history" in _ex or "markets" in _ex:
            continue
        for _which in ("good", "bad"):
            _req = _ex[_which]
            SEEDS.setdefault((_rule.venue, _ex["operation"]), []).append(_req)
            if isinstance(_req, dict):
                for _k, _v in _req.items():
                    if isinstance(_v, (str, bool, int)) and _v not in POOLS.setdefault(_rule.venue, {}).setdefault(_k, []):
                        POOLS[_rule.venue][_k].append(_v)
KEYS = sorted(SEEDS)
DECIMALS = ["0", "1", "0.1", "0.5", "1.5", "10", "100", "0.00000001", "0.00001", "0.0001", "0.001", "0.01",
            "50000", "50000.1", "50000.05", "3000.01", "9.5", "0.45", "99999999999", "-1", "1e3", "1.0000", "", "x", 5, 0.5]
SYMBOLS = ["BTC-USDT", "ETH-USDT", "KCS-USDT", "ADA-USDT", "NOPE-USDT", "BTC_USDT", "BTC-EUR", "ETH-BTC"]


@st.composite
def orders(draw):
    venue, operation = draw(st.sampled_from(KEYS))
    request = copy.deepcopy(draw(st.sampled_from(SEEDS[(venue, operation)])))
    if isinstance(request, dict) and request:
        pools = POOLS.get(venue, {})
        for _ in range(draw(st.integers(0, 4))):
            if not request:
                break
            key = draw(st.sampled_from(sorted(request)))
            action = draw(st.sampled_from(["drop", "decimal", "pool", "symbol"]))
            if action == "drop":
                request.pop(key, None)
            elif action == "decimal":
                request[key] = draw(st.sampled_from(DECIMALS))
            elif action == "pool" and pools.get(key):
                request[key] = draw(st.sampled_from(pools[key]))
            elif action == "symbol":
                request[FAST.venues[venue].symbol_member] = draw(st.sampled_from(SYMBOLS + pools.get(FAST.venues[venue].symbol_member, [])))
        if draw(st.booleans()) and pools:
            key = draw(st.sampled_from(sorted(pools)))
            request[key] = draw(st.sampled_from(pools[key]))
    return venue, operation, request


@settings(max_examples=int(__import__("os").environ.get("COMPILED_EXAMPLES", "600")), deadline=None, suppress_health_check=list(HealthCheck))
@given(orders())
def test_generated_orders_identical(case):
    venue, operation, request = case
    _same(request, venue, operation)


def test_benchmark_orders_identical_and_fast():
    from benchmarks.workloads import valid_order

    fast = FAST._fast.get(("kucoin", "add_order"))
    before = fast.taken
    rng = random.Random(7)
    for number in range(500):
        _same(valid_order(rng, number), "kucoin", "add_order")
    assert fast.taken - before == 500


# ---- the fast path is taken when clean, not when a finding exists --------------------------------
VALID = {"clientOid": "a1", "symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000.1", "size": "0.001"}


def test_fast_path_taken_for_valid_kucoin_order():
    fast = FAST._fast.get(("kucoin", "add_order"))
    before = fast.taken
    result = FAST.check(dict(VALID), "kucoin", "add_order", now=NOW)
    assert result.valid and result.diagnostics == ()
    assert fast.taken == before + 1


def test_fast_path_not_taken_on_finding():
    fast = FAST._fast.get(("kucoin", "add_order"))
    before = fast.taken
    missing = {k: v for k, v in VALID.items() if k != "size"}
    result = FAST.check(missing, "kucoin", "add_order", now=NOW)  # a limit order needs a size: R001
    assert [d.code for d in result.diagnostics] == ["R001"]
    assert fast.taken == before
    unknown = FAST.check({**VALID, "symbol": "NOPE-USDT"}, "kucoin", "add_order", now=NOW)  # M001 from the interpreter
    assert "M001" in [d.code for d in unknown.diagnostics]
    assert fast.taken == before
    # an off-tick price is reported; only the re-check of its offered fix (a clean request) may take the fast path
    result = FAST.check({**VALID, "price": "50000.15"}, "kucoin", "add_order", now=NOW)
    assert [d.code for d in result.diagnostics] == ["R101"] and result.diagnostics[0].fix is not None
    assert fast.taken == before + 1


def test_every_operation_of_every_venue_is_compiled():
    assert set(FAST._fast.build_all()) == set(FAST._operations)  # a generator bug would only cost speed: caught here


def test_disabled_uses_the_interpreter_and_a_session_still_reports_reuse():
    assert SLOW.compiled_source("kucoin", "add_order") == ""
    assert "def fast(" in FAST.compiled_source("kucoin", "add_order")
    fast = FAST._fast.get(("kucoin", "add_order"))
    before = fast.taken
    session = FAST.session(clock=lambda: NOW)
    assert session.check(dict(VALID), "kucoin", "add_order").valid
    reused = session.check(dict(VALID), "kucoin", "add_order")  # same clientOid: R204 needs the memory
    assert "R204" in [d.code for d in reused.diagnostics]
    assert fast.taken == before + 2  # both pass the generated rules; the memory sends the second the whole way


def test_deprecated_operation_keeps_its_note():
    deprecated = [(v, o) for (v, o), c in FAST._operations.items() if c.notes and (v, o) in SEEDS]
    assert deprecated
    for venue, operation in deprecated:
        for request in SEEDS[(venue, operation)]:
            _same(request, venue, operation)


def test_cli_prints_compiled_source():
    from click.testing import CliRunner

    from validator.cli import main

    result = CliRunner().invoke(main, ["rules", "--compiled", "kucoin", "add_order"])
    assert result.exit_code == 0 and "def fast(request, now_ms, markets):" in result.output
    assert "# price-increment (R101, multiple_of)" in result.output
    missing = CliRunner().invoke(main, ["rules", "--compiled", "kucoin", "no_such_operation"])
    assert missing.exit_code != 0


def test_sessions_take_the_accept_lane_and_still_report_reuse():
    """In a session (every `orderlint check` run) a clean order is accepted by the generated path too, after
    the session's memory says none of its ids is taken; a reused id goes the whole way and is reported."""
    kucoin = [
        ("kucoin", "add_order", {**VALID, "clientOid": "a-1"}),
        ("kucoin", "add_order", {**VALID, "clientOid": "a-2"}),
        ("kucoin", "add_order", {**VALID, "clientOid": "a-1"}),  # R204
        ("kucoin", "add_order", {**VALID, "clientOid": "a-3", "price": "50000.05"}),  # rejected: does not take a-3
        ("kucoin", "add_order", {**VALID, "clientOid": "a-3"}),  # so this one is fine
        ("kucoin", "batch_add_orders", {"orderList": [{**VALID, "clientOid": "b-1"}, {**VALID, "clientOid": "a-2"}]}),
        ("kucoin", "add_order_test", {**VALID, "clientOid": "a-1"}),  # test orders neither take nor check ids
    ]
    bigone = {"asset_pair_name": "BTC-USDT", "side": "BID", "type": "LIMIT", "price": "50000", "amount": "0.001"}
    others = [
        ("bigone", "create_order", {**bigone, "client_order_id": "g-1"}),
        ("bigone", "create_order", {**bigone, "client_order_id": "g-1"}),
    ]
    fast_session, reference_session = FAST.session(), SLOW.session()
    before = FAST._fast.get(("kucoin", "add_order")).taken
    codes = []
    for venue, op, order in kucoin + others:
        got = fast_session.check(order, venue, op, now=NOW)
        want = reference_session.check(order, venue, op, now=NOW)
        assert got == want, (op, order)
        codes.append([d.code for d in got.diagnostics])
    assert FAST._fast.get(("kucoin", "add_order")).taken >= before + 3
    assert "R204" in codes[2] and "R204" not in codes[4] and "R204" in codes[5] and codes[6].count("R204") == 0
    assert "R204" in codes[8]
