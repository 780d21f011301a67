"""The benchmark script runs every workload end to end (tiny sizes: a smoke test, not a timing)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).parent.parent / "benchmarks" / "run.py"


def test_every_workload_runs_and_reports_ratios(capsys):
    spec = importlib.util.spec_from_file_location("orderlint_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["orderlint_bench"] = module
    spec.loader.exec_module(module)
    report = module.main(["--quick"])
    out = capsys.readouterr().out
    for workload in ("W1", "W2", "W3", "W4"):
        assert workload in report and f"{workload} " in out
    w1 = report["W1"]
    assert w1["orderlint_us"] > 0 and w1["vs_python_jsonschema"]["ratio"]["median"] > 0
    for figures in (w1["vs_sdk"], w1["vs_python_jsonschema"], report["W2"]["vs_W1"], report["W3"]["vs_check_jsonschema"]):
        # the baselines are installed with the test extra, so every ratio is measured, none skipped
        assert figures is not None and figures["ratio"]["rounds"] >= 1
        assert figures["ratio"]["min"] <= figures["ratio"]["median"] <= figures["ratio"]["max"]
    assert report["W2"]["diagnostics_per_order"] >= 1
    assert report["W4"]["lines"] == report["W4"]["valid"] + report["W4"]["lines"] // 1000  # every line answered
    assert report["W4"]["peak_rss_mb"] > 0
    assert "range" in out and "rounds" in out


def test_interleaving_alternates_who_goes_first():
    spec = importlib.util.spec_from_file_location("orderlint_bench2", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["orderlint_bench2"] = module
    spec.loader.exec_module(module)
    calls: list[str] = []
    ours = lambda: calls.append("a") or 2.0  # noqa: E731
    theirs = lambda: calls.append("b") or 1.0  # noqa: E731
    figures = module.interleaved(ours, theirs, 4)
    assert calls == ["a", "b", "a", "b", "b", "a", "a", "b", "b", "a"]  # warm-up, then alternating order
    assert figures["ratio"] == {"median": 2.0, "min": 2.0, "max": 2.0, "rounds": 4}
