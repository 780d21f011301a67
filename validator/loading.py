"""Files, folders and streams to documents: every input document comes out, parsed or as an error."""

from __future__ import annotations

import dataclasses
import os
import typing as t
from pathlib import Path

from .codes import diagnostic
from .diagnostics import Diagnostic, split_pointer
from .json_source import parse_json
from .limits import DEFAULT, Limits
from .sourcemap import JsonSourceMap, PrefixedSourceMap, SourceMap
from .yaml_source import load_yaml

MAX_FILE_BYTES = DEFAULT.max_bytes
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


def decode(raw: bytes, source: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[str | None, Diagnostic | None]:
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
        return _split(source, 0, parsed.data, smap, parsed.problems, parsed.ok)
    documents = []
    for ydoc in load_yaml(text, limits):
        documents.extend(_split(source, len(documents), ydoc.data, ydoc.sourcemap, ydoc.problems, ydoc.ok))
    if not documents:
        documents.append(Document(source, 0, None, None, [diagnostic("P008", "empty document", pointer="", line=1, column=1)], ok=False))
    return documents


def _jsonl_line(line: str, number: int, source: str, index: int, limits: Limits) -> list[Document]:
    if not line.strip():
        return []
    smap = JsonSourceMap(line, line_offset=number - 1)
    parsed = parse_json(line, smap, limits)
    problems = [dataclasses.replace(p, line=(p.line or 1) + number - 1) if p.code == "P001" else p for p in parsed.problems]
    return [Document(source, index, parsed.data, smap, problems, parsed.ok)]


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


def _is_envelope(value: t.Any) -> bool:
    return isinstance(value, dict) and "order" in value


def _split(source: str, start: int, data: t.Any, smap: SourceMap | None, problems: list[Diagnostic], ok: bool) -> list[Document]:
    """A top-level list of order documents becomes that many documents; anything else is one."""
    if not (ok and isinstance(data, list) and data and all(_is_envelope(item) for item in data)):
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
    """Every document in raw input (a file's or stdin's bytes); undecodable input is one error document."""
    text, problem = decode(raw, source, limits.max_bytes)
    if problem:
        return [Document(source, 0, None, None, [problem], ok=False)]
    return load_text(text or "", source, fmt, limits)


def expand_paths(paths: t.Iterable[str]) -> t.Iterator[str]:
    """Files to check: named files as given, folders walked for known extensions in a stable order."""
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if Path(name).suffix.lower() in EXTENSIONS:
                    yield os.path.join(root, name)
