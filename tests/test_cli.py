"""The command line: output formats, exit codes 0/1/2, explain, rules, venues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_valid_examples_exit_zero():
    result = run("check", str(EXAMPLES / "valid"))
    assert result.exit_code == 0, result.output
    assert "0 rejected" in result.output


def test_rejected_examples_exit_one_with_located_findings():
    result = run("check", "--format", "full", str(EXAMPLES / "rejected" / "increments-and-bounds.yaml"))
    assert result.exit_code == 1
    path = str(EXAMPLES / "rejected" / "increments-and-bounds.yaml")
    assert f"{path}:8:10: R101 [error] price 50000.05 is not a multiple of BTC-USDT's tick 0.1; nearest valid: 50000 or 50000.1" in result.output
    assert ' 8 |   price: "50000.05"' in result.output
    assert "   |          ^^^^^^^^^^" in result.output
    assert '= fix (safe): set /price to "50000"' in result.output


def test_json_output_follows_design():
    result = run("check", "--format", "json", str(EXAMPLES / "rejected" / "broken.yaml"))
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert set(report) == {"version", "summary", "results"} and report["version"] == 1
    assert set(report["summary"]) == {"documents", "valid", "errors", "warnings"}
    assert report["summary"]["documents"] == 4 and report["summary"]["valid"] == 1
    for res in report["results"]:
        assert set(res) == {"source", "document", "venue", "operation", "valid", "diagnostics", "markets"}
        if res["venue"] == "kucoin":  # which metadata the verdict rests on, independent of where orderlint is installed
            assert res["markets"]["source"] == "markets/kucoin.yaml" and res["markets"]["kind"] == "shipped"
        for diag in res["diagnostics"]:
            assert set(diag) == {"code", "name", "severity", "message", "pointer", "line", "column", "fix",
                                 "help", "rule", "url", "end_line", "end_column"}
            assert diag["severity"] in ("error", "warning", "info")
    codes = [[d["code"] for d in r["diagnostics"]] for r in report["results"]]
    assert codes == [["P002"], [], ["P001"], ["E001"]]


def test_raw_request_from_stdin_with_flags():
    body = '{"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001"}'
    result = run("check", "--venue", "kucoin", "--operation", "POST /api/v1/hf/orders", "-", input=body)
    assert result.exit_code == 0, result.output
    result = run("check", "--format", "json", "-", input=body)
    assert result.exit_code == 1 and json.loads(result.output)["results"][0]["diagnostics"][0]["code"] == "E003"


def test_now_flag_drives_time_rules(tmp_path):
    doc = tmp_path / "o.yaml"
    doc.write_text("venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: '50000',"
                   " size: '0.001', allowMaxTimeWindow: 20, clientTimestamp: 1795253400000}\n")
    assert run("check", "--now", "2026-11-21T09:30:00.010Z", str(doc)).exit_code == 0
    late = run("check", "--now", "1795253500000", str(doc))
    assert "R301 [warning]" in late.output and late.exit_code == 0


def test_markets_file_and_strict(tmp_path):
    markets = tmp_path / "m.yaml"
    markets.write_text("venue: kucoin\nmarkets:\n  DOGE-USDT: {price_increment: '0.00001', base_increment: '1', base_min: '10'}\n")
    doc = tmp_path / "o.yaml"
    doc.write_text("venue: kucoin\noperation: add_order\norder: {symbol: DOGE-USDT, side: buy, type: limit, price: '0.123456', size: '5'}\n")
    out = run("check", "--markets", str(markets), str(doc)).output
    assert "R101" in out and "R105" in out
    assert run("check", str(doc)).exit_code == 0  # no metadata: a warning
    assert run("check", "--strict", str(doc)).exit_code == 1


@pytest.mark.parametrize("content", ["venue: kucoin\nmarkets: {X-Y: {price_increment: '-1'}}\n", "[1, 2", "{}"])
def test_bad_markets_file_exits_two(tmp_path, content):
    markets = tmp_path / "m.yaml"
    markets.write_text(content)
    result = CliRunner().invoke(main, ["check", "--markets", str(markets), str(EXAMPLES / "valid")])
    assert result.exit_code == 2
    assert str(markets) in result.output


def test_usage_errors_exit_two():
    assert CliRunner().invoke(main, ["check"]).exit_code == 2
    assert CliRunner().invoke(main, ["check", "/no/such/path"]).exit_code == 2
    assert CliRunner().invoke(main, ["explain", "R999x"]).exit_code == 2


def test_explain_code_and_name():
    by_code = run("explain", "R101")
    assert by_code.exit_code == 0
    for part in ("R101 price-increment", "What it checks", "Why it matters", "Venue reference: ",
                 "Rejected (add_order)", "Accepted:", "How to fix"):
        assert part in by_code.output
    assert run("explain", "price-increment").output == by_code.output
    assert "S009 decimal-as-number" in run("explain", "S009").output


def test_explain_file_gives_every_reason():
    result = run("explain", str(EXAMPLES / "rejected" / "order-shape.yaml"))
    assert result.exit_code == 1
    assert "would be REJECTED" in result.output and "Why:" in result.output and "Fix (unsafe)" in result.output
    assert run("explain", str(EXAMPLES / "valid" / "limit-buy.yaml")).output.count("would be ACCEPTED") == 1


def test_rules_and_venues_listings():
    rules = run("rules", "--venue", "kucoin").output
    assert "R101  price-increment" in rules and "kucoin/price-increment: error" in rules
    assert run("rules", "--venue", "nope").exit_code == 2
    venues = run("venues").output
    import re

    assert re.search(r"^kucoin: KuCoin spot \(\d+ of \d+ operations checked\)$", venues, re.M)  # counts grow as venues do
    assert "* add_order" in venues and "POST /api/v1/hf/orders" in venues


def test_every_document_gets_a_verdict_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text("venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: '1', size: '1'}\n")
    (tmp_path / "b.json").write_text("{not json")
    (tmp_path / "c.txt").write_text("ignored: not an order file extension")
    report = json.loads(run("check", "--format", "json", str(tmp_path)).output)
    assert [(Path(r["source"]).name, r["valid"]) for r in report["results"]] == [("a.yaml", True), ("b.json", False)]


GOOD_LINE = ('{"venue": "kucoin", "operation": "add_order", "order": {"symbol": "BTC-USDT", "side": "buy", "type": "limit", '
             '"price": "50000", "size": "0.001", "clientOid": "%s"}}')


def test_jsonl_stream_one_result_per_line_and_bad_lines_get_their_own():
    lines = [GOOD_LINE % "s-1", "{not json", "", GOOD_LINE % "s-1", '{"venue": "kucoin", "operation": "add_order", "order": {"price": NaN}}']
    result = run("check", "--jsonl", "-", "--format", "json-lines", "--now", "2026-11-21T09:30:00Z", input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    *out, last = [json.loads(line) for line in result.output.splitlines()]
    assert set(last) == {"summary", "markets"}  # the final line summarises the run and names the metadata used
    assert [m["venue"] for m in last["markets"]] == ["kucoin"]
    assert last["summary"]["documents"] == 4 and last["summary"]["valid"] == 1
    assert [r["document"] for r in out] == [0, 1, 2, 3]  # the blank line is not a document
    assert [r["valid"] for r in out] == [True, False, False, False]
    assert out[1]["diagnostics"][0]["code"] == "P001" and out[1]["diagnostics"][0]["line"] == 2
    assert out[2]["diagnostics"][0]["code"] == "R204" and out[2]["diagnostics"][0]["line"] == 4  # same run, same session
    assert ("P004", "/price", 5) in [(d["code"], d["pointer"], d["line"]) for d in out[3]["diagnostics"]]
    assert set(out[0]) == {"source", "document", "venue", "operation", "valid", "diagnostics"}


def test_jsonl_stream_answers_before_input_ends():
    """Each result is written and flushed as its line is read: orderlint can sit in a pipeline."""
    import subprocess
    import sys

    with subprocess.Popen([sys.executable, "-m", "validator", "check", "--jsonl", "-", "--format", "json-lines"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as proc:
        try:
            for n in range(3):
                proc.stdin.write(GOOD_LINE % f"live-{n}" + "\n")
                proc.stdin.flush()
                answer = json.loads(proc.stdout.readline())
                assert answer["document"] == n and answer["valid"] is True
            proc.stdin.close()
            assert proc.wait(timeout=30) == 0
        finally:
            proc.kill()


def test_jsonl_stream_reader_bounds_each_line():
    import io

    from validator.limits import Limits
    from validator.loading import stream_jsonl

    data = (GOOD_LINE % "a").encode() + b"\n" + b'{"x": "' + b"y" * 500 + b'"}\n' + b"\xef\xbb\xbf" + (GOOD_LINE % "b").encode() + b"\r\n\x00\x01\n"
    docs = list(stream_jsonl(io.BytesIO(data), "<t>", Limits(max_bytes=300)))
    assert [d.ok for d in docs] == [True, False, True, False]
    assert docs[1].problems[0].code == "P009" and docs[1].problems[0].line == 2
    assert docs[2].data["order"]["clientOid"] == "b"  # BOM and CRLF are harmless
    assert docs[3].problems[0].code == "P001" and docs[3].problems[0].line == 4


def test_jsonl_files_are_streamed_and_json_format_summarises(tmp_path):
    path = tmp_path / "orders.jsonl"
    path.write_text("\n".join([GOOD_LINE % "f-1", GOOD_LINE % "f-2", "[1,"]) + "\n")
    result = run("check", "--format", "json", str(path))
    report = json.loads(result.output)
    assert report["summary"] == {"documents": 3, "valid": 2, "errors": 1, "warnings": 0}
    assert result.exit_code == 1


# ---- templates with placeholders (--placeholder, config `placeholders`) -------------------------------------------

TEMPLATE = """venue: kucoin
operation: add_order
order:
  clientOid: "{clientOid}"
  symbol: BTC-USDT
  side: buy
  type: limit
  price: "{{ price }}"
  size: "${GRID_SIZE}"
