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
    assert hook["entry"].split()[:2] == ["orderlint", "check"]
    assert all(word in _options() for word in hook["entry"].split()[2:])
    pattern = re.compile(hook["files"])
    for name in ("a.yaml", "b.yml", "c.json", "d.jsonl", "e.ndjson"):
        assert pattern.search(name), name
    assert not pattern.search("notes.txt")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (ROOT / "docs" / "ci.md").read_text(encoding="utf-8"), re.S)


def _words(command: str) -> list[str]:
    return shlex.split(command.split("||")[0])


def test_ci_snippets_parse_and_name_real_options():
    workflows = [yaml.safe_load(b) for b in _blocks("yaml") if "jobs" in b]
    assert len(workflows) == 1
    workflow = workflows[0]
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["orders"]["steps"]
    runs = [step["run"] for step in steps if step.get("run", "").startswith("orderlint ")]
    assert len(runs) == 2
    known = _options()
    for command in runs:
        words = _words(command)
        assert words[:2] == ["orderlint", "check"]
        for word in words[2:]:
            if word.startswith("-"):
                assert word in known, word
    sarif_run = next(_words(r) for r in runs if "sarif" in r)
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["if"] == "always()" and upload["with"]["sarif_file"] == sarif_run[sarif_run.index("--output-file") + 1]
    assert steps.index(upload) > next(i for i, s in enumerate(steps) if "sarif" in s.get("run", ""))
    hooks = next(yaml.safe_load(b) for b in _blocks("yaml") if "repos" in b)["repos"][0]["hooks"]
    assert hooks[0]["id"] == "orderlint" and all(a in known for a in hooks[0]["args"] if a.startswith("-"))


def test_documented_workflow_commands_give_sarif_and_annotations(tmp_path, monkeypatch):
    """Run the workflow's orderlint steps as written (orders/ holding one clean and one rejected order)."""
    import json

    import jsonschema
    from click.testing import CliRunner

    from validator.cli import main

    workflow = next(yaml.safe_load(b) for b in _blocks("yaml") if "jobs" in b)
    runs = [step["run"] for step in workflow["jobs"]["orders"]["steps"] if step.get("run", "").startswith("orderlint ")]
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "good.yaml").write_text((ROOT / "examples/valid/limit-buy.yaml").read_text(encoding="utf-8"))
    (tmp_path / "orders" / "bad.yaml").write_text((ROOT / "examples/rejected/increments-and-bounds.yaml").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    outcomes = []
    for command in runs:
        result = CliRunner().invoke(main, _words(command)[1:], env={"GITHUB_ACTIONS": "true"}, catch_exceptions=False)
        outcomes.append(result)
    sarif_step, annotate_step = (outcomes[0], outcomes[1]) if "sarif" in runs[0] else (outcomes[1], outcomes[0])
    assert sarif_step.exit_code == 1  # `|| true` in the workflow keeps the job going to the upload
    log = json.loads((tmp_path / "orderlint.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, json.loads((ROOT / "tests/data/sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8")))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"orders/bad.yaml"}  # repository-relative, as code scanning needs
    assert annotate_step.exit_code == 1
    lines = [line for line in annotate_step.output.splitlines() if line.startswith("::")]
    assert lines and all(line.startswith("::error file=orders/bad.yaml,line=") for line in lines)
    assert "::error file=orders/bad.yaml,line=8,col=10,endLine=8,endColumn=20,title=orderlint R101 (price-increment)::" in lines[0]


def test_documented_configuration_is_valid(tmp_path):
    from validator import config as configuration

    block = next(b for b in _blocks("toml"))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "kucoin-symbols.json").write_text((ROOT / "tests/data/markets/kucoin_symbols.json").read_text(encoding="utf-8"))
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    loaded = configuration.load(tmp_path / "pyproject.toml")
    assert loaded.fail_on == "warning" and loaded.exclude and loaded.per_file_ignores and len(loaded.placeholders) == 2


# ---- the hook, end to end with `pre-commit try-repo` ---------------------------------------------------------------

HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
HOOK_FOLDERS = ("validator", "schemas", "rules", "markets")


def _hook_repo() -> Path:
    """A committed copy of this working tree (uncommitted and new files included), at a path and commit that only
    change when the tree does, so pre-commit's cached hook environment is reused across runs."""
    import hashlib
    import os
    import shutil
    import subprocess
    import tempfile

    files = [ROOT / name for name in HOOK_FILES]
    for folder in HOOK_FOLDERS:
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
                        and not p.name.endswith((".pyc", ".orig", ".rej")) and not p.name.startswith(".#"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    repo = Path(tempfile.gettempdir()) / f"orderlint-hook-{digest.hexdigest()[:16]}"
    if (repo / ".git" / "orderlint-ready").exists():
        return repo
    for stale in Path(tempfile.gettempdir()).glob("orderlint-hook-*"):  # earlier trees' copies and hook environments
        shutil.rmtree(stale, ignore_errors=True)
    for path in files:
        target = repo / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
           "GIT_AUTHOR_NAME": "orderlint tests", "GIT_AUTHOR_EMAIL": "tests@invalid", "GIT_COMMITTER_NAME": "orderlint tests",
           "GIT_COMMITTER_EMAIL": "tests@invalid"}
    for command in (["git", "init", "-q", "."], ["git", "add", "-A"], ["git", "commit", "-q", "--no-gpg-sign", "-m", "hook under test"]):
        subprocess.run(command, cwd=repo, env=env, check=True, capture_output=True)
    (repo / ".git" / "orderlint-ready").write_text("", encoding="utf-8")
    return repo


def test_pre_commit_try_repo_runs_the_hook(tmp_path):
    import shutil
    import subprocess

    import pytest

    if shutil.which("git") is None or shutil.which("pre-commit") is None:
        pytest.skip("pre-commit or git is not installed (pip install -e '.[test]' installs pre-commit)")
    try:
        repo = _hook_repo()
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"no git repository for the hook could be made: {exc}")
    target = tmp_path / "strategy"
    (target / "orders" / "drafts").mkdir(parents=True)
    good = (ROOT / "examples" / "valid" / "limit-buy.yaml").read_text(encoding="utf-8")
    bad = (ROOT / "examples" / "rejected" / "increments-and-bounds.yaml").read_text(encoding="utf-8")
    (target / "orders" / "good.yaml").write_text(good, encoding="utf-8")
    (target / "orders" / "drafts" / "wip.yaml").write_text(bad, encoding="utf-8")
    (target / "pyproject.toml").write_text('[tool.orderlint]\nexclude = ["orders/drafts/"]\n', encoding="utf-8")
    subprocess.run(["git", "init", "-q", "."], cwd=target, check=True, capture_output=True)

    import os

    env = {**os.environ, "PRE_COMMIT_HOME": str(repo / ".git" / "pre-commit-home")}  # removed with the copy

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pre-commit", "try-repo", str(repo), "orderlint", "--files", *files], cwd=target,
                              capture_output=True, text=True, timeout=900, env=env)

    passed = try_repo("orders/good.yaml", "orders/drafts/wip.yaml")  # the draft is excluded by the configuration
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "orderlint" in passed.stdout and "Passed" in passed.stdout
    (target / "orders" / "bad.yaml").write_text(bad, encoding="utf-8")
    failed = try_repo("orders/good.yaml", "orders/bad.yaml")
    assert failed.returncode == 1 and "Failed" in failed.stdout
    assert "orders/bad.yaml:8:10: R101 [error]" in failed.stdout
