"""Reading orderlint's own data files (venue manifests, rule files, markets): YAML with positions,
checked against a meta-schema, errors reported as file:line:col."""

from __future__ import annotations

import decimal
import hashlib
import json
import os
import pickle
import tempfile
import typing as t
from pathlib import Path

import jsonschema

from .diagnostics import join_pointer
from .limits import DATA_FILES
from .loading import load_file
from .resources import data_root, meta_schema, user_cache_dir
from .sourcemap import locate
from .yaml_source import load_plain_yaml


class DataFileError(Exception):
    """A data file (rules, venue manifest, markets, schema) is unreadable or invalid; exit code 2."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path, self.line, self.column = path, line, column
        where = path + (f":{line}:{column}" if line else "")
        super().__init__(f"{where}: {message}")


_META_CACHE: dict[str, t.Any] = {}

# The shipped data files are validated against their meta-schemas by the test suite
# (tests/test_shipped_data.py turns this on), not on every start: that validation is half of start-up.
# Files from anywhere else (a user's rules, markets or venue folder) are always validated.
VALIDATE_SHIPPED = False


def is_shipped(path: str | Path) -> bool:
    """Whether `path` is one of the data files that come with orderlint."""
    if VALIDATE_SHIPPED:
        return False
    root = data_root().resolve()
    found = Path(path).resolve()
    return any(found.is_relative_to(root / part) for part in ("schemas", "rules", "markets"))


def meta_validator(name: str) -> jsonschema.protocols.Validator:
    if name not in _META_CACHE:
        with open(meta_schema(name), encoding="utf-8") as handle:
            schema = json.load(handle)
        _META_CACHE[name] = jsonschema.Draft202012Validator(schema)
    return t.cast(jsonschema.Draft202012Validator, _META_CACHE[name])


def read_data_file(path: str | Path, meta: str | None = None) -> t.Any:
    """The content of one YAML/JSON data file, validated against `meta` when given."""
    if is_shipped(path) and str(path).endswith(".yaml"):
        return _shipped_yaml(Path(path))
    documents = load_file(path, DATA_FILES)
    source = str(path)
    if len(documents) != 1:
        raise DataFileError(source, f"expected one document, found {len(documents)}")
    doc = documents[0]
    errors = [p for p in doc.problems if p.severity == "error"]
    if not doc.ok or errors:
        first = (doc.problems or errors)[0]
        raise DataFileError(source, first.message, first.line, first.column)
    if meta and not is_shipped(path):
        failures = sorted(meta_validator(meta).iter_errors(doc.data), key=lambda e: list(e.absolute_path))
        if failures:
            error = jsonschema.exceptions.best_match(failures)
            pointer = join_pointer("", *error.absolute_path)
            pos = locate(doc.sourcemap, pointer) if doc.sourcemap else None
            where = f" at {pointer}" if pointer else ""
            raise DataFileError(source, f"invalid{where}: {error.message}", *(pos or (None, None)))
    return doc.data


class _DecimalsOnly(pickle.Unpickler):
    """Unpickles plain data and decimals, nothing else: a cache file can never run code."""

    def find_class(self, module: str, name: str) -> t.Any:
        if (module, name) == ("decimal", "Decimal"):
            return decimal.Decimal
        raise pickle.UnpicklingError(f"{module}.{name} is not data")


def _shipped_yaml(path: Path) -> t.Any:
    """A shipped YAML data file's content, from the user's cache when it holds this very file (same path,
    size, modification time and orderlint version): parsing the rule files is most of start-up."""
    from . import __version__

    cached: Path | None = None
    try:
        stat = path.stat()
        key = hashlib.sha256(f"{__version__}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:40]
        cached = user_cache_dir() / "data" / f"{path.stem}-{key}.pickle"
        with open(cached, "rb") as handle:
            return _DecimalsOnly(handle).load()
    except Exception:  # no cache yet, or an unreadable one: read the file itself
        pass
    data = load_plain_yaml(path.read_text(encoding="utf-8"))
    try:
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cached, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a read-only or full cache costs only speed
        pass
    return data


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
