"""Files, folders and streams to documents: every input document comes out, parsed or as an error."""

from __future__ import annotations

import dataclasses
import os
import re
import typing as t
from pathlib import Path

from .codes import diagnostic
from .diagnostics import Diagnostic, split_pointer
from .ignore_rules import DEFAULT_EXCLUDES, IgnoreRules, parse_lines, read_gitignore
from .json_source import parse_json
from .limits import DEFAULT, Limits
from .sourcemap import JsonSourceMap, PrefixedSourceMap, SourceMap, TextLines
from .yaml_source import load_yaml, load_yaml_pieces

EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclasses.dataclass
class Document:
    """One input document: its parsed value (None when it could not be parsed) and loader findings."""

    source: str
    index: int
    data: t.Any
    sourcemap: SourceMap | None
    problems: list[Diagnostic]
    ok: bool


def sniff_format(text: str) -> str:
    stripped = text.lstrip("\ufeff \t\r\n")
    return "json" if stripped[:1] in ("{", "[") else "yaml"


def decode(raw: bytes, source: str, max_bytes: int = DEFAULT.max_bytes) -> tuple[str | None, Diagnostic | None]:
    """Text from bytes (UTF-8, optional BOM), or the diagnostic saying why not."""
    if len(raw) > max_bytes:
        return None, diagnostic("P009", f"input is {len(raw)} bytes; the limit is {max_bytes}", pointer="", line=1, column=1)
    if b"\x00" in raw[:8192]:
        return None, diagnostic("P001", "binary data, not an order document", pointer="", line=1, column=1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, diagnostic("P001", f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded", pointer="", line=line, column=column)
    return text, None


def load_text(text: str, source: str, fmt: str | None = None, limits: Limits = DEFAULT) -> list[Document]:
    """Every document in `text`; `fmt` is yaml, json or jsonl (sniffed when None)."""
    fmt = fmt or sniff_format(text)
    if fmt == "jsonl":
        documents: list[Document] = []
        for number, line in enumerate(text.splitlines(), start=1):
            documents.extend(_jsonl_line(line, number, source, len(documents), limits))
        return documents or [_no_documents(source)]
    if fmt == "json":
        smap = JsonSourceMap(text)
        parsed = parse_json(text, smap, limits)
        documents = _split(source, 0, parsed.data, smap, parsed.problems, parsed.ok)
        return _with_lines(_capped(documents, text, limits), text)
    documents = []
    for ydoc in load_yaml(text, limits):
        documents.extend(_split(source, len(documents), ydoc.data, ydoc.sourcemap, ydoc.problems, ydoc.ok))
    if not documents:
        documents.append(Document(source, 0, None, None, [diagnostic("P008", "empty document", pointer="", line=1, column=1)], ok=False))
    return _with_lines(documents, text)


def _with_lines(documents: list[Document], text: str) -> list[Document]:
    """Documents that could not be parsed keep the text's lines, so that their findings show the line."""
    if all(doc.sourcemap is not None for doc in documents):
        return documents
    lines = TextLines(text)
    return [doc if doc.sourcemap is not None else dataclasses.replace(doc, sourcemap=lines) for doc in documents]


def _jsonl_line(line: str, number: int, source: str, index: int, limits: Limits) -> list[Document]:
    if not line.strip():
        return []
    smap = JsonSourceMap(line, line_offset=number - 1)
    parsed = parse_json(line, smap, limits)
    # a syntax error is placed within the line; findings in parsed values were located through the offset map
    problems = [dataclasses.replace(p, line=(p.line or 1) + number - 1) if p.code == "P001" and not parsed.ok else p
                for p in parsed.problems]
    return _capped([Document(source, index, parsed.data, smap, problems, parsed.ok)], line, limits, number)


def _capped(documents: list[Document], text: str, limits: Limits, first_line: int = 1) -> list[Document]:
    """Documents holding more values than --max-nodes allows become P006 documents (each counted on its own)."""
    if text.count(",") + text.count(":") + 1 <= limits.max_nodes:  # a bound on the values: nothing to count
        return documents
    for position, doc in enumerate(documents):
        if doc.ok and _count_exceeds(doc.data, limits.max_nodes):
            where = doc.sourcemap.value("") if isinstance(doc.sourcemap, PrefixedSourceMap) else None
            line, column = where or (first_line, 1)
            documents[position] = Document(doc.source, doc.index, None, None, [diagnostic(
                "P006", f"document holds more than {limits.max_nodes} values; refused", pointer="", line=line, column=column)], ok=False)
    return documents


def _count_exceeds(value: t.Any, cap: int) -> bool:
    count, stack = 0, [value]
    while stack:
        current = stack.pop()
        count += 1
        if count > cap:
            return True
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


def stream_jsonl(stream: t.BinaryIO, source: str, limits: Limits = DEFAULT) -> t.Iterator[Document]:
    """Documents from a JSON Lines stream, one line at a time (memory bounded by the longest allowed line)."""
    max_bytes = limits.max_bytes
    index = number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            break
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while True:  # skip the rest of the overlong line without holding it
                rest = stream.readline(1 << 16)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Document(source, index, None, None, [diagnostic("P009", f"line {number} is longer than the limit of {max_bytes} bytes",
                                                                  pointer="", line=number, column=1)], ok=False)
            index += 1
            continue
        text, problem = decode(raw, source, max_bytes)
        if problem is not None:
            yield Document(source, index, None, None, [dataclasses.replace(problem, line=number)], ok=False)
            index += 1
            continue
        for doc in _jsonl_line((text or "").rstrip("\r\n"), number, source, index, limits):
            yield doc
            index += 1
    if index == 0:  # every input accounts for itself, even one with no document in it
        yield _no_documents(source)


def _no_documents(source: str) -> Document:
    return Document(source, 0, None, None, [diagnostic("P008", "no document in the input (empty, or only blank lines)", pointer="",
                                                       line=1, column=1)], ok=False)


ENVELOPE_KEYS = ("venue", "operation", "order")


def _is_envelope(value: t.Any) -> bool:
    return isinstance(value, dict) and any(key in value for key in ENVELOPE_KEYS)


def _split(source: str, start: int, data: t.Any, smap: SourceMap | None, problems: list[Diagnostic], ok: bool) -> list[Document]:
    """A top-level list holding at least one envelope (an object with venue, operation or order) is a list of
    documents: each element becomes its own document, envelope or not. Any other list (a raw batch request,
    checked with --venue/--operation) or value is one document."""
    if not (ok and isinstance(data, list) and data and any(_is_envelope(item) for item in data)):
        return [Document(source, start, data, smap, problems, ok)]
    documents = []
    for offset, item in enumerate(data):
        prefix = f"/{offset}"
        own = [dataclasses.replace(p, pointer=p.pointer[len(prefix):]) for p in problems
               if split_pointer(p.pointer)[:1] == [str(offset)]]
        documents.append(Document(source, start + offset, item, PrefixedSourceMap(smap, prefix) if smap else None, own, True))
    orphans = [p for p in problems if not split_pointer(p.pointer) or not split_pointer(p.pointer)[0].isdigit()]
    documents[0].problems.extend(orphans)
    return documents


def load_file(path: str | os.PathLike[str], limits: Limits = DEFAULT) -> list[Document]:
    """Every document of one file; an unreadable file is one error document."""
    max_bytes = limits.max_bytes
    source = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return [Document(source, 0, None, None, [diagnostic("P009", f"cannot read: {exc.strerror or exc}", pointer="")], ok=False)]
    return load_bytes(raw, source, EXTENSIONS.get(Path(source).suffix.lower()), limits)


def load_bytes(raw: bytes, source: str, fmt: str | None = None, limits: Limits = DEFAULT) -> list[Document]:
    """Every document in raw input (a file's or stdin's bytes); undecodable input is one error document,
    except in a YAML stream, where a bad byte costs only the document (from one `---` line to the next) holding it."""
    text, problem = decode(raw, source, limits.max_bytes)
    if problem:
        if problem.code == "P001" and fmt in (None, "yaml"):
            documents = _yaml_by_pieces(raw, source, limits)
            if documents is not None:
                return documents
        return [Document(source, 0, None, None, [problem], ok=False)]
    return load_text(text or "", source, fmt, limits)


_RAW_BREAK = re.compile(rb"\r\n|\r|\n")
_RAW_MARKER = re.compile(rb"---(?:[ \t\r\n]|\Z)")


def _yaml_by_pieces(raw: bytes, source: str, limits: Limits) -> list[Document] | None:
    """A YAML stream with undecodable pieces, each decoded on its own; None when it is not such a stream."""
    whole = raw.decode("utf-8-sig", errors="replace")
    if sniff_format(whole) != "yaml":
        return None
    cuts = [0] + [brk.end() for brk in _RAW_BREAK.finditer(raw) if _RAW_MARKER.match(raw, brk.end())]
    if len(cuts) < 2:
        return None
    starts = [0]
    for brk in _RAW_BREAK.finditer(raw):
        starts.append(brk.end())
    lines = {offset: number for number, offset in enumerate(starts)}
    pieces: list[tuple[int, str | Diagnostic]] = []
    for begin, end in zip(cuts, cuts[1:] + [len(raw)]):
        chunk = raw[begin:end]
        offset = lines[begin]
        bad = chunk.find(b"\x00")
        try:
            text = chunk.decode("utf-8-sig" if begin == 0 else "utf-8")
        except UnicodeDecodeError as exc:
            bad = exc.start if bad < 0 else min(bad, exc.start)
            text = None
        if bad >= 0:
            head = chunk[:bad]
            line = offset + len(_RAW_BREAK.findall(head)) + 1
            column = bad - max(head.rfind(b"\n"), head.rfind(b"\r"))
            what = "a NUL byte (binary data)" if chunk[bad] == 0 else f"not UTF-8: byte 0x{chunk[bad]:02x} cannot be decoded"
            pieces.append((offset, diagnostic("P001", what, pointer="", line=line, column=column)))
        else:
            pieces.append((offset, text or ""))
    documents: list[Document] = []
    for ydoc in load_yaml_pieces(pieces, whole, limits):
        documents.extend(_split(source, len(documents), ydoc.data, ydoc.sourcemap, ydoc.problems, ydoc.ok))
    return documents or None


@dataclasses.dataclass(frozen=True)
class WalkEntry:
    """One thing a folder walk found: a file to check, an unreadable folder, or a skipped non-regular file."""

    path: str
    kind: str  # "file", "unreadable" or "special"
    reason: str = ""


def walk_paths(paths: t.Iterable[str], *, exclude: t.Sequence[str] = (), respect_gitignore: bool = True) -> t.Iterator[WalkEntry]:
    """Named paths as given; folders walked in a stable order for files with known extensions.

    Walks skip hidden folders, environment and build folders (node_modules, venv or any folder holding
    pyvenv.cfg, __pycache__, .git, .tox, build, dist), what `.gitignore` files exclude (when
    `respect_gitignore`), and what the `exclude` globs (gitignore syntax, relative to the walked folder)
    match. Explicitly named files are always checked.
    """
    extra = tuple(p for p in parse_lines(exclude))
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            yield WalkEntry(path, "file")
            continue
        rules = IgnoreRules((), extra)
        if respect_gitignore:
            rules = rules.with_folder(path, read_gitignore(path))
        yield from _walk(path, path, rules, respect_gitignore)


def _walk(folder: str, top: str, rules: IgnoreRules, respect_gitignore: bool) -> t.Iterator[WalkEntry]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield WalkEntry(folder, "unreadable", exc.strerror or str(exc))
        return
    folders = []
    for entry in entries:
        full = os.path.join(folder, entry.name)
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
            is_file = entry.is_file(follow_symlinks=True)
        except OSError:
            continue
        if is_dir:
            if entry.name.startswith(".") or entry.name in DEFAULT_EXCLUDES or rules.ignored(full, True, top):
                continue
            if os.path.exists(os.path.join(full, "pyvenv.cfg")):
                continue
            folders.append(full)
        elif Path(entry.name).suffix.lower() in EXTENSIONS and not rules.ignored(full, False, top):
            if is_file:
                yield WalkEntry(full, "file")
            elif os.path.exists(full):  # not a broken link
                yield WalkEntry(full, "special", "not a regular file (a FIFO, socket or device); skipped")
    for sub in folders:
        sub_rules = rules.with_folder(sub, read_gitignore(sub)) if respect_gitignore else rules
        yield from _walk(sub, top, sub_rules, respect_gitignore)


def expand_paths(paths: t.Iterable[str], *, exclude: t.Sequence[str] = (), respect_gitignore: bool = True) -> t.Iterator[str]:
    """Files to check (see walk_paths); an unreadable sub-folder is yielded too, so reading it reports it."""
    for entry in walk_paths(paths, exclude=exclude, respect_gitignore=respect_gitignore):
        if entry.kind != "special":
            yield entry.path
