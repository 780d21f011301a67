"""Inline suppressions in YAML: `# orderlint: ignore[CODE]` on the value's line or the line above, file-level
`# orderlint: file-ignore[CODE]`; codes required (E011 otherwise) and unused ones reported (E010)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from validator.cli import main
from validator.suppressions import comment_start, scan

HEAD = "venue: kucoin\noperation: add_order\norder:\n  symbol: BTC-USDT\n  side: buy\n  type: limit\n"


def check(tmp_path, text: str, *args: str, name: str = "order.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", *args, str(path)], catch_exceptions=False)
    payload = json.loads(result.output)
    return result.exit_code, [(d["code"], d["line"]) for r in payload["results"] for d in r["diagnostics"]], payload


def test_without_suppression_the_finding_is_reported(tmp_path):
    code, found, _ = check(tmp_path, HEAD + '  price: "50000.05"\n  size: "0.001"\n')
    assert code == 1 and found == [("R101", 7)]


@pytest.mark.parametrize("text", [
    HEAD + '  price: "50000.05"   # orderlint: ignore[R101]\n  size: "0.001"\n',
    HEAD + '  # orderlint: ignore[R101]\n  price: "50000.05"\n  size: "0.001"\n',
    HEAD + '  # orderlint: ignore[price-increment]\n\n  # reviewed: grid bot rounds at send time\n  price: "50000.05"\n  size: "0.001"\n',
    HEAD + '  price: "50000.05"  # orderlint: ignore[kucoin/price-increment, R1]\n  size: "0.001"\n',
    "# orderlint: file-ignore[R101]\n" + HEAD + '  price: "50000.05"\n  size: "0.001"\n',
])
def test_suppression_silences_the_finding(tmp_path, text):
    code, found, _ = check(tmp_path, text)
    assert code == 0 and found == [], found


def test_a_suppression_of_another_code_silences_nothing_and_is_reported(tmp_path):
    code, found, payload = check(tmp_path, HEAD + '  price: "50000.05"  # orderlint: ignore[R102]\n  size: "0.001"\n')
    assert code == 1 and found == [("R101", 7), ("E010", 7)]
    unused = payload["results"][0]["diagnostics"][1]
    assert unused["severity"] == "warning" and "R102" in unused["message"] and unused["column"] == 22
    assert check(tmp_path, HEAD + '  price: "50000.05"  # orderlint: ignore[R102]\n  size: "0.001"\n', "--fail-on", "warning")[0] == 1


def test_unused_suppression_on_a_clean_line_and_file(tmp_path):
    text = "# orderlint: file-ignore[R204]\n" + HEAD + '  price: "50000.1"  # orderlint: ignore[R101]\n  size: "0.001"\n'
    code, found, _ = check(tmp_path, text)
    assert code == 0 and found == [("E010", 1), ("E010", 8)]
    assert check(tmp_path, text, "--ignore", "E010")[1] == []  # the configuration can silence the hygiene codes too


@pytest.mark.parametrize("comment, words", [
    ("# orderlint: ignore", "names no code"),
    ("# orderlint: ignore[]", "names no code"),
    ("# orderlint: ignore[R999]", "unknown code or name 'R999'"),
    ("# orderlint: disable[R101]", "unknown suppression 'disable'"),
    ("# orderlint: ignore[E099]", "cannot be suppressed"),
])
def test_bare_or_bad_suppression_is_reported_and_silences_nothing(tmp_path, comment, words):
    code, found, payload = check(tmp_path, HEAD + f'  price: "50000.05"  {comment}\n  size: "0.001"\n')
    assert code == 1 and ("R101", 7) in found and ("E011", 7) in found
    assert any(words in d["message"] for d in payload["results"][0]["diagnostics"] if d["code"] == "E011")


def test_hash_inside_a_quoted_value_is_not_a_comment(tmp_path):
    text = HEAD + '  price: "50000.05"\n  size: "0.001"\n  remark: "# orderlint: ignore[R101]"\n'
    assert comment_start('remark: "# orderlint: ignore[R101]"') is None
    assert comment_start("a: it's  # orderlint: ignore[R101]") == 9
    assert comment_start("a: 'x # y' # z") == 11
    found = check(tmp_path, text)[1]
    assert ("R101", 7) in found


def test_multi_document_stream_each_suppression_stays_with_its_document(tmp_path):
    doc = HEAD + '  price: "50000.05"\n  size: "0.001"\n'
    text = doc + "---\n" + HEAD + '  # orderlint: ignore[R101]\n  price: "50000.05"\n  size: "0.001"\n' + "---\n" + HEAD + \
        '  price: "50000.1"  # orderlint: ignore[R101]\n  size: "0.001"\n'
    code, _, payload = check(tmp_path, text)
    per_doc = [[d["code"] for d in r["diagnostics"]] for r in payload["results"]]
    assert per_doc == [["R101"], [], ["E010"]] and code == 1


def test_suppressions_on_standard_input_and_not_in_json(tmp_path):
    text = HEAD + '  price: "50000.05"  # orderlint: ignore[R101]\n  size: "0.001"\n'
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", "concise", "-"], input=text, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    raw = {"venue": "kucoin", "operation": "add_order", "order": {"symbol": "BTC-USDT", "side": "buy", "type": "limit",
                                                                  "price": "50000.05", "size": "0.001", "remark": "# orderlint: ignore[R101]"}}
    code, found, _ = check(tmp_path, json.dumps(raw, indent=1), name="order.json")
    assert code == 1 and "R101" in [c for c, _ in found]  # JSON has no comments: per-file ignores do this


def test_scan_reports_positions_and_next_line():
    sups, problems = scan(["a: 1", "   # orderlint: ignore[R101,R102]", "", "# note", "b: 2", "c: 3 # orderlint: file-ignore[S]"])
    assert [(s.line, s.column, s.covers, [e.text for e in s.entries]) for s in sups] == [(2, 4, 5, ["R101", "R102"]), (6, 6, None, ["S"])]
    assert problems == []
