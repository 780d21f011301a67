"""The compiled schema path (jsonschema-rs) gives exactly the diagnostics of the reference path
(python-jsonschema alone), over the whole test corpus and over generated requests."""

from __future__ import annotations

import decimal
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import Validator
from validator.loading import load_file

pytest.importorskip("jsonschema_rs")

ROOT = Path(__file__).parent.parent
NOW = "2026-11-21T09:30:00Z"
FAST = Validator()
REFERENCE = Validator(compiled_schemas=False)


def test_fast_path_is_in_use():
    for venue, op in (("kucoin", "add_order"), ("kucoin", "batch_add_orders")):
        assert FAST.compiled(venue, op).schema.fast is not None
        assert REFERENCE.compiled(venue, op).schema.fast is None


def _corpus() -> list[tuple[str, str, object]]:
    items = []
    for rule in FAST.rules:
        for example in rule.examples:
            for key in ("bad", "good"):
                items.append((rule.venue, example["operation"], example[key]))
            items.extend((rule.venue, example["operation"], h) for h in example.get("history", ()))
    files = sorted(p for folder in (ROOT / "examples", ROOT / "tests" / "cases") for p in folder.rglob("*")
                   if p.suffix in (".yaml", ".yml", ".json", ".jsonl"))
    for path in files:
        for doc in load_file(path):
            data = doc.data
            if doc.ok and isinstance(data, dict) and "order" in data:
                items.append((str(data.get("venue")), str(data.get("operation")), data["order"]))
            elif doc.ok:
                for op in ("add_order", "batch_add_orders"):
                    items.append(("kucoin", op, data))
    return items


CORPUS = _corpus()


def _same(venue: str, operation: str, request: object) -> None:
    fast = FAST.check(request, venue, operation, now=NOW)
    reference = REFERENCE.check(request, venue, operation, now=NOW)
    assert fast.diagnostics == reference.diagnostics, request


def test_corpus_is_substantial():
    assert len(CORPUS) > 100


@pytest.mark.parametrize("number", range(len(CORPUS)))
def test_same_diagnostics_over_corpus(number):
    _same(*CORPUS[number])


_tricky = st.one_of(
    st.sampled_from(["50000", "0.001", "1e3", "-1", "0", "", " 1", "1,000", "١٢", "limit", "LIMIT", "GTC", "buy", "BTC-USDT",
                     "BTC/USDT", "x" * 41, "a-b_c", "ok\n", "-1.5"]),
    st.integers(min_value=-(10**20), max_value=10**20), st.booleans(), st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(decimal.Decimal("NaN")),
)
_fields = st.sampled_from(["symbol", "side", "type", "price", "size", "funds", "clientOid", "timeInForce", "postOnly", "hidden",
                           "iceberg", "visibleSize", "cancelAfter", "stp", "tags", "remark", "allowMaxTimeWindow",
                           "clientTimestamp", "tradeType", "unknownMember"])
BASE = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001"}


@settings(max_examples=int(os.environ.get("ORDERLINT_EXAMPLES", "400")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_fields, _tricky, max_size=6), st.lists(_fields, max_size=3), st.booleans())
def test_same_diagnostics_for_generated_requests(changes, removed, batch):
    request = {k: v for k, v in {**BASE, **changes}.items() if k not in removed}
    if batch:
        _same("kucoin", "batch_add_orders", {"orderList": [request, dict(BASE)]})
    else:
        _same("kucoin", "add_order", request)


@pytest.mark.parametrize("request_value", [
    {1: "non-string key"}, {"symbol": object()}, ("a", "tuple"), {"price": (1, 2)}, {"orderList": ({"symbol": "BTC-USDT"},)},
])
def test_odd_values_from_callers_agree(request_value):
    _same("kucoin", "add_order", request_value)
    _same("kucoin", "batch_add_orders", request_value)
