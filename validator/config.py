"""Project configuration: `[tool.orderlint]` in pyproject.toml, or orderlint.toml / .orderlint.toml.

Discovery follows ruff: starting in the current folder and going up, the first folder holding `orderlint.toml`,
`.orderlint.toml` or a `pyproject.toml` with a `[tool.orderlint]` table wins (in that order within one folder);
a pyproject.toml without the table is passed over. Command-line options override the file. Paths and globs in
the file are relative to the folder holding it. Every key and value is validated: a mistake is a ConfigError
naming the file and line (exit 2).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import typing as t
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10: the tomli backport (a conditional dependency)
    import tomli as tomllib  # type: ignore[no-redef]

from .ignore_rules import parse_pattern

CONFIG_NAMES = ("orderlint.toml", ".orderlint.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
UNIGNORABLE = frozenset({"E099"})  # orderlint failing on a document is never silenced


class ConfigError(Exception):
    """A configuration file that cannot be used: `path:line: message`."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}{f':{line}' if line else ''}: {message}")


@dataclasses.dataclass(frozen=True)
class Glob:
    """A gitignore-style glob relative to the configuration's folder."""

    text: str
    regex: re.Pattern[str]

    def matches(self, rel: str) -> bool:
        """Whether the relative path (or one of its parent folders) matches."""
        parts = rel.split("/")
        return any(self.regex.match("/".join(parts[:i])) for i in range(len(parts), 0, -1))


def compile_glob(text: str) -> Glob | None:
    pattern = parse_pattern(text)
    if pattern is None or pattern.negated:
        return None
    return Glob(text, pattern.regex)


@dataclasses.dataclass(frozen=True)
class Selector:
    """A code (R101), a code prefix (R1, R, ALL), a code's name (price-increment) or a venue rule (venue/rule-id)."""

    text: str
    kind: str  # "prefix" | "name" | "rule"
    value: str

    def specificity(self, code: str, name: str, rule: str | None) -> int:
        """How specifically this selector matches the finding (0: not at all)."""
        if self.kind == "rule":
            return 100 if rule == self.value else 0
        if self.kind == "name":
            return 10 if name == self.value else 0
        if self.value == "ALL":
            return 1
        return len(self.value) + 1 if code.startswith(self.value) else 0


@dataclasses.dataclass(frozen=True)
class FileIgnore:
    glob: Glob
    pointer: str | None
    selectors: tuple[Selector, ...]


@dataclasses.dataclass
class Config:
    """The settings of one configuration file (or the defaults, with `path` None)."""

    path: str | None = None
    root: str = "."
    include: tuple[Glob, ...] = ()
    exclude: tuple[Glob, ...] = ()
    respect_gitignore: bool = True
    select: tuple[Selector, ...] = ()
    ignore: tuple[Selector, ...] = ()
    severity: tuple[tuple[Selector, str], ...] = ()
    per_file_ignores: tuple[FileIgnore, ...] = ()
    venue_by_path: tuple[tuple[Glob, str], ...] = ()
    operation_by_path: tuple[tuple[Glob, str], ...] = ()
    markets: tuple[str, ...] = ()
    strict: bool | None = None
    fail_on: str | None = None
    session: str | None = None
    output_format: str | None = None
    placeholders: tuple[str, ...] = ()

    def relative(self, path: str) -> str | None:
        """`path` relative to the configuration's folder ("/"-separated), or None when outside it or stdin."""
        if path in ("-", "<stdin>"):
            return None
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return None
        return rel.replace(os.sep, "/")

    def excluded(self, path: str) -> bool:
        rel = self.relative(path)
        return rel is not None and any(g.matches(rel) for g in self.exclude)

    def included(self, path: str) -> bool:
        """Whether a file found in a folder walk is checked (no include globs: every order file)."""
        if not self.include:
            return not self.excluded(path)
        rel = self.relative(path)
        return rel is not None and any(g.matches(rel) for g in self.include) and not self.excluded(path)

    def by_path(self, table: tuple[tuple[Glob, str], ...], path: str) -> str | None:
        rel = self.relative(path)
        if rel is None:
            return None
        return next((value for glob, value in table if glob.matches(rel)), None)

    def venue_for(self, path: str) -> str | None:
        return self.by_path(self.venue_by_path, path)

    def operation_for(self, path: str) -> str | None:
        return self.by_path(self.operation_by_path, path)


