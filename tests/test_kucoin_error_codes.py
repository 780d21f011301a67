"""What users see for KuCoin's market-metadata rules names the error KuCoin answers with."""

from __future__ import annotations

import re

import pytest

CODES = {"price-increment": "400100", "size-increment": "400100", "size-within-bounds": "400100",
         "min-order-value": "400760", "symbol-trading-enabled": "600203"}


@pytest.mark.parametrize("rule_id", sorted(CODES))
def test_reference_names_the_venue_error(validator, rule_id):
    rule = next(r for r in validator.rules if r.venue == "kucoin" and r.id == rule_id)
    assert CODES[rule_id] in rule.reference
    assert re.search(r"\bseed\b|DESIGN|ruling|catalog", rule.reference) is None