"""
PLACEHOLDERS = ["--placeholder", r"\{\{.*?\}\}", "--placeholder", r"\$\{[A-Z_]+\}", "--placeholder", r"^\{[A-Za-z]+\}$"]


def _diags(result) -> list[dict]:
    return [d for r in json.loads(result.output)["results"] for d in r["diagnostics"]]


def test_placeholders_make_template_values_unknown_but_well_placed(tmp_path):
    path = tmp_path / "grid.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    plain = run("check", "--isolated", "--format", "json", str(path))
    assert plain.exit_code == 1 and {d["code"] for d in _diags(plain)} >= {"S006"}
    templated = run("check", "--isolated", "--format", "json", *PLACEHOLDERS, str(path))
    assert templated.exit_code == 0, templated.output
    found = {d["pointer"]: d for d in _diags(templated)}
    assert set(found) == {"/clientOid", "/price", "/size"} and {d["code"] for d in found.values()} == {"E007"}
    assert "R101" in found["/price"]["message"] and "R102" in found["/size"]["message"] and "R204" in found["/clientOid"]["message"]
    assert found["/price"]["line"] == 8
    broken = tmp_path / "broken.yaml"
    broken.write_text(TEMPLATE.replace("side: buy", "side: purchase"), encoding="utf-8")  # structure is still checked
    result = run("check", "--isolated", "--format", "json", *PLACEHOLDERS, str(broken))
    assert result.exit_code == 1 and "S003" in {d["code"] for d in _diags(result)}


def test_placeholder_samples_are_checked_in_place_of_the_template_value(tmp_path):
    path = tmp_path / "grid.yaml"
    path.write_text(TEMPLATE + 'samples:\n  price: "50000.05"\n', encoding="utf-8")
    result = run("check", "--isolated", "--format", "json", *PLACEHOLDERS, str(path))
    codes = {d["pointer"]: d["code"] for d in _diags(result)}
    assert result.exit_code == 1 and codes["/price"] == "R101"


def test_placeholders_from_configuration_and_bad_patterns(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "grid.yaml").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "orderlint.toml").write_text("placeholders = ['\\{\\{.*?\\}\\}', '\\$\\{[A-Z_]+\\}', '^\\{[A-Za-z]+\\}$']\n",
                                             encoding="utf-8")
    assert run("check", "--format", "concise", "grid.yaml").exit_code == 0
    bad = run("check", "--placeholder", "{{ (", "grid.yaml")
    assert bad.exit_code == 2 and "--placeholder" in bad.output


# ---- rule documentation, the rule language, venues as data --------------------------------------------------------

ROOT = Path(__file__).parent.parent


def test_rules_markdown_documents_every_code_and_rule_with_stable_anchors():
    from validator import Validator
    from validator.ruledoc import anchor, rule_anchor

    validator = Validator()
    result = run("rules", "--format", "markdown")
    assert result.exit_code == 0
    text = result.output
    for info in validator.codes.values():
        assert f"## {info.code} {info.name}\n" in text and f"(#{anchor(info.code, info.name)})" in text, info.code
    for rule in validator.rules:
        assert f'<a id="{rule_anchor(rule)}"></a>' in text, rule.id
    assert anchor("R101", "price-increment") == "r101-price-increment"
    assert "### What it does" in text and "### Why is this bad?" in text and "### How to fix" in text


def test_rules_json_is_the_data_the_engine_runs():
    from validator import Validator

    validator = Validator()
    data = json.loads(run("rules", "--format", "json").output)
    assert [c["code"] for c in data["codes"]] == list(validator.codes)
    documented = {(r["venue"], r["id"]): r for c in data["codes"] for r in c["rules"]}
    assert set(documented) == {(r.venue, r.id) for r in validator.rules}
    for rule in validator.rules:
        doc = documented[(rule.venue, rule.id)]
        assert doc["message"] == rule.message and doc["check"] == rule.check_options and len(doc["examples"]) == len(rule.examples)
    only = json.loads(run("rules", "--format", "json", "--venue", "kucoin").output)
    assert all(r["venue"] == "kucoin" for c in only["codes"] for r in c["rules"])


def test_rule_language_lists_every_function_and_when_form():
    import jsonschema

    from validator import rule_functions
    from validator.conditions import compile_condition
    from validator.ruledoc import WHEN_FORMS

    text = run("rules", "--functions", "--format", "markdown").output
    for name, function in rule_functions.REGISTRY.items():
        assert f"### `{name}`" in text and " ".join(function.doc.split())[:60] in text, name
        rule_functions.build(dict(function.example))  # each example is a working check
    meta = json.loads((ROOT / "validator" / "meta" / "ruleset.schema.json").read_text())
    condition = {"$defs": meta["$defs"], "$ref": "#/$defs/condition"}
    allowed = {frozenset(alt["required"]) for alt in meta["$defs"]["condition"]["oneOf"]}
    assert {frozenset(w["example"]) for w in WHEN_FORMS} == allowed  # every form the meta-schema allows, no other
    for form in WHEN_FORMS:
        jsonschema.validate(form["example"], condition)
        assert compile_condition(form["example"]) is not None
    for path in ("schemas/<venue>/venue.yaml", "schemas/<venue>/<operation>.json", "rules/<venue>/*.yaml", "markets/<venue>.yaml",
                 "schemas/<venue>/markets.yaml", "tests/test_<venue>.py", "examples/valid/<venue>-*.yaml"):
        assert path in text, path
    data = json.loads(run("rules", "--functions", "--format", "json").output)
    assert {f["name"] for f in data["functions"]} == set(rule_functions.REGISTRY)
    assert run("rules", "--functions").output.startswith("Check functions")


def test_committed_rule_language_reference_is_the_generated_one():
    """docs/rule-language.md is generated; after adding a check function, regenerate it:
    `orderlint rules --functions --format markdown > docs/rule-language.md` (or ORDERLINT_REGEN_GOLDEN=1 pytest)."""
    import os

    from validator.ruledoc import language_markdown

    committed = ROOT / "docs" / "rule-language.md"
    generated = language_markdown()
    if os.environ.get("ORDERLINT_REGEN_GOLDEN"):
        committed.write_text(generated, encoding="utf-8")
    assert committed.read_text(encoding="utf-8") == generated, \
        "docs/rule-language.md is stale: run `orderlint rules --functions --format markdown > docs/rule-language.md`"


def test_venues_json():
    from validator import Validator

    validator = Validator()
    data = json.loads(run("venues", "--format", "json").output)
    assert [v["id"] for v in data["venues"]] == list(validator.venues)
    for venue in data["venues"]:
        spec = validator.venues[venue["id"]]
        assert [o["id"] for o in venue["operations"]] == list(spec.operations)
        assert [o["checked"] for o in venue["operations"]] == [bool(op.schema) for op in spec.operations.values()]


def test_explain_works_for_every_code():
    """Each code's page shows every venue rule of that code with its examples (JSON numbers among them)."""
    from validator.codes import catalog

    runner = CliRunner()
    for code in sorted(catalog()):
        result = runner.invoke(main, ["explain", code])
        assert result.exit_code == 0 and result.exception is None, (code, result.output[-500:])
        assert result.output.startswith(code)


def test_reports_write_decimals_as_the_numbers_they_are():
    from decimal import Decimal

    from validator.reporters import dumps

    assert dumps({"price": Decimal("0.10"), "sizes": [Decimal("1E+2"), 3]}) == '{"price": 0.10, "sizes": [1E+2, 3]}'
    assert dumps({"text": "\x00N5\x00"}) == '{"text": "\\u0000N5\\u0000"}'  # a request's text is never turned into a number
