"""`orderlint check --jobs N` gives a serial run's report, and a Validator pickles (docs/scale.md runs as written)."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator import Validator, cli, parallel
from validator import run as run_module
from validator.markets import default_markets

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
NOW = "2026-11-21T09:30:00Z"
FORMATS = ["json", "concise", "sarif", "full", "junit", "github", "json-lines"]


def _order(client: str, price: str = "50000.1") -> dict:
    return {"venue": "kucoin", "operation": "add_order",
            "order": {"clientOid": client, "symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": price, "size": "0.00001"}}


def _yaml(client: str, price: str = "50000.1", comment: str = "") -> str:
    return (f"venue: kucoin\noperation: add_order\norder:\n  clientOid: {client}\n  symbol: BTC-USDT\n  side: buy\n"
            f"  type: limit\n  price: \"{price}\"{comment}\n  size: \"0.00001\"\n")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Valid, rejected, broken YAML, JSON and JSON Lines files, a suppression, a client id used in several files."""
    folder = tmp_path_factory.mktemp("mixed")
    for sub in ("valid", "rejected"):
        shutil.copytree(EXAMPLES / sub, folder / sub)
    (folder / "broken-syntax.yaml").write_text("venue: kucoin\norder: [1, 2\n", encoding="utf-8")
    (folder / "a-shared-id.yaml").write_text(_yaml("shared-1"), encoding="utf-8")
    (folder / "b-shared-id.json").write_text(json.dumps(_order("shared-1")), encoding="utf-8")
    (folder / "c-suppressed.yaml").write_text(_yaml("own-1", "50000.05", "  # orderlint: ignore[R101]") + "---\n"
                                              + _yaml("own-2", "50000.05") + "---\n" + _yaml("own-3", "1", "  # orderlint: ignore[R102]"),
                                              encoding="utf-8")
    lines = [json.dumps(_order("line-1")), json.dumps(_order("line-1")), '{"venue": "kucoin", "order": {"price": NaN',
             json.dumps(_order("shared-1", "50000.05")), "", json.dumps(_order("line-2"))]
    (folder / "log.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    deep = folder / "nested" / "deeper"
    deep.mkdir(parents=True)
    for number in range(6):
        (deep / f"order-{number}.yaml").write_text(_yaml(f"deep-{number}", "50000.1" if number % 2 else "50000.03"), encoding="utf-8")
    return folder


def run(*args: str):
    return CliRunner().invoke(cli.main, ["check", "--now", NOW, *args], catch_exceptions=False)


@pytest.fixture
def pools(monkeypatch):
    """The worker counts of the process pools started (so a test knows it did not silently run serially)."""
    started: list[int] = []
    real = parallel.ProcessPoolExecutor

    def spy(*args, **kwargs):
        started.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", spy)
    return started


@pytest.mark.parametrize("fmt", FORMATS)
def test_jobs_output_is_byte_identical_to_a_serial_run(mixed, fmt, pools):
    serial = run("--jobs", "1", "--format", fmt, str(mixed))
    assert pools == []
    several = run("--jobs", "3", "--format", fmt, str(mixed))
    assert pools == [3]
    assert several.exit_code == serial.exit_code == 1
    assert several.output == serial.output
    assert "E099" not in serial.output


def test_the_mixed_folder_has_every_kind_of_verdict(mixed):
    report = json.loads(run("--jobs", "3", "--format", "json", str(mixed)).output)
    codes = {d["code"] for r in report["results"] for d in r["diagnostics"]}
    sources = [r["source"] for r in report["results"]]
    assert {"P001", "R101", "R204", "E010"} <= codes, codes  # broken YAML, a rule, reuse in a file, an unused suppression
    assert any(r["valid"] for r in report["results"]) and not all(r["valid"] for r in report["results"])
    assert any(s.endswith("log.jsonl") for s in sources) and any(s.endswith(".json") for s in sources)
    assert any(s.endswith("broken-syntax.yaml") and not r["valid"] for s, r in zip(sources, report["results"]))
    # the suppression applied in the worker: the first document's R101 is silenced, the second's is not
    suppressed = [r for r in report["results"] if r["source"].endswith("c-suppressed.yaml")]
    assert [any(d["code"] == "R101" for d in r["diagnostics"]) for r in suppressed] == [False, True, False]
    # serial order: the files of a folder sorted, sub-folders after the files
    assert sources.index(str(mixed / "a-shared-id.yaml")) < sources.index(str(mixed / "nested" / "deeper" / "order-0.yaml"))


def test_session_file_compares_client_ids_within_each_file_only(mixed):
    report = json.loads(run("--jobs", "3", "--format", "json", str(mixed)).output)
    reuse = [r["source"] for r in report["results"] for d in r["diagnostics"] if d["code"] == "R204"]
    assert reuse == [str(mixed / "log.jsonl")]  # line-1 twice in the log; shared-1 in three files is not reuse


def test_session_run_with_jobs_equals_serial(mixed, pools):
    serial = run("--session", "run", "--jobs", "1", "--format", "json", str(mixed))
    several = run("--session", "run", "--jobs", "3", "--format", "json", str(mixed))
    assert pools == []  # one session in input order: checked serially
    assert several.output == serial.output and several.exit_code == serial.exit_code == 1
    reuse = {r["source"] for r in json.loads(several.output)["results"] for d in r["diagnostics"] if d["code"] == "R204"}
    assert str(mixed / "b-shared-id.json") in reuse  # shared-1 first taken in a-shared-id.yaml


def test_jsonl_and_stdin_stay_serial(mixed, pools):
    text = (mixed / "log.jsonl").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["check", "--now", NOW, "--jobs", "3", "--jsonl", "--format", "json", "-"], input=text)
    assert pools == [] and result.exit_code == 1
    assert run("--jobs", "3", "--jsonl", str(mixed / "log.jsonl"), str(mixed / "a-shared-id.yaml")).exit_code == 1
    assert pools == []


