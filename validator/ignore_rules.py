"""The .gitignore pattern language (the part order folders use), for walking folders."""

from __future__ import annotations

import dataclasses
import os
import re
import typing as t

# Folders never walked into (tool and environment folders, as linters skip them by default).
DEFAULT_EXCLUDES = ("node_modules", ".venv", "venv", "__pycache__", ".git", ".tox", "build", "dist")


@dataclasses.dataclass(frozen=True)
class Pattern:
    """One pattern line: matches paths relative to the folder holding it."""

    regex: re.Pattern[str]
    negated: bool
    dir_only: bool


def _translate(glob: str) -> str:
    """A gitwildmatch glob (without anchoring slashes) as a regex body over '/'-separated paths."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        ch = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == n:
            out.append("/.*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            end = glob.find("]", i + 2)
            if end < 0:
                out.append(re.escape(ch))
                i += 1
                continue
            body = glob[i + 1:end]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        elif ch == "\\" and i + 1 < n:
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


def parse_pattern(line: str) -> Pattern | None:
    """One .gitignore line as a pattern, or None for blank lines and comments."""
    line = line.rstrip("\r\n")
    if not line.endswith("\\ "):
        line = line.rstrip(" ")
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    body = _translate(line)
    regex = ("^" if anchored else "^(?:.*/)?") + body + "$"
    return Pattern(re.compile(regex, re.DOTALL), negated, dir_only)


def parse_lines(lines: t.Iterable[str]) -> list[Pattern]:
    """The patterns of a .gitignore file's lines, in order."""
    return [p for p in (parse_pattern(line) for line in lines) if p is not None]


class IgnoreRules:
    """Patterns gathered from .gitignore files on the way down, plus extra exclude globs; the last match decides."""

    def __init__(self, layers: tuple[tuple[str, tuple[Pattern, ...]], ...] = (), extra: tuple[Pattern, ...] = ()) -> None:
        self.layers = layers
        self.extra = extra

    def with_folder(self, folder: str, patterns: t.Sequence[Pattern]) -> IgnoreRules:
        """These rules plus those of a .gitignore found in `folder`."""
        if not patterns:
            return self
        return IgnoreRules(self.layers + ((folder, tuple(patterns)),), self.extra)

    def ignored(self, path: str, is_dir: bool, top: str) -> bool:
        """Whether `path` (inside the walked folder `top`) is excluded."""
        verdict = False
        for base, patterns in self.layers:
            rel = os.path.relpath(path, base).replace(os.sep, "/")
            if rel.startswith(".."):
                continue
            for pattern in patterns:
                if (is_dir or not pattern.dir_only) and pattern.regex.match(rel):
                    verdict = not pattern.negated
        if verdict:
            return True
        rel = os.path.relpath(path, top).replace(os.sep, "/")
        return any((is_dir or not p.dir_only) and p.regex.match(rel) and not p.negated for p in self.extra)


def read_gitignore(folder: str) -> list[Pattern]:
    """The patterns of `folder`/.gitignore (none when there is no readable one)."""
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as handle:
            return parse_lines(handle.read(1 << 20).splitlines())
    except OSError:
        return []
