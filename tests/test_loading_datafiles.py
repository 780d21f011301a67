"""Data files (markets, rules, configuration): their own larger caps; absurd numbers are errors with a position."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import deadline

from validator.datafiles import DataFileError, read_data_file

MARKETS = {"venue": "kucoin", "markets": {f"S{i}-USDT": {"price_increment": "0.01", "base_increment": "0.0001", "base_min": "0.001",
                                                        "base_max": "10000", "quote_min": "1", "enabled": True} for i in range(10_000)}}


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_ten_thousand_symbol_markets_file_loads(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"markets{suffix}"
    path.write_text(json.dumps(MARKETS) if suffix == ".json" else yaml.safe_dump(MARKETS))
    with deadline():
        data = read_data_file(path)
    assert len(data["markets"]) == 10_000


@pytest.mark.parametrize(("name", "text", "where"), [
    ("huge.yaml", "venue: kucoin\nmarkets:\n  A-B: {base_max: " + "1" + "0" * 5000 + "}\n", (3, 19)),
    ("huge.json", '{"venue": "kucoin",\n "markets": {"A-B": {"base_max": 1' + "0" * 5000 + "}}}", (2, 34)),
    ("exp.json", '{"venue": "kucoin",\n "markets": {"A-B": {"base_max": 1e9999999999999999999}}}', (2, 34)),
    ("exp.yaml", "venue: kucoin\nmarkets:\n  A-B: {base_max: 1.0e+9999999999999999999}\n", (3, 19)),
])
def test_absurd_numbers_in_data_files_are_data_file_errors(tmp_path: Path, name: str, text: str, where: tuple[int, int]) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(DataFileError) as caught:
        read_data_file(path)
    assert (caught.value.line, caught.value.column) == where
    assert "out of range" in str(caught.value) and f"{name}:{where[0]}:{where[1]}" in str(caught.value)


def test_alias_bombs_are_still_refused_in_data_files() -> None:
    with deadline(), pytest.raises(DataFileError) as caught:
        read_data_file(Path(__file__).parent / "hostile" / "alias-bomb.yaml")
    assert "nodes" in str(caught.value)
