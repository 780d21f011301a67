"""orderlint benchmarks W1-W4, each against a baseline measured in the same run.

    python benchmarks/run.py            # the full sizes (10,000 orders, 2,000 files, 1,000,000 lines)
    python benchmarks/run.py --quick    # tiny sizes: checks that every workload runs (used by the tests)

Baselines need the `bench` extra (`pip install -e '.[bench]'`): kucoin-universal-sdk for W1/W2 and
check-jsonschema for W3. A missing baseline is reported as skipped, never faked.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import workloads  # noqa: E402

from validator import Validator  # noqa: E402
from validator.resources import data_root  # noqa: E402

NOW = "2026-11-21T09:30:00Z"
MEMORY_BUDGET_MB = 150


def median_us(fn: t.Callable[[t.Any], t.Any], items: t.Sequence[t.Any], rounds: int = 3) -> float:
    """Median cost of one call in microseconds; the best of `rounds` passes after a warm-up pass."""
    for item in items[: min(len(items), 500)]:
        fn(item)
    best = float("inf")
    clock = time.perf_counter_ns
    for _ in range(rounds):
        costs = []
        for item in items:
            start = clock()
            fn(item)
            costs.append(clock() - start)
        best = min(best, statistics.median(costs) / 1000)
    return best


def _sdk_model() -> t.Any | None:
    try:
        with warnings.catch_warnings():  # the SDK's models use pydantic features pydantic now deprecates
            warnings.simplefilter("ignore", DeprecationWarning)
            from kucoin_universal_sdk.generate.spot.order.model_add_order_req import AddOrderReq
    except ImportError:
        return None
    return AddOrderReq


def _schema_only_validator() -> t.Any:
    """python-jsonschema with the project's own add_order schema (and its shared definitions), nothing else."""
    import jsonschema
    import referencing
    import referencing.jsonschema

    folder = data_root() / "schemas" / "kucoin"
    resources = []
    main = None
    for path in sorted(folder.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], referencing.Resource.from_contents(schema, default_specification=referencing.jsonschema.DRAFT202012)))
        if path.name == "add_order.json":
            main = schema
    return jsonschema.Draft202012Validator(main, registry=referencing.Registry().with_resources(resources))


def w1_w2(count: int, report: dict[str, t.Any]) -> None:
    validator = Validator()
    valid = workloads.orders("valid", count)
    invalid = workloads.orders("invalid", count)
    rejected_valid = [o for o in valid if not validator.check(o, "kucoin", "add_order", now=NOW).valid]
    if rejected_valid:
        raise SystemExit(f"benchmark bug: {len(rejected_valid)} 'valid' orders are rejected, e.g. {rejected_valid[0]}")
    silent = [o for o in invalid if not validator.check(o, "kucoin", "add_order", now=NOW).diagnostics]
    if silent:
        raise SystemExit(f"benchmark bug: {len(silent)} 'invalid' orders have no finding, e.g. {silent[0]}")

    check = lambda order: validator.check(order, "kucoin", "add_order", now=NOW)  # noqa: E731
    w1 = median_us(check, valid)
    schema_only = _schema_only_validator()
    baseline_jsonschema = median_us(schema_only.is_valid, valid)
    model = _sdk_model()
    baseline_sdk = None
    if model is not None:
        for order in valid:
            model.model_validate(order)  # every request is one the SDK itself accepts
        baseline_sdk = median_us(model.model_validate, valid)
    w2 = median_us(check, invalid)
    findings = sum(len(validator.check(o, "kucoin", "add_order", now=NOW).diagnostics) for o in invalid)
    report["W1"] = {"orders": count, "orderlint_us": w1, "sdk_model_validate_us": baseline_sdk,
                    "python_jsonschema_us": baseline_jsonschema,
                    "ratio_vs_sdk": w1 / baseline_sdk if baseline_sdk else None,
                    "ratio_vs_python_jsonschema": w1 / baseline_jsonschema}
    report["W2"] = {"orders": count, "orderlint_us": w2, "diagnostics_per_order": findings / count, "ratio_vs_W1": w2 / w1}


def _write_templates(folder: Path, count: int) -> list[Path]:
    paths = []
    for number, order in enumerate(workloads.orders("valid", count, seed=7)):
        lines = [f"# strategy template {number}"]
        for key, value in order.items():
            lines.append(f"{key}: {json.dumps(value)}")
        path = folder / f"order-{number:05d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _bundled_schema(target: Path) -> Path:
    """The add_order schema as one standard JSON Schema file: shared definitions copied in, no custom keyword."""
    from validator.schemas import standard_schema

    folder = data_root() / "schemas" / "kucoin"
    main = standard_schema(json.loads((folder / "add_order.json").read_text(encoding="utf-8")))
    shared = standard_schema(json.loads((folder / "defs.json").read_text(encoding="utf-8")))
    main.pop("$id", None)
    main["$defs"] = {**shared.get("$defs", {}), **main.get("$defs", {})}
    text = json.dumps(main).replace('"defs.json#/$defs/', '"#/$defs/')
    target.write_text(text, encoding="utf-8")
    return target


def _wall(cmd: list[str], **kwargs: t.Any) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    return time.perf_counter() - start, done