# ---- discovery -------------------------------------------------------------------------------------------------

def discover(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest configuration file from `start` (default: the current folder) upwards, or None."""
    folder = Path(start or os.getcwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if not path.is_file():
                continue
            if name != "pyproject.toml":
                return path
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                if "[tool.orderlint" in text:
                    return path  # ours, and broken: loading it says where
                continue  # a broken pyproject.toml of some other project is not ours to report
            if isinstance(data.get("tool"), dict) and "orderlint" in data["tool"]:
                return path
    return None


def load(path: str | os.PathLike[str], codes: t.Mapping[str, t.Any] | None = None) -> Config:
    """The validated configuration in `path` (a pyproject.toml's `[tool.orderlint]`, or a whole orderlint.toml)."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else (len(text.splitlines()) or 1) if "end of document" in str(exc) else None
        raise ConfigError(source, f"invalid TOML: {exc}", line) from None
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "orderlint")
        table = data.get("tool", {}).get("orderlint") if isinstance(data.get("tool"), dict) else None
        if table is None:
            raise ConfigError(source, "has no [tool.orderlint] table")
    else:
        table = data
    return _parse(table, source, text, prefix, path.parent, codes)


# ---- validation ------------------------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")


def _unquote(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        return part[1:-1]
    return part


def _split_dotted(text: str) -> tuple[str, ...]:
    return tuple(_unquote(p) for p in re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[^.]+', text))


def line_of(text: str, table: tuple[str, ...], key: str | None = None) -> int | None:
    """The line of `key` inside the TOML table `table` (or of the table's header), by scanning the text."""
    current: tuple[str, ...] = ()
    header_line = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = _split_dotted(header.group(1))
            if current == table and header_line is None:
                header_line = number
            if key is not None and current[:len(table) + 1] == table + (key,):
                return number  # the key is a table of its own
            continue
        if key is None:
            continue
        found = _KEY.match(line)
        if found and current + _split_dotted(found.group(1)) == table + (key,):
            return number
    return header_line


KNOWN = {
    "include": "list of globs: files a folder walk checks (default: every .yaml/.yml/.json/.jsonl/.ndjson file)",
    "exclude": "list of globs: files and folders never checked (added to the built-in excludes)",
    "respect-gitignore": "boolean: skip what .gitignore files exclude (default true)",
    "select": "list of codes, code prefixes, names or venue/rule ids to report (default ALL)",
    "ignore": "list of codes, code prefixes, names or venue/rule ids not to report",
    "severity": "table: code, prefix, name or venue/rule id -> error | warning | info | off",
    "per-file-ignores": 'table: "glob" or "glob#/json/pointer" -> list of codes, names or venue/rule ids',
    "venue-by-path": "table: glob -> venue, for raw requests (files without an order-document envelope)",
    "operation-by-path": "table: glob -> operation, for raw requests",
    "markets": "list of markets files (normalized, or a venue's symbols response)",
    "strict": "boolean: missing market metadata and doubtful rules become errors",
    "fail-on": "error | warning | info: the lowest severity that fails the run",
    "session": "file | run | none: what client order id reuse (R204) compares",
    "output-format": "the default --format",
    "placeholders": "list of regular expressions matching template values filled in at run time",
}
FORMATS = ("full", "concise", "text", "json", "json-lines", "github", "sarif", "junit")


def _parse(table: t.Any, source: str, text: str, prefix: tuple[str, ...], root: Path,
           codes: t.Mapping[str, t.Any] | None) -> Config:
    def fail(message: str, key: str | None = None, sub: tuple[str, ...] = ()) -> t.NoReturn:
        line = line_of(text, prefix + sub, key) if key is not None else None
        raise ConfigError(source, message, line or (line_of(text, prefix, sub[0]) if sub else None) or line_of(text, prefix))

    if not isinstance(table, dict):
        fail("the orderlint configuration must be a table")
    for key in table:
        if key not in KNOWN:
            close = difflib.get_close_matches(key, list(KNOWN), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(KNOWN)})"
            fail(f"unknown key {key!r}{hint}", key)

    def where(key: str) -> str:
        return ".".join(prefix + (key,)) if prefix else key

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            fail(f"{where(key)} must be a list of non-empty strings ({KNOWN[key]})", key)
        return tuple(value)

    def boolean(key: str) -> bool | None:
        value = table.get(key)
        if value is not None and not isinstance(value, bool):
            fail(f"{where(key)} must be true or false", key)
        return value

    def choice(key: str, options: t.Sequence[str]) -> str | None:
        value = table.get(key)
        if value is not None and value not in options:
            fail(f"{where(key)} must be one of {', '.join(options)}, not {value!r}", key)
        return value

    def globs(key: str) -> tuple[Glob, ...]:
        out = []
        for text_ in strings(key):
            glob = compile_glob(text_)
            if glob is None:
                fail(f"{where(key)}: {text_!r} is not a usable glob (negations and comments are not supported)", key)
            out.append(glob)
        return tuple(out)

    def selector(text_: str, key: str, sub: tuple[str, ...] = (), allow_all: bool = True) -> Selector:
        return parse_selector(text_, codes, lambda m: fail(f"{where('.'.join(sub) if sub else key)}: {m}", key, sub), allow_all)

    def subtable(key: str) -> dict[str, t.Any]:
        value = table.get(key, {})
        if not isinstance(value, dict):
            fail(f"{where(key)} must be a table ({KNOWN[key]})", key)
        return value

    select = tuple(selector(s, "select") for s in strings("select"))
    ignore = tuple(selector(s, "ignore") for s in strings("ignore"))
    for item in ignore:
        if item.kind == "prefix" and item.value in UNIGNORABLE:
            fail(f"{item.value} (orderlint failed on a document) cannot be ignored", "ignore")
    severity = []
    for name, level in subtable("severity").items():
        if level not in (*SEVERITIES, "off"):
            fail(f"{where('severity')}.{name} must be one of error, warning, info, off, not {level!r}", name, ("severity",))
        severity.append((selector(name, name, ("severity",)), level))
    per_file = []
    for pattern, listed in subtable("per-file-ignores").items():
        glob_text, _, pointer = pattern.partition("#")
        glob = compile_glob(glob_text)
        if glob is None:
            fail(f"per-file-ignores: {glob_text!r} is not a usable glob", pattern, ("per-file-ignores",))
        if pointer and not pointer.startswith("/"):
            fail(f"per-file-ignores: {pattern!r}: what follows # must be a JSON pointer starting with /", pattern, ("per-file-ignores",))
        if not isinstance(listed, list) or not listed or not all(isinstance(v, str) and v for v in listed):
            fail(f"per-file-ignores: {pattern!r} must map to a non-empty list of codes", pattern, ("per-file-ignores",))
        chosen = tuple(selector(v, pattern, ("per-file-ignores",)) for v in listed)
        per_file.append(FileIgnore(glob, pointer or None, chosen))
    by_path: dict[str, list[tuple[Glob, str]]] = {}
    for key in ("venue-by-path", "operation-by-path"):
        entries = []
        for pattern, value in subtable(key).items():
            glob = compile_glob(pattern)
            if glob is None or not isinstance(value, str) or not value:
                fail(f"{where(key)}: {pattern!r} must be a glob mapped to a non-empty string", pattern, (key,))
            entries.append((glob, value))
        by_path[key] = entries
    placeholders = strings("placeholders")
    for pattern in placeholders:
        try:
            re.compile(pattern)
        except re.error as exc:
            fail(f"placeholders: {pattern!r} is not a regular expression: {exc}", "placeholders")
    markets = tuple(str((root / m).resolve()) if not os.path.isabs(m) else m for m in strings("markets"))
    for market in markets:
        if not os.path.exists(market):
            fail(f"markets: no such file {market}", "markets")
    return Config(
        path=source, root=str(root.resolve()), include=globs("include"), exclude=globs("exclude"),
        respect_gitignore=boolean("respect-gitignore") is not False, select=select, ignore=ignore, severity=tuple(severity),
        per_file_ignores=tuple(per_file), venue_by_path=tuple(by_path["venue-by-path"]),
        operation_by_path=tuple(by_path["operation-by-path"]), markets=markets, strict=boolean("strict"),
        fail_on=choice("fail-on", SEVERITIES), session=choice("session", ("file", "run", "none")),
        output_format=choice("output-format", FORMATS), placeholders=placeholders,
    )


_RULE = re.compile(r"^[a-z0-9_-]+/[a-z0-9]+(?:-[a-z0-9]+)*$")


def parse_selector(text: str, codes: t.Mapping[str, t.Any] | None, fail: t.Callable[[str], t.NoReturn],
                   allow_all: bool = True) -> Selector:
    """A selector, checked against the code catalog: an unknown code or name is an error, with a suggestion."""
    from .codes import catalog

    codes = codes if codes is not None else catalog()
    value = text.strip()
    if value.upper() == "ALL" and allow_all:
        return Selector(text, "prefix", "ALL")
    if _RULE.match(value):
        return Selector(text, "rule", value)
    upper = value.upper()
    if re.fullmatch(r"[A-Z][0-9]{0,3}", upper):
        if any(code.startswith(upper) for code in codes):
            return Selector(text, "prefix", upper)
        if len(upper) < 4:
            fail(f"no code starts with {value!r}")
    names = {getattr(info, "name", None): code for code, info in codes.items()}
    if value.lower() in names:
        return Selector(text, "name", value.lower())
    close = difflib.get_close_matches(value, list(codes) + [n for n in names if n], n=1)
    fail(f"unknown code or name {value!r}" + (f"; did you mean {close[0]!r}?" if close else ""))


def best(selectors: t.Iterable[Selector], code: str, name: str, rule: str | None) -> int:
    return max((s.specificity(code, name, rule) for s in selectors), default=0)


def selected(config: Config, code: str, name: str, rule: str | None) -> bool:
    """Whether a finding is reported under select/ignore (the more specific selector wins; a tie ignores)."""
    if code in UNIGNORABLE:
        return True
    chosen = best(config.select, code, name, rule) if config.select else 1
    dropped = best(config.ignore, code, name, rule)
    return chosen > 0 and chosen > dropped


def severity_for(config: Config, code: str, name: str, rule: str | None) -> str | None:
    """The overriding severity ("off" drops the finding) of the most specific matching entry, or None."""
    found = [(s.specificity(code, name, rule), level) for s, level in config.severity]
    found = [f for f in found if f[0] > 0]
    if not found or code in UNIGNORABLE:
        return None
    return max(found, key=lambda f: f[0])[1]


def apply(config: Config, source: str, diagnostics: t.Sequence[t.Any], venue: str | None) -> list[t.Any]:
    """The findings of one document after select/ignore, severity overrides and per-file ignores."""
    import dataclasses as dc

    rel = config.relative(source) if config.per_file_ignores else None
    file_rules = [fi for fi in config.per_file_ignores if rel is not None and fi.glob.matches(rel)]
    out = []
    for diag in diagnostics:
        rule = f"{venue}/{diag.rule}" if venue and diag.rule else None
        if not selected(config, diag.code, diag.name, rule):
            continue
        if any(best(fi.selectors, diag.code, diag.name, rule) and _under(diag.pointer, fi.pointer) for fi in file_rules):
            continue
        level = severity_for(config, diag.code, diag.name, rule)
        if level == "off":
            continue
        if level and level != diag.severity:
            diag = dc.replace(diag, severity=level)
        out.append(diag)
    return out


def _under(pointer: str, prefix: str | None) -> bool:
    return prefix is None or pointer == prefix or pointer.startswith(prefix + "/")


def is_default(config: Config) -> bool:
    """Whether the configuration changes which findings are reported (a shortcut for the common case)."""
    return not (config.select or config.ignore or config.severity or config.per_file_ignores)
