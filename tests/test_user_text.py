"""Text users see cites the venues' public documentation, for every venue: never internal documents.

Every user-visible string of every venue manifest, rule file, operation schema and the code catalogue is
checked (only "$comment" in JSON and comments in YAML may cite the seeds for maintainers); every rule and
every operation links a public page on its venue's documentation site.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
import yaml

from validator.resources import data_root
from validator.ruleset import rule_files

ROOT = data_root()
INTERNAL = re.compile(r"\bseed\b|DESIGN|\bruling\b|catalog|\bL\d{2,}\b", re.IGNORECASE)
VENUES = sorted(p.parent.name for p in (ROOT / "schemas").glob("*/venue.yaml"))


def _texts(node, path=""):
    """(where, text) for every string a user can be shown: everything but "$comment"."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "$comment":
                yield from _texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{path}/{index}")
    elif isinstance(node, str):
        yield path, node


def _files():
    yield "rules/codes.yaml", yaml.safe_load((ROOT / "rules/codes.yaml").read_text(encoding="utf-8"))
    for venue in VENUES:
        yield f"schemas/{venue}/venue.yaml", yaml.safe_load((ROOT / "schemas" / venue / "venue.yaml").read_text(encoding="utf-8"))
        for path in rule_files(ROOT / "rules", venue):
            yield str(path.relative_to(ROOT)), yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "schemas" / venue).glob("*.json")):
            yield str(path.relative_to(ROOT)), json.loads(path.read_text(encoding="utf-8"))


FILES = list(_files())


@pytest.mark.parametrize(("name", "data"), FILES, ids=[n for n, _ in FILES])
def test_user_text_cites_only_public_documentation(name, data):
    leaks = [(where, text) for where, text in _texts(data) if INTERNAL.search(text) and "/examples/" not in where]
    assert not leaks, leaks


def test_the_check_catches_a_leak():
    assert INTERNAL.search("seed L491-L492 (Add Order)") and INTERNAL.search("see the DESIGN ruling")
    assert not INTERNAL.search("KuCoin API: Add Order (price); error 400100")


def _site(url: str) -> str:
    host = urlparse(url).hostname or ""
    return ".".join(host.split(".")[-2:])  # the registrable domain: docs may live on a sub-domain


@pytest.mark.parametrize("venue", VENUES)
def test_every_operation_and_rule_links_a_public_page_of_its_venue(venue):
    manifest = yaml.safe_load((ROOT / "schemas" / venue / "venue.yaml").read_text(encoding="utf-8"))
    home = _site(manifest["url"])
    assert manifest["url"].startswith("https://")
    for op_id, op in manifest["operations"].items():
        assert op.get("url", "").startswith("https://") and _site(op["url"]) == home, (venue, op_id, op.get("url"))
    for path in rule_files(ROOT / "rules", venue):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["venue"] == venue, path
        for rule in data["rules"]:
            assert rule.get("url", "").startswith("https://") and _site(rule["url"]) == home, (path.name, rule["id"], rule.get("url"))
            assert rule["reference"].strip(), (path.name, rule["id"])


def test_every_venue_is_covered():
    names = {name for name, _ in FILES}
    for venue in VENUES:
        assert f"schemas/{venue}/venue.yaml" in names
        assert any(n.startswith(f"rules/{venue}") for n in names), f"{venue} has no rule file"


def test_a_wrong_type_message_reads_as_english():
    """`got object an object` was the type and the rendering of a value side by side."""
    from validator import Validator

    v = Validator()
    text = v.check({"orders": []}, "bigone", "batch_create_orders").diagnostics[0].message
    assert text == "the request must be an array, got an object"
    order = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": ["1", "2"], "size": "1"}
    assert "got an array of 2 items" in v.check(order, "kucoin", "add_order").diagnostics[0].message
    assert 'got integer 5' in v.check(5, "bigone", "batch_create_orders").diagnostics[0].message
