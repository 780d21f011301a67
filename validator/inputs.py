"""Command-line inputs (files, folders, "-" for standard input) to documents, lazily and in order."""

from __future__ import annotations

import dataclasses
import sys
import typing as t
from pathlib import Path

from .codes import diagnostic
from .limits import DEFAULT, Limits
from .loading import EXTENSIONS, Document, load_bytes, load_file, stream_jsonl, walk_paths

STDIN = "<stdin>"


@dataclasses.dataclass
class InputStats:
    """What a read found: inputs read (files, stdin), documents produced, non-regular files skipped."""

    inputs: int = 0
    documents: int = 0
    skipped: int = 0


def read_inputs(paths: t.Iterable[str], *, jsonl: bool = False, limits: Limits = DEFAULT, exclude: t.Sequence[str] = (),
                respect_gitignore: bool = True, note: t.Callable[[str], None] | None = None,
                stats: InputStats | None = None, stdin: t.BinaryIO | None = None) -> t.Iterator[Document]:
    """Every input document, in order: JSON Lines (`jsonl` for stdin, .jsonl/.ndjson files) read a line at a time.

    A failure inside a reader costs only the rest of that one input, which gets an E099 document. An unreadable
    sub-folder gets a P009 document; FIFOs, sockets and devices met in a folder walk are never opened: `note` is
    told. `stats`, when given, is filled in as documents are read (zero inputs: no order files were found).
    """
    stats = stats if stats is not None else InputStats()
    for entry in walk_paths(paths, exclude=exclude, respect_gitignore=respect_gitignore):
        if entry.kind == "special":
            stats.skipped += 1
            if note is not None:
                note(f"{entry.path}: {entry.reason}")
            continue
        stats.inputs += 1
        if entry.kind == "unreadable":
            stats.documents += 1
            yield Document(entry.path, 0, None, None, [diagnostic("P009", f"cannot read folder: {entry.reason}", pointer="")], ok=False)
            continue
        source = STDIN if entry.path == "-" else entry.path
        for doc in guarded(source, read_one(entry.path, jsonl=jsonl, limits=limits, stdin=stdin)):
            stats.documents += 1
            yield doc


def read_one(path: str, *, jsonl: bool = False, limits: Limits = DEFAULT, stdin: t.BinaryIO | None = None) -> t.Iterator[Document]:
    """The documents of one input ("-" is standard input)."""
    as_lines = jsonl or EXTENSIONS.get(Path(path).suffix.lower()) == "jsonl"
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        if as_lines:
            yield from stream_jsonl(stream, STDIN, limits)
            return
        yield from load_bytes(stream.read(limits.max_bytes + 1), STDIN, limits=limits)
    elif as_lines:
        try:
            handle = open(path, "rb")
        except OSError as exc:
            yield Document(path, 0, None, None, [diagnostic("P009", f"cannot read: {exc.strerror or exc}", pointer="")], ok=False)
            return
        with handle:
            yield from stream_jsonl(handle, path, limits)
    else:
        yield from load_file(path, limits)


def guarded(source: str, documents: t.Iterator[Document]) -> t.Iterator[Document]:
    """`documents`, with a reader's internal error turned into one E099 document for the rest of that input."""
    following = 0
    try:
        for doc in documents:
            following = doc.index + 1
            yield doc
    except Exception as exc:  # a bug in a reader: this input's remaining documents get one error verdict
        yield Document(source, following, None, None, [diagnostic("E099", f"internal error while reading: {type(exc).__name__}: {exc}",
                                                                  pointer="")], ok=False)
