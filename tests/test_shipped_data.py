"""The shipped data files, validated as strictly as a user's: start-up skips this for them (it is half of
start-up), so this test is what keeps them valid."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from validator import Validator, datafiles
from validator.resources import data_root

ROOT = data_root()


@pytest.fixture
def validate_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles, "VALIDATE_SHIPPED", True)


def test_shipped_files_are_recognised(tmp_path: Path) -> None:
    assert datafiles.is_shipped(ROOT / "rules" / "kucoin.yaml")
    assert datafiles.is_shipped(ROOT / "schemas" / "kucoin" / "venue.yaml")
    assert not datafiles.is_shipped(tmp_path / "rules" / "kucoin.yaml")
    assert not datafiles.is_shipped(ROOT / "examples" / "valid" / "batch.json")


def test_every_shipped_file_passes_full_validation(validate_shipped: None) -> None:
    assert not datafiles.is_shipped(ROOT / "rules" / "kucoin.yaml")
    validator = Validator()  # meta-schemas, JSON Schema check_schema and check options, as for any user file
    assert set(validator.venues) == {"kucoin", "bigone", "dfx", "poloniex", "alphasec"}


@pytest.mark.parametrize("path", sorted((ROOT / "schemas").glob("*/*.json")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_schema_is_a_valid_json_schema(path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_a_broken_copy_is_still_refused(tmp_path: Path) -> None:
    """A venue folder outside the package is never trusted: a rule with bad options fails at load."""
    import shutil

    from validator.datafiles import DataFileError

    for part in ("schemas", "rules"):
        shutil.copytree(ROOT / part, tmp_path / part)
    rules = tmp_path / "rules" / "kucoin.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "function: multiple_of" in text
    rules.write_text(text.replace("function: multiple_of", "function: multiple_of\n      bogus_option: 1", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match="bogus_option|invalid"):
        Validator(data_dir=tmp_path)


@pytest.mark.parametrize("path", sorted(p for part in ("schemas", "rules", "markets") for p in (ROOT / part).rglob("*.yaml")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_yaml_reads_the_same_without_positions(path: Path) -> None:
    """Start-up reads shipped YAML with the plain safe loader; it must give exactly what the positional reader gives."""
    from validator.loading import load_file
    from validator.yaml_source import load_plain_yaml

    documents = load_file(path, datafiles.DATA_FILES)
    assert len(documents) == 1 and documents[0].ok and not documents[0].problems
    plain = load_plain_yaml(path.read_text(encoding="utf-8"))
    assert plain == documents[0].data
    assert repr(plain) == repr(documents[0].data)  # same types too: Decimal('0.1') is not 0.1, 1 is not True


def test_shipped_yaml_cache_is_exact_and_refuses_anything_but_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    from validator.yaml_source import load_plain_yaml

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = ROOT / "rules" / "kucoin.yaml"
    expected = load_plain_yaml(path.read_text(encoding="utf-8"))
    first = datafiles.read_data_file(path, meta="ruleset.schema.json")
    (cached,) = (tmp_path / "orderlint" / "data").glob("kucoin-*.pickle")
    assert repr(datafiles.read_data_file(path, meta="ruleset.schema.json")) == repr(first) == repr(expected)

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("cache code ran",))

    cached.write_bytes(pickle.dumps({"codes": Boom()}))
    assert repr(datafiles.read_data_file(path, meta="ruleset.schema.json")) == repr(expected)  # refused, read the file
    cached.write_bytes(b"not a pickle")
    assert repr(datafiles.read_data_file(path, meta="ruleset.schema.json")) == repr(expected)


def test_shipped_yaml_cache_is_keyed_by_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing a data file (a new size or modification time) never reads the old content from the cache."""
    import os
    import shutil

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(datafiles, "is_shipped", lambda path: True)  # a copy we may edit, read as shipped
    copy = tmp_path / "rules.yaml"
    shutil.copy(ROOT / "rules" / "kucoin.yaml", copy)
    before = datafiles.read_data_file(copy)
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    os.utime(copy, ns=(1, 1))
    after = datafiles.read_data_file(copy)
    assert after == before and len(list((tmp_path / "cache" / "orderlint" / "data").glob("*.pickle"))) == 2
