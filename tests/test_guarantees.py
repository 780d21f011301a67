"""Promises that hold for every input: no network, and ASCII-exact ids, enums and decimals."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator import Validator
from validator.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_no_network_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("orderlint opened a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    validator = Validator()
    assert validator.check({"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "1", "size": "1"}, "kucoin", "add_order").valid
    assert CliRunner().invoke(main, ["check", str(EXAMPLES)]).exit_code == 1


@pytest.mark.parametrize(("member", "value", "code"), [
    ("clientOid", "ord\u0435r-1", "S006"),        # Cyrillic e
    ("clientOid", "order-1\n", "S006"),           # '$' would match before a trailing newline
    ("side", "b\u03c5y", "S003"),                 # Greek upsilon
    ("side", "buy ", "S003"),
    ("price", "\uff15\uff10", "S006"),            # fullwidth digits
    ("price", "\u0665\u0660", "S006"),            # Arabic-Indic digits
    ("price", "5e4", "S006"),
    ("price", "-50000", "S006"),
    ("price", "50,000", "S006"),
    ("price", "0.000", "S006"),
    ("remark", "caf\u00e9", "S006"),              # not ASCII
    ("symbol", "BTC-USDT\n", "S006"),
])
def test_lookalikes_rejected(validator, member, value, code):
    order = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001", member: value}
    result = validator.check(order, "kucoin", "add_order")
    assert any(d.code == code and d.pointer == f"/{member}" for d in result.diagnostics), result.diagnostics
    assert not result.valid
