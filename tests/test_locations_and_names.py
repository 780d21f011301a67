"""Where findings point (the member that made a rule apply; the opening of an unclosed bracket; the line of a
document that could not be parsed) and the `orderlint` import name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from validator.cli import main as cli_main  # noqa: F401  (the CLI imports cleanly)
from validator.documents import check_document
from validator.loading import load_text
from validator import Validator

V = Validator()
NOW = 1_700_000_000_000


def _results(text: str, fmt: str | None = None) -> list:
    return [check_document(V, doc, now=NOW) for doc in load_text(text, "t", fmt)]


def _located(text: str, code: str) -> tuple[int | None, int | None]:
    (result,) = _results(text)
    (diag,) = [d for d in result.diagnostics if d.code == code]
    return diag.line, diag.column


@pytest.mark.parametrize("text, code, where", [
    # a member a condition makes necessary, and that is absent, is shown at the member that triggered the rule
    ("venue: kucoin\noperation: add_order\norder:\n  symbol: BTC-USDT\n  side: buy\n  type: limit\n  price: '50000'\n"
     "  size: '0.001'\n  allowMaxTimeWindow: 20\n", "R001", (9, 3)),
    ("venue: kucoin\noperation: add_order\norder:\n  symbol: BTC-USDT\n  side: buy\n  type: limit\n  size: '0.001'\n", "R001", (6, 3)),
    ("venue: kucoin\noperation: add_order\norder:\n  symbol: BTC-USDT\n  side: buy\n  type: limit\n  price: '50000'\n"
     "  size: '1'\n  iceberg: true\n", "R001", (9, 3)),
])
def test_a_missing_member_points_at_what_made_it_needed(text: str, code: str, where: tuple[int, int]) -> None:
    assert _located(text, code) == where


def test_no_anchor_when_no_trigger_is_written_or_the_member_is_there() -> None:
    """A rule applying through a default (no member written) points at the object, as before."""
    from types import SimpleNamespace

    from validator.engine import _anchor

    rule = SimpleNamespace(triggers=("type", "iceberg"))
    finding = SimpleNamespace(pointer="/order/visibleSize")
    assert _anchor(rule, finding, {"size": "1"}, "/order") is None
    assert _anchor(rule, finding, {"iceberg": True}, "/order") == "/order/iceberg"
    assert _anchor(rule, finding, {"iceberg": True, "visibleSize": None}, "/order") is None  # present: its own place
    assert _anchor(SimpleNamespace(triggers=()), finding, {"iceberg": True}, "/order") is None


def test_the_anchor_never_changes_the_pointer_or_the_json() -> None:
    result = V.check({"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001",
                      "allowMaxTimeWindow": 20}, "kucoin", "add_order", now=NOW)
    (diag,) = [d for d in result.diagnostics if d.code == "R001"]
    assert diag.pointer == "/clientTimestamp" and diag.anchor == "/allowMaxTimeWindow"
    assert "anchor" not in diag.to_dict()


def test_an_unclosed_flow_collection_is_shown_where_it_opens() -> None:
    text = ("venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, size: [1, 2\n---\n"
            "venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: '1', size: '1'}\n")
    results = _results(text)
    (p001,) = results[0].diagnostics
    assert (p001.line, p001.column) == (3, 44) and "stopped at line 4" in p001.message
    assert len(results) == 2  # the next document still gets its own verdict


@pytest.mark.parametrize("text, fmt, line", [
    ("venue: kucoin\noperation: add_order\norder:\n\tsymbol: BTC-USDT\n", None, 4),
    ('{"venue":"kucoin","operation":"add_order","order":{"symbol":"BTC-USDT",}}\n', None, 1),
    ('{"a":1}\n{"venue":"kucoin",\n', "jsonl", 2),
    ("a: [1, 2\nb: 3\n", None, 1),
])
def test_a_document_that_cannot_be_parsed_shows_its_line(text: str, fmt: str | None, line: int) -> None:
    from validator.reporters import format_diagnostic

    results = _results(text, fmt)
    broken = [r for r in results if any(d.code == "P001" for d in r.diagnostics)]
    assert broken
    diag = next(d for d in broken[-1].diagnostics if d.code == "P001")
    shown = format_diagnostic(broken[-1], diag)
    assert diag.line == line and f" {line} | " in shown and "^" in shown


def test_python_m_orderlint_and_import_orderlint(tmp_path: Path) -> None:
    import orderlint
    import validator

    assert orderlint.Validator is validator.Validator and orderlint.__version__ == validator.__version__
    done = subprocess.run([sys.executable, "-m", "orderlint", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and "orderlint" in done.stdout
