"""Caps on JSON and JSON Lines as on YAML; arrays of documents vs raw batch requests."""

from __future__ import annotations

import json

from helpers import deadline

from validator.limits import Limits
from validator.loading import load_text

ENVELOPE = {"venue": "kucoin", "operation": "add_order", "order": {"symbol": "BTC-USDT", "price": "1", "size": "1"}}


def test_json_object_with_too_many_members_is_p006_fast() -> None:
    text = '{"venue": "kucoin", "order": {' + ",".join(f'"k{i}": {i}' for i in range(400_000)) + "}}"
    with deadline():
        [doc] = load_text(text, "<t>", "json")
    assert [(p.code, p.line, p.column) for p in doc.problems] == [("P006", 1, 1)] and not doc.ok


def test_max_nodes_counts_each_document_of_an_array_on_its_own() -> None:
    text = json.dumps([ENVELOPE] * 50)
    docs = load_text(text, "<t>", "json", Limits(max_nodes=7))
    assert len(docs) == 50 and all(d.ok for d in docs)
    docs = load_text(text, "<t>", "json", Limits(max_nodes=6))
    assert all([p.code for p in d.problems] == ["P006"] for d in docs)


def test_max_nodes_applies_to_json_lines() -> None:
    small = json.dumps(ENVELOPE)
    big = json.dumps({**ENVELOPE, "order": {f"k{i}": i for i in range(20)}})
    docs = load_text("\n".join([small, big, small]), "<t>", "jsonl", Limits(max_nodes=15))
    assert [[(p.code, p.line) for p in d.problems] for d in docs] == [[], [("P006", 2)], []]


def test_large_array_of_envelopes_is_that_many_documents() -> None:
    with deadline():
        docs = load_text(json.dumps([ENVELOPE] * 100_000), "<t>", "json")
    assert len(docs) == 100_000 and docs[-1].index == 99_999 and all(d.ok for d in docs[:10])


def test_array_with_some_non_envelopes_gives_each_element_a_document() -> None:
    text = json.dumps([ENVELOPE, 42, {"venue": "kucoin"}, ENVELOPE], indent=1)
    docs = load_text(text, "<t>", "json")
    assert [d.data for d in docs] == [ENVELOPE, 42, {"venue": "kucoin"}, ENVELOPE]
    assert [d.index for d in docs] == [0, 1, 2, 3]


def test_raw_batch_request_stays_one_document() -> None:
    batch = [{"symbol": "BTC-USDT", "side": "buy", "price": "1"}, {"symbol": "ETH-USDT", "side": "sell", "price": "2"}]
    [doc] = load_text(json.dumps(batch), "<t>", "json")
    assert doc.data == batch and doc.ok
