"""Every venue is data: each of its operations is checked, and no venue is named in the engine's code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from validator import Validator
from validator.resources import data_root

ROOT = data_root()
VENUE_IDS = sorted(p.parent.name for p in (ROOT / "schemas").glob("*/venue.yaml"))
# DESIGN lists 7 Poloniex operations; the venue's SDK documents an eighth, the smart-order history (GET /smartorders/history)
EXPECTED = {"kucoin": 49, "bigone": 8, "dfx": 6, "poloniex": 8, "alphasec": 9}


def test_the_five_venues_of_the_product_are_there():
    assert set(VENUE_IDS) == set(EXPECTED)


@pytest.mark.parametrize("venue", sorted(EXPECTED))
def test_every_operation_is_checked(validator: Validator, venue):
    spec = validator.venues[venue]
    assert len(spec.operations) == EXPECTED[venue]
    unchecked = sorted(op.id for op in spec.operations.values() if not op.schema)
    assert not unchecked, f"{venue}: known but not checked: {unchecked}"
    for op in spec.operations.values():
        assert validator.compiled(venue, op.id) is not None


def test_no_venue_named_in_the_engine():
    package = Path(__file__).resolve().parent.parent / "validator"
    pattern = re.compile(r"\b(" + "|".join(VENUE_IDS) + r")\b", re.IGNORECASE)
    hits = [f"{path.relative_to(package)}:{number}: {line.strip()}"
            for path in sorted(package.rglob("*.py")) if "_data" not in path.parts
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if pattern.search(line)]
    assert not hits, "\n".join(hits)
