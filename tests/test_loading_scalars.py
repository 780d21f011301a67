"""Scalars that cannot be checked exactly (absurd numbers, lone surrogates, YAML exponent strings) and positions."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator.loading import load_text
from validator.sourcemap import locate, locate_span


def _codes(text: str, fmt: str) -> list[list[tuple[str, str, int | None, int | None]]]:
    return [[(p.code, p.pointer, p.line, p.column) for p in d.problems] for d in load_text(text, "<t>", fmt)]


@pytest.mark.parametrize(("text", "fmt", "expected"), [
    ('{"order": {"price": 1e99999999999999999999}}', "json", [[("P007", "/order/price", 1, 21)]]),
    ('{"order": {"price": 1e-999999999}}', "json", [[("P007", "/order/price", 1, 21)]]),
    ('{"order": {"size": ' + "9" * 5000 + "}}", "json", [[("P007", "/order/size", 1, 20)]]),
    ('{"order": {"size": 1' + "0" * 61 + "}}", "json", [[("P007", "/order/size", 1, 20)]]),
    ('{"order": {"size": 9' * 1 + "9" * 60 + "}}", "json", [[]]),
    ("order: {size: " + "9" * 5000 + "}\n", "yaml", [[("P007", "/order/size", 1, 15)]]),
    ("order: {size: -" + "9" * 5000 + "}\n", "yaml", [[("P007", "/order/size", 1, 15)]]),
    ("order: {size: 1" + "0" * 61 + "}\n", "yaml", [[("P007", "/order/size", 1, 15)]]),
    ("order: {size: 9" + "9" * 60 + "}\n", "yaml", [[]]),
    ("order: {price: 1.0e+99999999999999999999}\n", "yaml", [[("P007", "/order/price", 1, 16)]]),
])
def test_absurd_numbers_are_p007_at_the_value(text: str, fmt: str, expected: list) -> None:
    assert _codes(text, fmt) == expected


def test_absurd_number_in_one_jsonl_line_costs_only_that_line() -> None:
    lines = '{"order": {"price": 1}}\n{"order": {"price": 1e99999999999999999999}}\n{"order": {"size": ' + "9" * 5000 + "}}\n"
    assert _codes(lines, "jsonl") == [[], [("P007", "/order/price", 2, 21)], [("P007", "/order/size", 3, 20)]]


def test_messages_never_echo_thousands_of_digits() -> None:
    [doc] = load_text('{"order": {"size": ' + "9" * 5000 + "}}", "<t>", "json")
    assert len(doc.problems[0].message) < 200 and "out of range" in doc.problems[0].message


@pytest.mark.parametrize(("text", "pointer", "where"), [
    ('{"order": {"k\\ud800": 1}}', "/order/k\ufffd", (1, 12)),
    ('{"order": {"k": "\\udc00x"}}', "/order/k", (1, 17)),
    ('{"venue": "\\ud800", "order": {}}', "/venue", (1, 11)),
    ('{"venue": "kucoin", "operation": "a\\udfff", "order": {}}', "/operation", (1, 34)),
])
def test_lone_surrogates_are_p001_at_the_string(text: str, pointer: str, where: tuple[int, int]) -> None:
    [doc] = load_text(text, "<t>", "json")
    [problem] = doc.problems
    assert (problem.code, problem.pointer, (problem.line, problem.column)) == ("P001", pointer, where)
    assert "lone surrogate" in problem.message and "not valid Unicode" in problem.message
    json.dumps(doc.data, ensure_ascii=False).encode("utf-8")  # what comes out can always be encoded
    problem.pointer.encode("utf-8")


def test_surrogate_pairs_are_fine() -> None:
    [doc] = load_text('{"order": {"k": "\\ud83d\\ude00"}}', "<t>", "json")
    assert doc.problems == [] and doc.data["order"]["k"] == "\U0001f600"


def test_long_keys_get_p010_at_the_key() -> None:
    [doc] = load_text('{"order": {"' + "k" * 70_000 + '": 1}}', "<t>", "json")
    assert [(p.code, p.line, p.column) for p in doc.problems] == [("P010", 1, 12)]
    assert len(doc.problems[0].message) < 100


@pytest.mark.parametrize("scalar", ["5e4", "1e-8", "5E+4", "1.5e3", "-2e5", ".5e1"])
def test_yaml_exponent_scalars_are_ambiguous(scalar: str) -> None:
    [doc] = load_text(f"order: {{size: {scalar}}}\n", "<t>", "yaml")
    assert doc.data["order"]["size"] == scalar  # today's reading kept
    assert [p.code for p in doc.problems] == ["P003"] and "YAML 1.2" in doc.problems[0].message


@pytest.mark.parametrize("scalar", ['"5e4"', "'1e-8'", "e5", "5e", "x5e4"])
def test_quoted_or_non_numbers_are_not_ambiguous(scalar: str) -> None:
    [doc] = load_text(f"order: {{size: {scalar}}}\n", "<t>", "yaml")
    assert doc.problems == []


def test_envelope_now_timestamp_is_not_ambiguous_but_order_timestamps_are() -> None:
    [doc] = load_text("now: 2026-11-21T09:30:00Z\norder: {at: 2026-11-21T09:30:00Z}\n", "<t>", "yaml")
    assert doc.data["now"] == "2026-11-21T09:30:00Z"
    assert [(p.code, p.pointer) for p in doc.problems] == [("P003", "/order/at")]


@given(st.integers(min_value=-(10**200), max_value=10**200))
def test_integers_read_exactly_or_p007(number: int) -> None:
    for text, fmt in ((f'{{"order": {{"n": {number}}}}}', "json"), (f"order: {{n: {number}}}\n", "yaml")):
        [doc] = load_text(text, "<t>", fmt)
        if abs(number) >= 10**61:
            assert [p.code for p in doc.problems] == ["P007"]
        elif abs(number) < 10**60:
            assert doc.problems == [] and Decimal(doc.data["order"]["n"]) == number


YAML_DOC = 'venue: kucoin\norder:\n  symbol: "BTC-USDT"\n  price: 10\n\n'
JSON_DOC = '{"venue": "k",\r\n "order": {"sym\\u0062ol": "BTC", "price": [1, 2]}}'


@pytest.mark.parametrize(("text", "fmt", "pointer", "prefer_key", "span"), [
    (YAML_DOC, "yaml", "/order/symbol", False, (3, 11, 3, 21)),
    (YAML_DOC, "yaml", "/order/symbol", True, (3, 3, 3, 9)),
    (YAML_DOC, "yaml", "/order", False, (3, 3, 4, 12)),
    (YAML_DOC, "yaml", "/order/missing", False, (2, 1, 2, 6)),
    (JSON_DOC, "json", "/order/symbol", False, (2, 27, 2, 32)),
    (JSON_DOC, "json", "/order/symbol", True, (2, 12, 2, 25)),
    (JSON_DOC, "json", "/order/price", False, (2, 43, 2, 49)),
    (JSON_DOC, "json", "/order/price/1", False, (2, 47, 2, 48)),
    (JSON_DOC, "json", "/order", False, (2, 11, 2, 50)),
])
def test_locate_span(text: str, fmt: str, pointer: str, prefer_key: bool, span: tuple[int, int, int, int]) -> None:
    [doc] = load_text(text, "<t>", fmt)
    assert doc.sourcemap is not None
    assert locate_span(doc.sourcemap, pointer, prefer_key=prefer_key) == span
    assert locate(doc.sourcemap, pointer, prefer_key=prefer_key) == span[:2]


def test_escaped_keys_are_located_at_the_member() -> None:
    [doc] = load_text('{"order": {"pr\\u0069ce": 1, "a\\"b": 2, "c\\/d": 3}}', "<t>", "json")
    assert doc.sourcemap is not None
    assert locate(doc.sourcemap, "/order/price") == (1, 26)
    assert locate(doc.sourcemap, '/order/a"b') == (1, 37)
    assert locate(doc.sourcemap, "/order/c~1d") == (1, 48)
    assert locate(doc.sourcemap, "/order/price", prefer_key=True) == (1, 12)
