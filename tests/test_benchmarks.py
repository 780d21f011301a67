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
    assert report["W1"]["orderlint_us"] > 0 and report["W1"]["ratio_vs_python_jsonschema"] > 0
    assert report["W2"]["diagnostics_per_order"] >= 1
    assert report["W4"]["lines"] == report["W4"]["valid"] + report["W4"]["lines"] // 1000  # every line answered
    assert report["W4"]["peak_rss_mb"] > 0
    # the baselines are installed with the test extra, so every ratio is measured, none skipped
    assert report["W1"]["ratio_vs_sdk"] is not None and report["W3"]["ratio"] is not None
