"""The shipped examples do what their folder says: every document under examples/valid is accepted, and every
file under examples/rejected holds rejected documents (broken.yaml keeps one valid document between broken ones,
to show that it still gets its verdict)."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator import Validator
from validator.documents import check_document
from validator.loading import load_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VALID = sorted(p for p in (EXAMPLES / "valid").iterdir() if p.suffix in (".yaml", ".yml", ".json", ".jsonl"))
REJECTED = sorted(p for p in (EXAMPLES / "rejected").iterdir() if p.suffix in (".yaml", ".yml", ".json", ".jsonl"))


def _results(validator: Validator, path: Path):
    session = validator.session()  # as `orderlint check` runs a file: one session per file
    return [check_document(validator, doc, session=session) for doc in load_file(path)]


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_examples_are_accepted(validator: Validator, path: Path):
    results = _results(validator, path)
    assert results
    for number, result in enumerate(results, start=1):
        assert result.valid, (path.name, number, [(d.code, d.message) for d in result.diagnostics])


@pytest.mark.parametrize("path", REJECTED, ids=[p.name for p in REJECTED])
def test_rejected_examples_are_rejected(validator: Validator, path: Path):
    results = _results(validator, path)
    silent = [number for number, result in enumerate(results, start=1) if not result.diagnostics]
    assert results and not all(r.valid for r in results)
    assert len(silent) <= (1 if path.name == "broken.yaml" else 0), (path.name, silent)
