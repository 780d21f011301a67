"""Reading orderlint's own data files (venue manifests, rule files, markets): YAML with positions,
checked against a meta-schema, errors reported as file:line:col."""

from __future__ import annotations

import json
import os
import tempfile
import typing as t
from pathlib import Path

import jsonschema

from .diagnostics import join_pointer
from .limits import DATA_FILES
from .loading import load_file
from .resources import meta_schema
from .sourcemap import locate


class DataFileError(Exception):
    """A data file (rules, venue manifest, markets, schema) is unreadable or invalid; exit code 2."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path, self.line, self.column = path, line, column
        where = path + (f":{line}:{column}" if line else "")
        super().__init__(f"{where}: {message}")


_META_CACHE: dict[str, t.Any] = {}


def meta_validator(name: str) -> jsonschema.protocols.Validator:
    if name not in _META_CACHE:
        with open(meta_schema(name), encoding="utf-8") as handle:
            schema = json.load(handle)
        _META_CACHE[name] = jsonschema.Draft202012Validator(schema)
    return t.cast(jsonschema.Draft202012Validator, _META_CACHE[name])


def read_data_file(path: str | Path, meta: str | None = None) -> t.Any:
    """The content of one YAML/JSON data file, validated against `meta` when given."""
    documents = load_file(path, DATA_FILES)
    source = str(path)
    if len(documents) != 1:
        raise DataFileError(source, f"expected one document, found {len(documents)}")
    doc = documents[0]
    errors = [p for p in doc.problems if p.severity == "error"]
    if not doc.ok or errors:
        first = (doc.problems or errors)[0]
        raise DataFileError(source, first.message, first.line, first.column)
    if meta:
        failures = sorted(meta_validator(meta).iter_errors(doc.data), key=lambda e: list(e.absolute_path))
        if failures:
            error = jsonschema.exceptions.best_match(failures)
            pointer = join_pointer("", *error.absolute_path)
            pos = locate(doc.sourcemap, pointer) if doc.sourcemap else None
            where = f" at {pointer}" if pointer else ""
            raise DataFileError(source, f"invalid{where}: {error.message}", *(pos or (None, None)))
    return doc.data


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename, so that an
    interruption leaves the old file or the new one, never half of one."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
