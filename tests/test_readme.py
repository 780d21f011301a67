"""The README's examples work as pasted: every Python block runs, and the set-up commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_python_blocks_run_as_pasted(tmp_path, monkeypatch):
    """The blocks in order, in one interpreter session, as a reader pastes them one after the other."""
    from validator import OrderRejected

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # never the user's markets cache
    namespace: dict = {"__name__": "readme"}
    for number, block in enumerate(PYTHON_BLOCKS):
        try:
            exec(compile(block, f"README.md python block {number}", "exec"), namespace)  # noqa: S102 - our own docs
        except OrderRejected:  # an example may show a rejection by raising it
            pass


def test_there_is_a_python_example():
    assert PYTHON_BLOCKS and any("Validator" in b for b in PYTHON_BLOCKS)


def test_ci_runs_the_readme_test_command():
    setup = re.search(r"## Set up(.*?)\n## ", README, flags=re.S)
    assert setup, "README has a Set up section"
    commands = re.findall(r"```sh\n(.*?)\n```", setup.group(1), flags=re.S)
    assert len(commands) == 2, commands  # exactly two: the main job and the test suite
    main_job, tests = commands
    assert "orderlint check examples/" in main_job and "pip install ." in main_job
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]'" in tests and "pip install --quiet -e '.[test]'" in ci
    assert "python -m pytest" in tests and "python -m pytest" in ci
