"""Reading inputs: folder walks (.gitignore, default and extra excludes, special files), stdin, per-input errors."""

from __future__ import annotations

import io
import os
import typing as t
from pathlib import Path

import pytest

from validator import inputs
from validator.ignore_rules import parse_lines, parse_pattern
from validator.inputs import InputStats, read_inputs
from validator.loading import expand_paths

ORDER = "venue: kucoin\noperation: spot.order.place\norder: {symbol: BTC-USDT}\n"


def _tree(root: Path, files: t.Sequence[str], content: str = ORDER) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if not name.endswith(("pyvenv.cfg", ".gitignore")) else "")


def _rel(root: Path, paths: t.Iterable[str]) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_default_excludes_skip_tool_folders(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.yaml", "node_modules/x.yaml", ".venv/x.yaml", "venv/x.json", "__pycache__/x.yaml", ".git/x.yaml",
                     ".tox/x.yaml", "build/x.yaml", "dist/x.yaml", "env1/pyvenv.cfg", "env1/x.yaml", "sub/b.jsonl", "sub/c.txt"])
    assert _rel(tmp_path, expand_paths([str(tmp_path)])) == ["a.yaml", "sub/b.jsonl"]


@pytest.mark.parametrize(("ignore", "kept"), [
    ("*.json\n", ["a.yaml", "sub/a.yaml", "sub/d.yaml"]),
    ("# comment\n\nsub/\n", ["a.yaml", "b.json"]),
    ("/a.yaml\n", ["b.json", "sub/a.yaml", "sub/d.yaml"]),
    ("*.yaml\n!d.yaml\n", ["b.json", "sub/d.yaml"]),
    ("sub/**/*.yaml\n", ["a.yaml", "b.json"]),
    ("[ab].*\n", ["sub/d.yaml"]),
])
def test_gitignore_is_honoured(tmp_path: Path, ignore: str, kept: list[str]) -> None:
    _tree(tmp_path, ["a.yaml", "b.json", "sub/a.yaml", "sub/d.yaml"])
    (tmp_path / ".gitignore").write_text(ignore)
    assert _rel(tmp_path, expand_paths([str(tmp_path)])) == kept
    assert len(_rel(tmp_path, expand_paths([str(tmp_path)], respect_gitignore=False))) == 4


def test_nested_gitignore_applies_below_its_folder(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.yaml", "sub/a.yaml", "sub/b.yaml"])
    (tmp_path / "sub" / ".gitignore").write_text("a.yaml\n")
    assert _rel(tmp_path, expand_paths([str(tmp_path)])) == ["a.yaml", "sub/b.yaml"]


def test_extra_exclude_globs(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.yaml", "drafts/b.yaml", "c.draft.json"])
    kept = _rel(tmp_path, expand_paths([str(tmp_path)], exclude=["drafts/", "*.draft.*"]))
    assert kept == ["a.yaml"]


def test_named_files_are_always_checked(tmp_path: Path) -> None:
    _tree(tmp_path, ["build/x.yaml", "ignored.yaml"])
    (tmp_path / ".gitignore").write_text("ignored.yaml\n")
    named = [str(tmp_path / "build" / "x.yaml"), str(tmp_path / "ignored.yaml")]
    assert list(expand_paths(named, exclude=["*.yaml"])) == named
    assert list(expand_paths([str(tmp_path)])) == []


@pytest.mark.parametrize(("line", "path", "matches"), [
    ("*.yaml", "a/b.yaml", True), ("/*.yaml", "a/b.yaml", False), ("a/*.yaml", "a/b.yaml", True),
    ("a/*.yaml", "x/a/b.yaml", False), ("**/b.yaml", "x/y/b.yaml", True), ("a/**", "a/x/y", True),
    ("b?.yaml", "b1.yaml", True), ("b?.yaml", "b12.yaml", False), ("[!x].json", "y.json", True),
    ("[!x].json", "x.json", False), ("\\#x", "#x", True), ("a\\*", "a*", True), ("a\\*", "ab", False),
])
def test_gitwildmatch_subset(line: str, path: str, matches: bool) -> None:
    pattern = parse_pattern(line)
    assert pattern is not None
    assert bool(pattern.regex.match(path)) is matches


def test_comments_and_blanks_are_no_patterns() -> None:
    assert parse_lines(["", "# x", "   "]) == []
    negated = parse_pattern("!keep.yaml")
    assert negated is not None and negated.negated


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_in_a_folder_is_skipped_with_a_note_never_opened(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.yaml"])
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it would block forever
    notes: list[str] = []
    stats = InputStats()
    docs = list(read_inputs([str(tmp_path)], note=notes.append, stats=stats))
    assert [Path(d.source).name for d in docs] == ["a.yaml"]
    assert len(notes) == 1 and "pipe.yaml" in notes[0] and "not a regular file" in notes[0]
    assert (stats.inputs, stats.documents, stats.skipped) == (1, 1, 1)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions are not enforced for root")
def test_unreadable_sub_folder_gets_a_p009_document(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.yaml", "locked/b.yaml"])
    (tmp_path / "locked").chmod(0)
    try:
        docs = list(read_inputs([str(tmp_path)]))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert [d.problems[0].code if d.problems else None for d in docs] == [None, "P009"]
    assert docs[1].source.endswith("locked")


def test_unreadable_sub_folder_reported_via_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, ["a.yaml", "locked/b.yaml"])
    real = os.scandir

    def scandir(path: t.Any) -> t.Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs = list(read_inputs([str(tmp_path)]))
    assert len(docs) == 2 and docs[0].ok
    assert docs[1].problems[0].code == "P009" and "Permission denied" in docs[1].problems[0].message


def test_stdin_documents_and_jsonl() -> None:
    docs = list(read_inputs(["-"], stdin=io.BytesIO(ORDER.encode() + b"---\n" + ORDER.encode())))
    assert [(d.source, d.index, d.ok) for d in docs] == [("<stdin>", 0, True), ("<stdin>", 1, True)]
    lines = b'{"venue": "kucoin", "order": {}}\n\n{"venue": "kucoin", "order": {}}\n'
    docs = list(read_inputs(["-"], jsonl=True, stdin=io.BytesIO(lines)))
    assert [d.index for d in docs] == [0, 1] and all(d.ok for d in docs)


def test_reader_bug_costs_only_that_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, ["a.yaml", "b.yaml"])
    real = inputs.load_file

    def broken(path: t.Any, limits: t.Any) -> t.Any:
        if str(path).endswith("a.yaml"):
            raise RuntimeError("boom")
        return real(path, limits)

    monkeypatch.setattr(inputs, "load_file", broken)
    docs = list(read_inputs([str(tmp_path)]))
    assert [d.problems[0].code if d.problems else "ok" for d in docs] == ["E099", "ok"]
    assert "boom" in docs[0].problems[0].message


def test_no_order_files_found_is_countable(tmp_path: Path) -> None:
    _tree(tmp_path, ["notes.txt", "node_modules/x.yaml"])
    stats = InputStats()
    assert list(read_inputs([str(tmp_path)], stats=stats)) == []
    assert stats.inputs == 0 and stats.documents == 0


def test_missing_named_file_is_one_p009_document(tmp_path: Path) -> None:
    docs = list(read_inputs([str(tmp_path / "gone.yaml"), str(tmp_path / "gone.jsonl")]))
    assert [d.problems[0].code for d in docs] == ["P009", "P009"]
