"""KuCoin data: every documented "METHOD /path" resolves to its operation, every operation links its public
documentation page, and no user-visible text cites internal documents (only YAML comments / "$comment" may).
Covers rules/kucoin.yaml, every rules/kucoin/*.yaml and every schemas/kucoin/*.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from validator import Validator

ROOT = Path(__file__).resolve().parent.parent
VENUE = yaml.safe_load((ROOT / "schemas/kucoin/venue.yaml").read_text())
OPERATIONS = VENUE["operations"]
INTERNAL = re.compile(r"\bseed\b|DESIGN|\bruling\b|catalog|\bL\d{2,}\b", re.IGNORECASE)
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


def _texts(node, path=""):
    """(where, text) for every user-visible string: everything but "$comment" (YAML comments are not data)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "$comment":
                yield from _texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{path}/{index}")
    elif isinstance(node, str):
        yield path, node


def _rule_files():
    """rules/kucoin.yaml and every rules/kucoin/*.yaml (all are loaded for the venue)."""
    paths = [ROOT / "rules/kucoin.yaml"] if (ROOT / "rules/kucoin.yaml").exists() else []
    paths += sorted((ROOT / "rules/kucoin").glob("*.yaml"))
    return [(str(path.relative_to(ROOT)), yaml.safe_load(path.read_text())) for path in paths]


def _files():
    yield "schemas/kucoin/venue.yaml", VENUE
    yield from _rule_files()
    yield "rules/codes.yaml", yaml.safe_load((ROOT / "rules/codes.yaml").read_text())
    for schema in sorted((ROOT / "schemas/kucoin").glob("*.json")):
        yield f"schemas/kucoin/{schema.name}", json.loads(schema.read_text())


@pytest.mark.parametrize(("name", "data"), list(_files()), ids=[n for n, _ in _files()])
def test_user_text_cites_only_public_documentation(name, data):
    leaks = [(where, text) for where, text in _texts(data) if INTERNAL.search(text) and "/examples/" not in where]
    assert not leaks, leaks


def test_the_check_catches_a_leak():
    assert INTERNAL.search("seed L491-L492 (Add Order)")
    assert not INTERNAL.search("KuCoin API: Add Order (price); error 400100")


def test_every_rule_and_schema_file_is_covered():
    names = [name for name, _ in _files()]
    assert "rules/kucoin.yaml" in names or any(n.startswith("rules/kucoin/") for n in names)
    assert len([n for n in names if n.startswith("schemas/kucoin/")]) == 1 + len(list((ROOT / "schemas/kucoin").glob("*.json")))
    assert len([n for n in names if n.startswith("rules/kucoin")]) == (ROOT / "rules/kucoin.yaml").exists() + len(list((ROOT / "rules/kucoin").glob("*.yaml")))


@pytest.mark.parametrize(("name", "data"), _rule_files(), ids=[n for n, _ in _rule_files()])
def test_rules_link_public_pages(name, data):
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
