"""Data-driven cases: tests/cases/<name>/ holds an input file and expected.yaml; adding a case is adding files.

expected.yaml lists, per document, the diagnostics as [code, pointer, line, column] (severity optional),
in report order, and optionally the flags to run with (venue, operation, now, strict, markets).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from validator import Validator, load_markets
from validator.documents import check_document
from validator.loading import load_file

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.yaml").exists())


@pytest.mark.parametrize("name", NAMES)
def test_case(name):
    folder = CASES / name
    expected = yaml.safe_load((folder / "expected.yaml").read_text())
    flags = expected.get("flags", {})
    inputs = [p for p in folder.iterdir() if p.name != "expected.yaml" and not p.name.startswith("markets")]
    assert len(inputs) == 1, inputs
    markets = load_markets(*(folder / m for m in flags.get("markets", []))) if flags.get("markets") else None
    validator = Validator(markets=markets, strict=flags.get("strict", False))
    results = [check_document(validator, doc, venue=flags.get("venue"), operation=flags.get("operation"),
                              now=flags.get("now", "2026-11-21T09:30:00Z"))
               for doc in load_file(inputs[0])]
    got = [[[d.code, d.pointer, d.line, d.column] for d in r.diagnostics] for r in results]
    want = [[entry[:4] for entry in doc] for doc in expected["documents"]]
    assert got == want, "\n".join(f"doc {i}: {[d.message for d in r.diagnostics]}" for i, r in enumerate(results))
    for r, doc in zip(results, expected["documents"]):
        for d, entry in zip(r.diagnostics, doc):
            if len(entry) > 4:
                assert d.severity == entry[4], d
