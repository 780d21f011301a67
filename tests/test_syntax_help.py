"""Syntax errors get a plain-words hint beside the reader's message, at the reader's position."""

from __future__ import annotations

import pytest

from validator.loading import load_text

ENVELOPE = 'venue: kucoin\noperation: add_order\norder:\n'


def _p001(text: str, name: str):
    docs = load_text(text, name)
    found = [d for doc in docs for d in doc.problems if d.code == "P001"]
    assert found, f"no P001 for {text!r}"
    return found[0]


@pytest.mark.parametrize(("text", "name", "hint", "line", "column"), [
    (ENVELOPE + "\tsymbol: BTC-USDT\n", "tab.yaml", "indent with spaces", 4, 1),
    (ENVELOPE + "  symbol: BTC-USDT\n  side: buy\n\tprice: '1'\n", "tab2.yaml", "indent with spaces", 6, 1),
    (ENVELOPE + "  symbol: BTC-USDT\n  remark: a: b\n", "colon.yaml", "must be quoted", 5, 12),
    (ENVELOPE + "  tags: [a, b\n---\nvenue: kucoin\n", "flow.yaml", "not closed", 4, 9),  # at the unclosed [
    ('{"venue": "kucoin", "order": {"symbol": "BTC-USDT",}}', "trailing.json", "trailing comma", 1, 52),
    ('{"venue": "kucoin", "order": {"tags": [1, 2,]}}', "trailing-array.json", "trailing comma", 1, 45),
    ("{'venue': 'kucoin'}", "single.json", "double quotes", 1, 2),
    ('{"venue": \'kucoin\'}', "single-value.json", "double quotes", 1, 11),
    ('{"venue": "kucoin", // the venue\n "order": {}}', "comment.json", "no comments", 1, 21),
    ('{"venue": "kucoin" "order": {}}', "comma.json", "lack a comma", 1, 20),
    ('{"venue": kucoin}', "bare.json", "must be quoted", 1, 11),
    ('{"venue": "kucoin"}\n{"venue": "kucoin"}\n', "two.json", "JSON Lines", 2, 1),
])
def test_common_syntax_errors_get_a_hint(text, name, hint, line, column):
    d = _p001(text, name)
    assert hint in (d.help or ""), (d.message, d.help)
    assert (d.line, d.column) == (line, column), d


@pytest.mark.parametrize(("text", "name"), [
    ('{"venue": "kucoin", "order": {"symbol": "BTC-USDT"}', "unclosed.json"),  # end of input: no guess offered
    (ENVELOPE + "  symbol: [BTC-USDT\n", "eof.yaml"),
])
def test_no_misleading_hint(text, name):
    d = _p001(text, name)
    assert d.help is None or "trailing comma" not in d.help
    assert "tab" not in (d.help or "")
