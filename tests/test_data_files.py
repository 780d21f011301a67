"""orderlint's own data: schemas valid against the 2020-12 meta-schema, rule files checked at load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from validator import DataFileError, Validator
from validator.resources import data_root

ROOT = data_root()
SCHEMAS = sorted((ROOT / "schemas").glob("*/*.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_schema_is_valid_2020_12(path):
    schema = json.loads(path.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_code_documented(validator):
    from validator.codes import catalog

    for info in catalog().values():
        assert info.summary and info.what and info.why and info.fix, info.code
    assert {r.code for r in validator.rules} <= set(catalog())


def _copy_data(tmp_path: Path) -> Path:
    for name in ("schemas", "rules", "markets"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def test_broken_rule_file_reports_file_line_column(tmp_path):
    root = _copy_data(tmp_path)
    rules = root / "rules" / "kucoin.yaml"
    original = rules.read_text()
    text = original.replace("check: {function: multiple_of, field: price, step: {market: price_increment},",
                            "check: {function: multiple_of, field: price, step: {market: tick},")
    assert text != original
    rules.write_text(text)
    with pytest.raises(DataFileError) as caught:
        Validator(data_dir=root)
    assert caught.value.path == str(rules) and caught.value.line is not None
    line = text.splitlines()[caught.value.line - 1]
    assert "multiple_of" in line or "price-increment" in line or "check" in line


@pytest.mark.parametrize(("old", "new", "named"), [
    ('message: "a limit order needs {field}"', 'message: "a limit order needs {feild}"', "feild"),  # unknown placeholder
    ("single: [add_order,", "single: [add_orderz,", "add_orderz"),                                  # unknown operation
])
def test_broken_rule_file_refused(tmp_path, old, new, named):
    root = _copy_data(tmp_path)
    rules = root / "rules" / "kucoin.yaml"
    rules.write_text(rules.read_text().replace(old, new))
    with pytest.raises(DataFileError, match=named):
        Validator(data_dir=root)


def test_data_files_are_never_executed(tmp_path):
    """Rule, venue and markets files go through the same safe loader as orders: a tag is refused, not run."""
    from validator import load_markets

    marker = tmp_path / "pwned"
    payload = f'!!python/object/apply:os.system ["touch {marker}"]'
    root = _copy_data(tmp_path / "data")
    rules = root / "rules" / "kucoin.yaml"
    rules.write_text(rules.read_text().replace('reference: "KuCoin API documentation (spot, v1.0.0)"', f"reference: {payload}", 1))
    with pytest.raises(DataFileError, match="tag"):
        Validator(data_dir=root)
    markets = tmp_path / "markets.yaml"
    markets.write_text(f"venue: kucoin\nmarkets:\n  BTC-USDT: {payload}\n")
    with pytest.raises(DataFileError, match="tag"):
        load_markets(str(markets))
    assert not marker.exists()


def _one_rule_file(rule_id: str, venue: str = "kucoin") -> str:
    return (f"venue: {venue}\nrules:\n"
            f"  - id: {rule_id}\n    code: R001\n    operations: [add_order]\n"
            "    check: {function: required, fields: [clientOid]}\n"
            '    message: "needs {field}"\n    explanation: "a test rule"\n    reference: "test"\n')


def test_venue_rules_split_over_a_folder(tmp_path):
    """rules/<venue>/*.yaml add to rules/<venue>.yaml: a venue's rules may be split by operation family."""
    root = _copy_data(tmp_path)
    (root / "rules" / "kucoin").mkdir(exist_ok=True)
    (root / "rules" / "kucoin" / "zz-extra.yaml").write_text(_one_rule_file("extra-needs-client-oid"))
    v = Validator(data_dir=root)
    assert "extra-needs-client-oid" in {r.id for r in v.rules}
    result = v.check({"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "1", "size": "1"},
                     venue="kucoin", operation="add_order")
    assert any(d.code == "R001" and d.pointer == "/clientOid" for d in result.diagnostics)


@pytest.mark.parametrize(("rule_id", "venue", "named"), [
    ("limit-order-needs-price-and-size", "kucoin", "duplicate rule id"),  # already in rules/kucoin.yaml
    ("some-new-rule", "bigone", "says venue"),                            # a file in the wrong venue's folder
])
def test_split_rule_files_refused(tmp_path, rule_id, venue, named):
    root = _copy_data(tmp_path)
    (root / "rules" / "kucoin").mkdir(exist_ok=True)
    extra = root / "rules" / "kucoin" / "extra.yaml"
    extra.write_text(_one_rule_file(rule_id, venue))
    with pytest.raises(DataFileError, match=named) as caught:
        Validator(data_dir=root)
    assert caught.value.path == str(extra)