def w3(count: int, report: dict[str, t.Any]) -> None:
    orderlint = [sys.executable, "-m", "validator"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "templates"
        folder.mkdir()
        paths = _write_templates(folder, count)
        ours, done = _wall(orderlint + ["check", "--venue", "kucoin", "--operation", "add_order", "--now", NOW, str(folder)])
        if done.returncode != 0:
            raise SystemExit(f"benchmark bug: orderlint rejected the templates:\n{done.stdout.decode()[-2000:]}")
        entry: dict[str, t.Any] = {"files": count, "orderlint_s": ours}
        tool = shutil.which("check-jsonschema", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
        if tool:
            schema = _bundled_schema(Path(tmp) / "add_order.bundled.json")
            theirs, done = _wall([tool, "--schemafile", str(schema), *map(str, paths)])
            if done.returncode != 0:
                raise SystemExit(f"benchmark bug: check-jsonschema rejected the templates:\n{done.stdout.decode()[-2000:]}")
            entry.update(check_jsonschema_s=theirs, ratio=ours / theirs)
        else:
            entry.update(check_jsonschema_s=None, ratio=None)
        report["W3"] = entry


def _feed(stream: t.BinaryIO, count: int) -> None:
    """Write `count` JSON Lines (valid orders with a few broken lines among them), then close."""
    templates = [json.dumps({"venue": "kucoin", "operation": "add_order", "order": o}).encode() + b"\n"
                 for o in workloads.orders("valid", 1000, seed=11)]
    try:
        for number in range(count):
            if number % 1000 == 999:
                stream.write(b'{"venue": "kucoin", "operation": "add_order", "order": {"price": NaN\n')
                continue
            line = templates[number % len(templates)]
            # a fresh clientOid per line, so the session check sees no reuse
            stream.write(line.replace(b'"clientOid": "bench-', b'"clientOid": "w4-%d-' % number, 1))
    finally:
        stream.close()


def w4(count: int, report: dict[str, t.Any]) -> None:
    cmd = [sys.executable, "-m", "validator", "check", "--jsonl", "-", "--format", "json-lines", "--now", NOW]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    feeder = threading.Thread(target=_feed, args=(proc.stdin, count))
    feeder.start()
    results = valid = 0
    for line in proc.stdout:  # type: ignore[union-attr]
        if line.startswith(b'{"summary"'):  # the closing summary line is not a result
            continue
        results += 1
        valid += b'"valid":true' in line
    proc.stdout.close()  # type: ignore[union-attr]
    feeder.join()
    # wait4 gives this child's own peak memory (RUSAGE_CHILDREN would mix in every earlier child)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    if results != count:
        raise SystemExit(f"benchmark bug: {count} lines in, {results} results out")
    report["W4"] = {"lines": count, "seconds": elapsed, "lines_per_second": count / elapsed, "us_per_line": elapsed / count * 1e6,
                    "valid": valid, "peak_rss_mb": peak_mb, "ratio_memory_vs_budget": peak_mb / MEMORY_BUDGET_MB}


def _fmt(value: t.Any, unit: str = "") -> str:
    return "skipped (baseline not installed)" if value is None else f"{value:,.2f}{unit}"


def _row(label: str, value: str, ratio: str = "") -> None:
    print(f"      {label:<38} {value}" + (f"   {ratio}" if ratio else ""))


def print_report(report: dict[str, t.Any]) -> None:
    print(f"orderlint benchmarks  (Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs)")
    if "W1" in report:
        w = report["W1"]
        print(f"W1  {w['orders']:,} valid add_order requests through Validator.check (median per order)")
        _row("orderlint", _fmt(w["orderlint_us"], " us"))
        _row("kucoin-universal-sdk model_validate", _fmt(w["sdk_model_validate_us"], " us"), f"ratio {_fmt(w['ratio_vs_sdk'], 'x')}  (target <= 1.5x)")
        _row("python-jsonschema, schema alone", _fmt(w["python_jsonschema_us"], " us"),
             f"ratio {_fmt(w['ratio_vs_python_jsonschema'], 'x')}  (target < 1x)")
    if "W2" in report:
        w = report["W2"]
        print(f"W2  {w['orders']:,} requests with 1-3 violations, full diagnostics ({w['diagnostics_per_order']:.1f} per order)")
        _row("orderlint", _fmt(w["orderlint_us"], " us"), f"ratio to W1 {_fmt(w['ratio_vs_W1'], 'x')}  (target <= 5x)")
    if "W3" in report:
        w = report["W3"]
        print(f"W3  CLI over {w['files']:,} YAML template files (wall time, whole process)")
        _row("orderlint check", _fmt(w["orderlint_s"], " s"))
        _row("check-jsonschema --schemafile", _fmt(w["check_jsonschema_s"], " s"), f"ratio {_fmt(w['ratio'], 'x')}  (target <= 1x)")
    if "W4" in report:
        w = report["W4"]
        print(f"W4  {w['lines']:,} JSON Lines through `check --jsonl - --format json-lines`")
        _row("throughput", f"{w['lines_per_second']:,.0f} lines/s ({w['us_per_line']:.1f} us per line)")
        _row("peak memory", f"{w['peak_rss_mb']:.1f} MB",
             f"ratio to the {MEMORY_BUDGET_MB} MB budget {w['ratio_memory_vs_budget']:.2f}x  (target < 1x)")


def main(argv: list[str] | None = None) -> dict[str, t.Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check that every workload runs")
    parser.add_argument("--only", action="append", choices=["W1", "W2", "W3", "W4"], help="run only these workloads")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    orders, files, lines = (200, 20, 2000) if args.quick else (10_000, 2_000, 1_000_000)
    wanted = set(args.only or ["W1", "W2", "W3", "W4"])
    report: dict[str, t.Any] = {}
    if wanted & {"W1", "W2"}:
        w1_w2(orders, report)
    if "W3" in wanted:
        w3(files, report)
    if "W4" in wanted:
        w4(lines, report)
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
