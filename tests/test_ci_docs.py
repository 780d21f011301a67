"""The pre-commit manifest and the CI examples in docs/ci.md: they parse and name real options."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from validator.cli import check

ROOT = Path(__file__).parent.parent


def _options() -> set[str]:
    return {name for param in check.params for name in getattr(param, "opts", [])}


def test_pre_commit_manifest_structure():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert {"id", "name", "entry", "language"} <= set(hook) and hook["id"] == "orderlint"
    assert hook["entry"] == "orderlint check"
    pattern = re.compile(hook["files"])
    for name in ("a.yaml", "b.yml", "c.json", "d.jsonl", "e.ndjson"):
        assert pattern.search(name), name
    assert not pattern.search("notes.txt")


def test_ci_snippets_parse_and_name_real_options():
    text = (ROOT / "docs" / "ci.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    workflow = yaml.safe_load(blocks[0])
    runs = [step["run"] for step in workflow["jobs"]["orders"]["steps"] if "run" in step and "orderlint" in step["run"]]
    assert runs
    known = _options()
    for command in runs:
        for word in shlex.split(command)[2:]:
            if word.startswith("-"):
                assert word in known, word
    hooks = yaml.safe_load(blocks[1])["repos"][0]["hooks"]
    assert hooks[0]["id"] == "orderlint" and all(a in known for a in hooks[0]["args"] if a.startswith("-"))
