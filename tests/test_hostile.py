"""Hostile and broken input: every document gets a verdict, in bounded time, and nothing is executed.

tests/hostile/ holds the corpus (with the seeds' own broken examples) and expected.yaml the
diagnostics each document must get; larger inputs are generated here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import deadline

from validator import Validator, rule_functions
from validator.cli import main
from validator.documents import check_document
from validator.limits import Limits
from validator.loading import load_file, load_text

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))["cases"]
NOW = "2026-11-21T09:30:00Z"
DEFAULT_LIMITS = Limits()


def verdicts(validator: Validator, path: Path, limits: Limits = DEFAULT_LIMITS) -> list:
    """Each document of a file checked within the deadline, in one session, as the CLI does."""
    session = validator.session(clock=lambda: NOW)
    with deadline():
        documents = load_file(path, limits)
    results = []
    for doc in documents:
        with deadline():
            results.append(check_document(validator, doc, now=NOW, session=session))
    return results


def test_corpus_and_expectations_match():
    files = {p.name for p in HOSTILE.iterdir() if p.name != "expected.yaml"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_corpus(name, validator):
    results = verdicts(validator, HOSTILE / name)
    got = [[[d.code, d.pointer, d.line, d.column, d.severity] for d in r.diagnostics] for r in results]
    assert got == EXPECTED[name]["documents"], [[d.message for d in r.diagnostics] for r in results]
    for result in results:
        json.dumps(result.to_dict())  # every verdict can be reported as JSON


def test_unsafe_tags_are_never_executed(validator, tmp_path):
    marker = tmp_path / "pwned"
    text = f'venue: kucoin\noperation: add_order\norder: !!python/object/apply:os.system ["touch {marker}"]\n'
    [result] = [check_document(validator, doc) for doc in load_text(text, "<t>")]
    assert [d.code for d in result.diagnostics] == ["P005"]
    assert not marker.exists()


# -- generated inputs: sizes and shapes too big to keep in the repository ---------------------------

ORDER = 'venue: kucoin\noperation: add_order\norder:\n  symbol: BTC-USDT\n  side: buy\n  type: limit\n  price: "50000"\n  size: "0.001"\n'


def test_file_over_the_size_cap(validator, tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(ORDER + "# padding\n" * 2000)
    [result] = verdicts(validator, path, Limits(max_bytes=4096))
    assert [(d.code, d.line) for d in result.diagnostics] == [("P009", 1)]
    assert verdicts(validator, path)[0].valid  # under the default cap it is an ordinary order


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_long_strings(validator, tmp_path, suffix):
    path = tmp_path / f"long{suffix}"
    remark = "x" * 70_000
    order = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001", "remark": remark}
    path.write_text(json.dumps({"venue": "kucoin", "operation": "add_order", "order": order}))
    [result] = verdicts(validator, path)
    assert [(d.code, d.pointer) for d in result.diagnostics] == [("P010", "/remark")]
    [result] = verdicts(validator, path, Limits(max_string=100_000))  # a looser cap: the schema's own limit speaks
    assert [(d.code, d.pointer) for d in result.diagnostics] == [("S007", "/remark")]
    assert "70000 characters long" in result.diagnostics[0].message


def _block_ladder(depth: int) -> str:
    """Block mappings inside block sequence items, two levels per line: at least `depth` levels."""
    lines = [" " * (2 * level) + ("- " if level else "") + f"k{level}:" for level in range(depth // 2 + 1)]
    return "\n".join(lines) + "\n" + " " * (depth + 2) + "- end\n"


@pytest.mark.parametrize("depth", [65, 2_000, 10_000, 200_000])
def test_deep_nesting_is_a_diagnostic(validator, tmp_path, depth):
    cases = [(".json", "[" * depth + "]" * depth), (".yaml", "[" * depth + "]" * depth), (".yaml", "- " * depth + "x\n")]
    if depth <= 2_000:  # a ladder's size grows with the square of its depth
        cases.append((".yaml", _block_ladder(depth)))
    for suffix, text in cases:
        path = tmp_path / f"deep{suffix}"
        path.write_text(text)
        [result] = verdicts(validator, path)
        assert [d.code for d in result.diagnostics] == ["P006"]


def test_caps_are_configurable(validator, tmp_path):
    path = tmp_path / "nested.yaml"
    path.write_text(ORDER + "  tags: [[[[1]]]]\n")
    assert "P006" not in [d.code for d in verdicts(validator, path)[0].diagnostics]
    assert [d.code for d in verdicts(validator, path, Limits(max_depth=3))[0].diagnostics] == ["P006"]
    assert [d.code for d in verdicts(validator, path, Limits(max_nodes=5))[0].diagnostics] == ["P006"]
    with pytest.raises(ValueError):
        Limits(max_depth=0)


def test_cli_caps(tmp_path):
    path = tmp_path / "order.yaml"
    path.write_text(ORDER + "  remark: abcdefghij\n")
    runner = CliRunner()
    assert runner.invoke(main, ["check", "--now", NOW, str(path)]).exit_code == 0
    for flags, code in ((["--max-file-size", "50"], "P009"), (["--max-string-length", "9"], "P010"),
                        (["--max-depth", "1"], "P006"), (["--max-nodes", "3"], "P006")):
        result = runner.invoke(main, ["check", "--now", NOW, "--format", "json", *flags, str(path)])
        assert result.exit_code == 1, (flags, result.output)
        assert [d["code"] for d in json.loads(result.output)["results"][0]["diagnostics"]] == [code], flags
    assert runner.invoke(main, ["check", "--max-depth", "0", str(path)]).exit_code == 2


def test_many_documents_in_one_stream(validator, tmp_path):
    path = tmp_path / "stream.yaml"
    docs = [ORDER.replace('"50000"', f'"{50000 + n}"') for n in range(2000)]
    docs[700] = "order: [unterminated\n"
    path.write_text("---\n".join(docs))
    results = verdicts(validator, path)
    assert len(results) == 2000
    assert [n for n, r in enumerate(results) if not r.valid] == [700]


# -- no lost verdicts ---------------------------------------------------------------------------------

@pytest.fixture()
def broken_rule(monkeypatch) -> Validator:
    """A Validator whose `compare` check (visibleSize <= size) crashes on clientOid "boom"."""
    original = rule_functions.BUILDERS["compare"]

    def build(opts):
        spec = original(opts)
        inner = spec.run

        def run(obj, base, ctx):
            if obj.get("clientOid") == "boom":
                raise ZeroDivisionError("simulated bug")
            return inner(obj, base, ctx)

        spec.run = run
        return spec

    monkeypatch.setitem(rule_functions.BUILDERS, "compare", build)
    return Validator()


def order(oid: str, price: str = "50000") -> dict:
    """An iceberg order, so that the visibleSize <= size check (the one made to crash) runs."""
    return {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": price, "size": "0.001", "clientOid": oid,
            "iceberg": True, "visibleSize": "0.0005"}


def test_internal_error_in_a_rule_costs_only_that_order(broken_rule):
    results = broken_rule.check_many([order("a"), order("boom", "50000.05"), order("c")], "kucoin", "add_order", now=NOW)
    assert [r.valid for r in results] == [True, False, True]
    codes = [d.code for d in results[1].diagnostics]
    assert "E099" in codes and "R101" in codes  # the other rules still ran on the broken order
    [e099] = [d for d in results[1].diagnostics if d.code == "E099"]
    assert "kucoin/visible-size-at-most-size" in e099.message and "simulated bug" in e099.message


def test_internal_error_in_files_and_streams(broken_rule, tmp_path):
    # the crashing order is also off the tick, so that it takes the interpreter (where the simulated bug is)
    # rather than the generated accept lane
    def bad(oid: str) -> dict:
        return order(oid, "50000.05" if oid == "boom" else "50000")

    for n, oid in enumerate(["a", "boom", "c"]):
        (tmp_path / f"{n}.json").write_text(json.dumps({"venue": "kucoin", "operation": "add_order", "order": bad(oid)}))
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--format", "json", "--now", NOW, str(tmp_path)])
    report = json.loads(result.output)
    assert [r["valid"] for r in report["results"]] == [True, False, True]
    assert {"E099", "R101"} <= {d["code"] for d in report["results"][1]["diagnostics"]}
    assert result.exit_code == 2  # orderlint failed on one document: the run says so, after every verdict
    lines = "\n".join(json.dumps({"venue": "kucoin", "operation": "add_order", "order": bad(oid)}) for oid in ["x", "boom", "y", "boom2"])
    result = runner.invoke(main, ["check", "--jsonl", "-", "--format", "json-lines", "--now", NOW], input=lines + "\n")
    results = [json.loads(line) for line in result.output.splitlines()]
    assert "summary" in results[-1]  # json-lines closes with a summary line
    assert [r["valid"] for r in results[:-1]] == [True, False, True, True]
    assert result.exit_code == 2


def test_reader_crash_costs_only_that_file(monkeypatch, tmp_path):
    import validator.cli as cli
    import validator.inputs as inputs

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(ORDER)
    real = inputs.load_file

    def flaky(path, limits):
        if str(path).endswith("b.yaml"):
            raise MemoryError("simulated")
        return real(path, limits)

    monkeypatch.setattr(inputs, "load_file", flaky)  # the reader the CLI uses (read_inputs)
    monkeypatch.setattr(cli, "load_file", flaky, raising=False)  # while the CLI still reads on its own
    result = CliRunner().invoke(main, ["check", "--format", "json", "--now", NOW, str(tmp_path)])
    report = json.loads(result.output)
    assert [(Path(r["source"]).name, r["valid"]) for r in report["results"]] == [("a.yaml", True), ("b.yaml", False), ("c.yaml", True)]
    assert report["results"][1]["diagnostics"][0]["code"] == "E099"
    assert result.exit_code == 2


def test_whole_corpus_through_the_cli():
    result = CliRunner().invoke(main, ["check", "--format", "json", "--now", NOW, str(HOSTILE)])
    report = json.loads(result.output)
    expected = sum(len(case["documents"]) for name, case in EXPECTED.items()
                   if Path(name).suffix in (".yaml", ".json", ".jsonl"))
    by_source = {}
    for r in report["results"]:
        by_source.setdefault(Path(r["source"]).name, []).append(r)
    assert [d["code"] for r in by_source.pop("expected.yaml") for d in r["diagnostics"]] == ["E003"]  # walked too: not an order
    assert sum(len(rs) for rs in by_source.values()) == expected
    assert result.exit_code == 1


def test_deeply_nested_objects_from_callers(validator):
    nested: list = []
    cursor = nested
    for _ in range(200_000):
        cursor.append([])
        cursor = cursor[0]
    for request in ({"symbol": nested}, {"orderList": nested}, nested):
        for operation in ("add_order", "batch_add_orders"):
            with deadline():
                result = validator.check(request, "kucoin", operation, now=NOW)
            assert not result.valid
            assert "E099" not in [d.code for d in result.diagnostics], result.diagnostics
