"""Report formats: full, concise, json, json-lines, github; truncation, numbering, surrogates, statistics, fail-on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from validator.cli import main
from validator.diagnostics import Diagnostic
from validator.documents import DocumentResult
from validator.reporters import (ConciseReporter, GithubReporter, JsonLinesReporter, JsonReporter, dumps, format_diagnostic,
                                 shorten, window)

ROOT = Path(__file__).parent.parent
REJECTED = ROOT / "examples" / "rejected" / "increments-and-bounds.yaml"
VALID = ROOT / "examples" / "valid"


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


def result_with(*diags: Diagnostic, source: str = "a,b:c%.yaml", document: int = 0) -> DocumentResult:
    return DocumentResult(source, document, "kucoin", "add_order", list(diags))


DIAG = Diagnostic("R101", "price-increment", "error", "price 1.05 is not a multiple\nof 0.1, 100%", pointer="/price", line=3,
                  column=10, help="use 1.1", end_line=3, end_column=16)


def test_concise_is_one_line_per_finding_and_the_default_off_a_terminal():
    result = run("check", str(REJECTED))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{REJECTED}:8:10: R101 [error] price 50000.05")
    assert all(line.startswith(str(REJECTED)) for line in lines[:-1]) and lines[-1].startswith("Checked 4 documents in 1 file")
    assert " | " not in result.output


def test_text_is_the_full_format_for_compatibility():
    full, text = run("check", "--format", "full", str(REJECTED)), run("check", "--format", "text", str(REJECTED))
    assert full.output == text.output and "^^^^" in full.output


def test_github_format_chosen_under_actions_and_escaped():
    result = run("check", str(REJECTED), env={"GITHUB_ACTIONS": "true"})
    first = result.output.splitlines()[0]
    assert first.startswith(f"::error file={REJECTED},line=8,col=10,") and "title=orderlint R101 (price-increment)::" in first
    text = GithubReporter().add(result_with(DIAG))
    assert text == ("::error file=a%2Cb%3Ac%25.yaml,line=3,col=10,endLine=3,endColumn=16,title=orderlint R101 (price-increment)"
                    "::price 1.05 is not a multiple%0Aof 0.1, 100%25%0Ahelp: use 1.1\n")


def test_github_without_position_names_document_from_one_and_info_is_notice():
    info = Diagnostic("E007", "template-placeholder", "info", "skipped", pointer="/size")
    text = GithubReporter().add(result_with(info, source="x.json", document=2))
    assert text == "::notice file=x.json,title=orderlint E007 (template-placeholder)::document 3 at /size: skipped\n"


def test_full_caret_uses_end_column_and_documents_count_from_one():
    class Map:
        def line_text(self, line: int) -> str:
            return "  price: '1.05' # note"

    result = DocumentResult("a.yaml", 0, None, None, [DIAG], Map())  # type: ignore[arg-type]
    lines = format_diagnostic(result, DIAG).splitlines()
    assert "   |          ^^^^^^" in lines  # end_column 16 - column 10: six characters
    nowhere = Diagnostic("E001", "x", "error", "m", pointer="/a")
    assert format_diagnostic(result_with(nowhere, source="b.json", document=4), nowhere).startswith("b.json (document 5): E001")


def test_long_line_is_shown_as_a_window_around_the_column():
    line = "x" * 200_000 + "PRICE" + "y" * 200_000
    shown, caret, span = window(line, 200_001, 120, 5)
    assert len(shown) <= 122 and shown.startswith("…") and shown.endswith("…")
    assert shown[caret - 1:caret - 1 + span] == "PRICE"
    assert len(shorten("m" * 10_000)) == 400


@given(st.text(min_size=0, max_size=300), st.integers(min_value=1, max_value=300), st.integers(min_value=1, max_value=50))
def test_window_keeps_the_caret_inside_the_shown_text(line, column, span):
    column = min(column, len(line) + 1)
    shown, caret, width = window(line, column, 40, span)
    assert 1 <= caret <= len(shown) + 1 and width >= 1
    if len(line) > 40:
        assert len(shown) <= 42


def test_big_one_line_file_prints_kilobytes_not_megabytes(tmp_path):
    orders = [{"venue": "kucoin", "operation": "add_order",
               "order": {"clientOid": f"c{i}", "side": "buy", "symbol": "BTC-USDT", "type": "limit", "price": "1.05",
                         "size": "1", "pad": "z" * 20_000}} for i in range(20)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(orders))
    assert path.stat().st_size > 400_000
    result = run("check", "--format", "full", str(path))
    assert result.exit_code == 1 and len(result.output) < 60_000


def test_lone_surrogates_never_crash_machine_formats():
    diag = Diagnostic("S001", "x", "error", "bad \udcff value", pointer="/\ud800")
    for reporter in (JsonReporter(), JsonLinesReporter()):
        text = reporter.add(result_with(diag)) + reporter.finish()
        text.encode("utf-8")
        assert "\\udcff" in text
    assert json.loads(dumps("\udcff")) == "\udcff"
    ConciseReporter().add(result_with(diag)).encode("utf-8")


def test_json_lines_ends_with_a_summary_line():
    lines = run("check", "--format", "json-lines", str(VALID)).output.splitlines()
    assert json.loads(lines[-1])["summary"]["documents"] == len(lines) - 1 > 0


def test_statistics_and_output_file(tmp_path):
    out = tmp_path / "report.json"
    result = run("check", "--format", "json", "--statistics", "-o", str(out), str(REJECTED))
    assert result.exit_code == 1
    assert json.loads(out.read_text())["summary"]["documents"] == 4
    assert "R101  price-increment" in result.output  # CliRunner mixes stderr into output
    concise = run("check", "--statistics", str(REJECTED)).output
    assert "R101  price-increment" in concise.splitlines()[-1] or "R101  price-increment" in concise


def test_fail_on_warning_refuses_an_order_that_was_not_fully_checked(tmp_path):
    doc = tmp_path / "unknown-symbol.yaml"
    doc.write_text("venue: kucoin\noperation: add_order\norder:\n  clientOid: a1\n  side: buy\n  symbol: ZZZ-QQQ\n"
                   "  type: limit\n  price: '1'\n  size: '1'\n")
    markets = ROOT / "markets"
    files = [str(p) for p in markets.glob("*.json")][:1] if markets.is_dir() else []
    args = [a for f in files for a in ("--markets", f)]
    plain = run("check", "--format", "json", *args, str(doc))
    report = json.loads(plain.output)
    assert report["summary"]["warnings"] >= 1, report  # M001 or E005: not fully checked
    assert plain.exit_code == 0
    assert run("check", "--fail-on", "warning", *args, str(doc)).exit_code == 1
    assert run("check", "--fail-on", "error", *args, str(doc)).exit_code == 0


@pytest.mark.parametrize("env, expect", [({"NO_COLOR": "1"}, False), ({"NO_COLOR": ""}, False), ({"FORCE_COLOR": "1"}, True)])
def test_colour_environment(env, expect):
    result = run("check", "--format", "full", str(REJECTED), env=env)
    assert ("\033[" in result.output) is expect


def test_no_order_files_is_a_tool_error(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "no order files found under" in result.output


def test_session_scope_file_makes_verdicts_independent_of_company(tmp_path):
    order = ("venue: kucoin\noperation: add_order\norder:\n  clientOid: same-id\n  side: buy\n  symbol: BTC-USDT\n"
             "  type: limit\n  price: '50000'\n  size: '0.001'\n")
    (tmp_path / "a.yaml").write_text(order)
    (tmp_path / "b.yaml").write_text(order)
    by_file = json.loads(run("check", "--format", "json", "--now", "2026-11-21T09:30:00Z", str(tmp_path)).output)
    assert [r["valid"] for r in by_file["results"]] == [True, True]
    by_run = json.loads(run("check", "--format", "json", "--session", "run", "--now", "2026-11-21T09:30:00Z", str(tmp_path)).output)
    codes = [[d["code"] for d in r["diagnostics"]] for r in by_run["results"]]
    assert "R204" in codes[1] and "R204" not in codes[0]


def test_explain_venue_rule_id_stdin_and_numbering():
    listing = run("rules").output
    rule_id = next(line.split(":")[0].strip() for line in listing.splitlines() if line.startswith("        kucoin/"))
    page = run("explain", rule_id)
    assert page.exit_code == 0 and rule_id.split("/")[1] in page.output
    result = run("explain", "-", input=REJECTED.read_text())
    assert result.output.startswith("<stdin>, document 1 (kucoin add_order): would be REJECTED (2 errors")
    assert result.exit_code == 1


def test_explain_says_not_fully_checked_instead_of_accepted(tmp_path):
    doc = tmp_path / "o.yaml"
    doc.write_text("venue: kucoin\noperation: add_order\norder:\n  clientOid: a1\n  side: buy\n  symbol: ZZZ-QQQ\n"
                   "  type: limit\n  price: '1'\n  size: '1'\n")
    result = run("explain", str(doc))
    if "M001" in result.output or "E005" in result.output:
        assert "NOT fully checked" in result.output and "ACCEPTED" not in result.output
    else:
        pytest.fail(f"expected a not-fully-checked finding: {result.output}")


def _cli(*args: str, **kw):
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, "-m", "validator", *args], capture_output=True, env=env, cwd=ROOT, **kw)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_is_exit_two_with_one_line():
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "validator", "check", str(VALID)], stdout=full, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr.decode().count("\n") == 1 and "cannot write the report" in proc.stderr.decode()


def test_closed_stdout_is_exit_two_without_traceback():
    proc = subprocess.run([sys.executable, "-c", "import os, runpy, sys; os.close(1); sys.argv = ['orderlint', 'check', sys.argv[1]];"
                           "runpy.run_module('validator', run_name='__main__')", str(VALID)], stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_broken_pipe_is_exit_two_quietly(tmp_path):
    many = tmp_path / "many.jsonl"
    line = json.dumps({"venue": "kucoin", "operation": "add_order", "order": {"price": "x"}})
    many.write_text("\n".join([line] * 3000) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "validator", "check", str(many)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 2
    assert "Traceback" not in err and err.count("\n") <= 1


# ---- SARIF and JUnit ---------------------------------------------------------------------------------------------

SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"


def _sarif(*paths: str) -> dict:
    result = run("check", "--format", "sarif", *paths)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_sarif_validates_against_the_official_schema_and_carries_rule_docs():
    import jsonschema

    log = _sarif(str(ROOT / "examples"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and run_["results"]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"], rule["id"]
        assert len(rule["fullDescription"]["text"]) <= 1024
    r101 = next(r for r in rules if r["id"] == "R101")
    assert r101["name"] == "price-increment" and r101["helpUri"].startswith("https://")
    assert "What it does" in r101["help"]["text"] and "## R101 price-increment" in r101["help"]["markdown"]
    for res in run_["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
        assert res["level"] in ("error", "warning", "note")
        assert not res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/")
    tick = next(r for r in run_["results"] if r["ruleId"] == "R101"
                and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("increments-and-bounds.yaml"))
    assert tick["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 10, "endLine": 8, "endColumn": 20}


def test_sarif_fingerprints_are_stable_across_runs_and_unrelated_edits(tmp_path):
    text = REJECTED.read_text(encoding="utf-8")
    target = tmp_path / "orders.yaml"
    target.write_text(text, encoding="utf-8")
    first = _sarif(str(target))["runs"][0]["results"]
    again = _sarif(str(target))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in again]
    target.write_text("# a comment added above\n\n# and another\n" + text, encoding="utf-8")  # an unrelated edit
    moved = _sarif(str(target))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in moved]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] + 3 for r in first] == \
           [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in moved]
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in first]
    assert len(prints) == len(set(prints))  # each finding its own identity


def test_sarif_for_a_clean_run_is_valid_and_empty(tmp_path):
    import jsonschema

    (tmp_path / "limit-buy.yaml").write_text((VALID / "limit-buy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    log = _sarif(str(tmp_path))
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_reporter_on_hostile_text_and_no_position():
    import jsonschema
    from validator.reporters import SarifReporter

    reporter = SarifReporter()
    odd = Diagnostic("E004", "invalid-envelope", "info", "bad \ud800 text\x00", pointer="/a~1b")
    reporter.add(result_with(DIAG, odd, source="dir with space/ä.yaml"))
    log = json.loads(reporter.finish())
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    results = log["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir%20with%20space/%C3%A4.yaml"
    assert results[1]["level"] == "note" and results[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_junit_one_suite_per_file_one_case_per_document(tmp_path):
    import xml.etree.ElementTree as ET

    result = run("check", "--format", "junit", str(ROOT / "examples"))
    assert result.exit_code == 1
    root = ET.fromstring(result.output)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    names = [s.get("name") for s in suites]
    assert len(names) == len(set(names)) and any(n.endswith("increments-and-bounds.yaml") for n in names)
    total = sum(int(s.get("tests")) for s in suites)
    assert int(root.get("tests")) == total == len(root.findall("testsuite/testcase"))
    bounds = next(s for s in suites if s.get("name").endswith("increments-and-bounds.yaml"))
    cases = bounds.findall("testcase")
    assert int(bounds.get("failures")) == len([c for c in cases if c.find("failure") is not None]) > 0
    failure = cases[0].find("failure")
    assert failure.get("type") == "R101" and "increments-and-bounds.yaml:8:10: R101 [error]" in failure.text
    valid = [s for s in suites if "/valid/" in s.get("name").replace("\\", "/")]
    assert valid and all(s.get("failures") == "0" for s in valid)


def test_junit_fail_on_and_hostile_text():
    import xml.etree.ElementTree as ET
    from validator.reporters import JunitReporter

    warn = Diagnostic("E005", "operation-not-covered", "warning", "ctl \x01\x1b and \ud800 <&>", line=2, column=1)
    for fail_on, failures in (("error", 0), ("warning", 1)):
        reporter = JunitReporter(fail_on)
        reporter.add(result_with(warn))
        root = ET.fromstring(reporter.finish())
        case = root.find("testsuite/testcase")
        assert root.get("failures") == str(failures)
        assert (case.find("failure") is not None) == bool(failures)
        assert (case.find("system-out") is not None) == (not failures)
        text = (case.find("failure") if failures else case.find("system-out")).text
        assert "\\u0001" in text and "<&>" in text


def test_sarif_and_junit_survive_the_hostile_corpus():
    import xml.etree.ElementTree as ET

    import jsonschema

    hostile = ROOT / "tests" / "hostile"
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    sarif = run("check", "--format", "sarif", "--now", "2026-11-21T09:30:00Z", str(hostile))
    assert sarif.exit_code in (1, 2)
    jsonschema.validate(json.loads(sarif.output), schema)
    junit = run("check", "--format", "junit", "--now", "2026-11-21T09:30:00Z", str(hostile))
    assert junit.exit_code == sarif.exit_code
    documents = json.loads(sarif.output)["runs"][0]["properties"]["summary"]["documents"]
    assert documents > 0 and int(ET.fromstring(junit.output).get("tests")) == documents


def test_metadata_note_names_source_kind_and_age():
    """Each JSON result says which market metadata its verdict rests on, and a stale cache says so."""
    import datetime as dt

    from validator.markets import Provenance
    from validator.reporters import metadata_note

    taken = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=10)
    cache = Provenance("kucoin", "/home/u/.cache/orderlint/markets/kucoin.json", "cache", "normalized", 1200,
                       fetched_at=taken, max_age=dt.timedelta(days=7))
    note = metadata_note(cache)
    assert note["kind"] == "cache" and note["symbols"] == 1200 and note["stale"] is True
    assert note["fetched_at"] == taken.strftime("%Y-%m-%dT%H:%M:%SZ")
    shipped = Provenance("bigone", "/opt/venv/lib/validator/_data/markets/bigone.yaml", "shipped", "normalized", 3)
    assert metadata_note(shipped)["source"] == "markets/bigone.yaml" and metadata_note(shipped)["stale"] is False
