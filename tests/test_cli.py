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
    assert '= fix (unsafe): set /price to "50000"' in result.output


def test_json_output_follows_design():
    result = run("check", "--format", "json", str(EXAMPLES / "rejected" / "broken.yaml"))
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert set(report) == {"version", "summary", "results"} and report["version"] == 1
    assert set(report["summary"]) == {"documents", "valid", "errors", "warnings"}
    assert report["summary"]["documents"] == 4 and report["summary"]["valid"] == 1
    for res in report["results"]:
        assert set(res) == {"source", "document", "venue", "operation", "valid", "diagnostics"}
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
    assert "kucoin: KuCoin spot (5 of 49 operations checked)" in venues
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
    assert set(last) == {"summary"}  # the final line summarises the run
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
