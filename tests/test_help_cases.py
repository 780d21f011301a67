"""A rule's help fits the case: texts chosen by the value of one of the check's placeholders."""

from __future__ import annotations

import shutil

import pytest

from validator import DataFileError, Validator
from validator.resources import data_root

LIMIT = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001"}


def _help(v: Validator, request, operation: str, code: str) -> str:
    found = [d for d in v.check(request, "kucoin", operation).diagnostics if d.code == code]
    assert len(found) == 1, found
    return found[0].help or ""


def test_batch_help_says_add_for_too_few_and_split_for_too_many(validator):
    assert "at least one order" in _help(validator, {"orderList": []}, "batch_add_orders", "R201")
    six = {"orderList": [dict(LIMIT, clientOid=f"c{i}") for i in range(6)]}
    assert "split" in _help(validator, six, "batch_add_orders", "R201")


def test_market_order_help_says_add_when_neither_and_keep_one_when_both(validator):
    neither = {"symbol": "BTC-USDT", "side": "buy", "type": "market"}
    both = dict(neither, size="0.001", funds="10")
    assert _help(validator, neither, "add_order", "R002").startswith("add size")
    assert "not both" in _help(validator, both, "add_order", "R002")


def _with_rule(tmp_path, help_yaml: str):
    root = tmp_path
    for name in ("schemas", "rules", "markets"):
        shutil.copytree(data_root() / name, root / name)
    (root / "rules" / "kucoin").mkdir(exist_ok=True)
    (root / "rules" / "kucoin" / "zz-test.yaml").write_text(
        "venue: kucoin\nrules:\n  - id: test-remark-needed\n    code: R001\n    operations: [add_order]\n"
        "    check: {function: required, fields: [remark]}\n    message: \"needs {field}\"\n"
        f"    help:\n{help_yaml}"
        "    explanation: \"a test rule\"\n    reference: \"test\"\n")
    return root


def test_help_case_by_an_unknown_placeholder_is_refused(tmp_path):
    root = _with_rule(tmp_path, "      by: relation\n      cases: {x: \"y\"}\n")
    with pytest.raises(DataFileError, match="relation"):
        Validator(data_dir=root)


def test_help_case_default_and_placeholders(tmp_path):
    root = _with_rule(tmp_path, "      by: field\n      cases: {remark: \"write a {field}\"}\n      default: \"other\"\n")
    v = Validator(data_dir=root)
    assert _help(v, LIMIT, "add_order", "R001") == "write a remark"