def test_default_jobs_is_the_machine_cores(mixed, pools, monkeypatch):
    assert parallel.default_jobs() == (os.cpu_count() or 1)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)  # as on a two-core machine
    default = run("--format", "concise", str(mixed))
    assert pools == [2]
    assert default.output == run("--jobs", "1", "--format", "concise", str(mixed)).output


def test_fewer_files_than_jobs_and_no_files(tmp_path, pools):
    one = tmp_path / "one.yaml"
    one.write_text(_yaml("x-1"), encoding="utf-8")
    assert run("--jobs", "8", str(one)).exit_code == 0 and pools == []  # one file: no pool to start
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run("--jobs", "8", str(empty))
    assert nothing.exit_code == 2 and "no order files found" in nothing.output


def test_an_error_in_a_worker_is_that_files_E099(mixed, monkeypatch, pools):
    serial = json.loads(run("--jobs", "1", "--format", "json", str(mixed)).output)["results"]
    real = run_module._lines_for_suppressions

    def failing(result):
        if result.source.endswith("a-shared-id.yaml"):
            raise RuntimeError("boom")
        return real(result)

    monkeypatch.setattr(run_module, "_lines_for_suppressions", failing)  # the forked workers inherit it
    report = run("--jobs", "3", "--format", "json", str(mixed))
    assert pools == [3] and report.exit_code == 2
    results = json.loads(report.output)["results"]
    broken = [r for r in results if any(d["code"] == "E099" for d in r["diagnostics"])]
    assert [r["source"] for r in broken] == [str(mixed / "a-shared-id.yaml")]
    assert "RuntimeError: boom" in broken[0]["diagnostics"][0]["message"]
    assert [r for r in results if r not in broken] == [r for r in serial if r["source"] != str(mixed / "a-shared-id.yaml")]


@pytest.mark.skipif(os.name != "posix", reason="a worker killed mid-run needs fork")
def test_a_dead_worker_costs_only_its_files(mixed, monkeypatch, pools):
    serial = json.loads(run("--jobs", "1", "--format", "json", str(mixed)).output)["results"]
    real = run_module._lines_for_suppressions

    def dying(result):
        if result.source.endswith("order-3.yaml"):
            os._exit(3)  # as the kernel's out-of-memory killer would
        return real(result)

    monkeypatch.setattr(run_module, "_lines_for_suppressions", dying)
    monkeypatch.setattr(parallel, "_chunk_size", lambda files, workers: 1)
    report = run("--jobs", "3", "--format", "json", str(mixed))
    assert report.exit_code == 2
    results = json.loads(report.output)["results"]
    dead = str(mixed / "nested" / "deeper" / "order-3.yaml")
    broken = [r["source"] for r in results if any(d["code"] == "E099" for d in r["diagnostics"])]
    assert broken == [dead]  # the files in flight with it were run again, one at a time, and kept their verdicts
    assert [r for r in results if r["source"] != dead] == [r for r in serial if r["source"] != dead]
    assert len(pools) >= 2  # a fresh pool for the rest


