"""KuCoin data: every documented "METHOD /path" resolves to its operation and every operation and rule links
KuCoin's public documentation (tests/test_user_text.py checks the user-visible text of every venue)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from validator import Validator

ROOT = Path(__file__).resolve().parent.parent
VENUE = yaml.safe_load((ROOT / "schemas/kucoin/venue.yaml").read_text())
OPERATIONS = VENUE["operations"]
_V = Validator()

# A concrete value for each path parameter: a 24-hex order id and a client order id.
_SAMPLE = {"orderId": "66d1f1a2b3c4d5e6f7a8b9c0", "clientOid": "5c52e11203aa677f33e493fb"}


def _concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: _SAMPLE[m.group(1)], path)


def test_forty_nine_operations():
    assert len(OPERATIONS) == 49


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_request_line_resolves(op_id):
    spec = OPERATIONS[op_id]
    resolved, diagnostics = _V.resolve_line("kucoin", f"{spec['method']} {_concrete(spec['path'])}")
    assert resolved is not None, diagnostics
    assert resolved.op.id == op_id
    for name in re.findall(r"\{(\w+)\}", spec["path"]):
        assert resolved.members[name] == _SAMPLE[name]


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_operation_links_public_page(op_id):
    spec = OPERATIONS[op_id]
    assert spec["url"].startswith("https://www.kucoin.com/docs-new/")
    if "replaced_by" in spec:
        assert spec.get("deprecated") is True and spec["replaced_by"] in OPERATIONS


def test_stop_members_are_misplaced_elsewhere():
    assert {"stop", "stopPrice", "limitPrice"} <= set(VENUE["misplaced_members"])


RULE_FILES = [ROOT / "rules/kucoin.yaml", *sorted((ROOT / "rules/kucoin").glob("*.yaml"))]


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.name for p in RULE_FILES])
def test_rules_link_public_pages(path):
    data = yaml.safe_load(path.read_text())
    assert data["venue"] == "kucoin"
    for rule in data["rules"]:
        # KuCoin's current pages, or its legacy pages where only they state a fact (a query window)
        assert rule["url"].startswith(("https://www.kucoin.com/docs-new/", "https://www.kucoin.com/docs/rest/")), rule["id"]
        assert rule["reference"].startswith("KuCoin API"), rule["id"]


def test_market_order_with_cancel_after_is_a_warning_not_r005():
    """A market order ignores cancelAfter: a warning that it is ignored, never the GTT error."""
    result = _V.check({"symbol": "BTC-USDT", "side": "buy", "type": "market", "funds": "10", "cancelAfter": 60},
                      "kucoin", "add_order")
    codes = {d.code: d.severity for d in result.diagnostics}
    assert "R005" not in codes
    assert codes.get("R003") == "warning"
    limit = _V.check({"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001",
                      "cancelAfter": 60}, "kucoin", "add_order")
    assert any(d.code == "R005" and d.severity == "error" for d in limit.diagnostics)
