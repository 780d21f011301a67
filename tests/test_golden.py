"""Golden tests: every output format, and configuration discovery and errors, compared byte for byte.

The inputs (tests/golden/inputs/, tests/golden/config/<case>/) are checked against the fixture venue in
tests/golden/data/, so the goldens change only when orderlint's output does. After an intended change:

    ORDERLINT_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py

and review `git diff tests/golden/` (see tests/golden/README.md).
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

import validator.cli as cli
from validator import Validator

GOLDEN = Path(__file__).parent / "golden"
DATA = GOLDEN / "data"
EXPECTED = GOLDEN / "expected"
REGEN = bool(os.environ.get("ORDERLINT_REGEN_GOLDEN"))
INPUTS = ["orders.yaml", "requests.json", "broken.yaml"]
NOW = ["--now", "2026-01-01T00:00:00Z"]

FORMATS = {
    "full": ["--format", "full", "--no-color"],
    "full-color": ["--format", "full", "--color"],
    "concise": ["--format", "concise"],
    "concise-statistics": ["--format", "concise", "--statistics"],
    "text": ["--format", "text", "--no-color"],
    "json": ["--format", "json"],
    "json-lines": ["--format", "json-lines"],
    "github": ["--format", "github"],
    "sarif": ["--format", "sarif"],
    "junit": ["--format", "junit"],
    "junit-fail-on-warning": ["--format", "junit", "--fail-on", "warning"],
}
SUFFIX = {"json": ".json", "sarif": ".sarif", "junit": ".xml", "junit-fail-on-warning": ".xml"}


@pytest.fixture
def fixture_venue(monkeypatch):
    """The CLI's validator reads the fixture venue instead of the shipped data."""
    def build(markets, strict):
        from validator.markets import load_markets

        return Validator(markets=load_markets(*markets) if markets else None, strict=strict, data_dir=DATA)

    monkeypatch.setattr(cli, "_validator", build)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def compare(path: Path, actual: str) -> None:
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: ORDERLINT_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path} (regenerate with ORDERLINT_REGEN_GOLDEN=1 if intended)"


def invoke(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, args, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_output_format(name, fixture_venue, monkeypatch):
    monkeypatch.chdir(GOLDEN / "inputs")
    code, output = invoke(["check", "--isolated", *NOW, *FORMATS[name], *INPUTS])
    assert code == 1
    compare(EXPECTED / f"{name}{SUFFIX.get(name, '.txt')}", output)


@pytest.mark.parametrize("case", sorted(p.name for p in (GOLDEN / "config").iterdir() if p.is_dir()))
def test_configuration(case, fixture_venue, monkeypatch):
    """Each case folder: `args` (the folder to run in, then the command line) and the files it needs; the expected
    output (standard output and error, after an `exit: N` line) is `expected.txt` beside them."""
    folder = GOLDEN / "config" / case
    where, command = (folder / "args").read_text(encoding="utf-8").splitlines()[:2]
    monkeypatch.chdir(folder / where)
    code, output = invoke([*shlex.split(command), *NOW])
    compare(folder / "expected.txt", f"exit: {code}\n{output}")


def test_golden_inputs_cover_every_format():
    assert set(cli.FORMATS) <= {args[1] for args in FORMATS.values()}