def test_help_says_what_runs_serially():
    text = CliRunner().invoke(cli.main, ["check", "--help"]).output
    assert "--jobs" in text and "--session run" in text and "serially" in text


# --- Validator pickling --------------------------------------------------------------------------------------

def _examples(validator: Validator) -> list[tuple[dict, str, str]]:
    out = []
    for rule in validator.rules:
        for example in rule.examples:
            for kind in ("bad", "good"):
                if isinstance(example.get(kind), dict):
                    out.append((example[kind], rule.venue, example.get("operation", rule.operations[0])))
    return out


def _verdicts(validator: Validator, cases) -> list:
    return [[d.to_dict() for d in validator.check(request, venue, operation, now=NOW).diagnostics] for request, venue, operation in cases]


def test_validator_pickles_and_the_copy_checks_the_same():
    original = Validator(strict=True)
    copy = pickle.loads(pickle.dumps(original))
    assert isinstance(copy, Validator) and copy is not original and copy.strict
    assert len(pickle.dumps(original)) < 10_000  # constructor arguments, not the compiled state
    cases = _examples(original)
    assert len(cases) > 100
    assert _verdicts(copy, cases) == _verdicts(original, cases)
    assert any(_verdicts(original, cases))


def test_a_pickled_validator_keeps_its_markets_and_data_dir():
    markets = default_markets()
    original = Validator(markets=markets, data_dir=ROOT)
    copy = pickle.loads(pickle.dumps(original))
    assert copy.markets is not markets and copy.markets.venues() == markets.venues()
    assert copy.markets._tables == markets._tables and copy.markets.provenance == markets.provenance
    assert sorted(copy.venues) == sorted(original.venues)
    request = _order("p-1", "50000.05")["order"]
    assert [d.code for d in copy.check(request, "kucoin", "add_order", now=NOW).diagnostics] == \
        [d.code for d in original.check(request, "kucoin", "add_order", now=NOW).diagnostics] == ["R101"]


# --- docs/scale.md -------------------------------------------------------------------------------------------

SCALE = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")


def test_scale_recipe_runs_with_dask_on_a_small_log(tmp_path, monkeypatch):
    pytest.importorskip("dask.bag")
    blocks = re.findall(r"```python\n(.*?)```", SCALE, flags=re.DOTALL)
    assert blocks, "docs/scale.md has a Python recipe"
    monkeypatch.chdir(tmp_path)
    orders = [_order(f"log-{n}", "50000.05" if n % 5 == 0 else "50000.1") for n in range(40)]
    orders[7]["order"]["clientOid"] = "log-6"  # reuse inside the log is not a per-request check: not reported
    lines = [json.dumps(o) for o in orders]
    lines[11] = '{"venue": "kucoin", "order": {"price": NaN'
    lines[13] = json.dumps({"venue": "kucoin", "operation": "cancel_order_by_order_id", "order": {"orderId": "1", "symbol": "BTC-USDT"}})
    Path("orders.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    namespace: dict = {"__name__": "scale_recipe"}
    exec(compile(blocks[0], "docs/scale.md", "exec"), namespace)  # noqa: S102 - our own docs
    found = namespace["rejected_orders"]("orders.jsonl", now=NOW, blocksize=300, scheduler="synchronous")
    assert namespace["db"].read_text("orders.jsonl", blocksize=300).npartitions > 1  # really partitioned
    expected = []
    validator = Validator()
    for number, line in enumerate(lines):
        try:
            doc = json.loads(line, parse_float=lambda text: __import__("decimal").Decimal(text))
        except ValueError:
            expected.append(number)
            continue
        if not validator.check(doc["order"], doc["venue"], doc["operation"], now=NOW).valid:
            expected.append(number)
    assert sorted(r["line"] - 1 for r in found) == expected  # 1-based line numbers
    assert {0, 5, 11} <= set(expected)
    by_line = {r["line"] - 1: r for r in found}
    assert by_line[5]["diagnostics"][0]["code"] == "R101" and by_line[11]["diagnostics"][0]["code"] == "P001"
