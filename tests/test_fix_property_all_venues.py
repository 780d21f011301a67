"""Offered fixes are right or absent, for every venue and rule: applying them never adds an error.

Inputs: every rule's documented bad example (each venue's own), and hypothesis variations of every
rule's good example in which the decimal members get random values (off-grid, tiny, huge).
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import Validator
from validator.fixes import fixed_request

NOW = "2026-11-21T09:30:00Z"
VALIDATOR = Validator()
EXAMPLES = [(rule.venue, rule.id, example.get("operation", rule.operations[0]), example)
            for rule in VALIDATOR.rules for example in rule.examples]
BAD = [(v, rid, op, ex["bad"]) for v, rid, op, ex in EXAMPLES if "bad" in ex]
GOOD = [(v, rid, op, ex["good"]) for v, rid, op, ex in EXAMPLES if isinstance(ex.get("good"), dict)]
DECIMAL_MEMBERS = {"price", "size", "funds", "stopPrice", "limitPrice", "newPrice", "newSize", "visibleSize",
                   "cancelSize", "amount", "stop_price", "quantity"}


def _errors(result) -> set[tuple[str, str]]:
    return {(d.code, d.pointer) for d in result.diagnostics if d.severity == "error"}


def _fix_adds_nothing(venue: str, operation: str, request) -> None:
    before = VALIDATOR.check(request, venue, operation, now=NOW)
    if not any(d.fix for d in before.diagnostics):
        return
    after = VALIDATOR.check(fixed_request(request, before.diagnostics, unsafe=True), venue, operation, now=NOW)
    new = _errors(after) - _errors(before)
    assert not new, (request, [(d.code, d.pointer, d.fix) for d in before.diagnostics if d.fix],
                     [(d.code, d.message) for d in after.diagnostics])


@pytest.mark.parametrize(("venue", "rule_id", "operation", "request_"), BAD, ids=[f"{v}/{r}" for v, r, _, _ in BAD])
def test_fixes_on_documented_bad_examples_add_no_error(venue, rule_id, operation, request_):
    _fix_adds_nothing(venue, operation, copy.deepcopy(request_))


def _decimal_members(obj, path=()):
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in DECIMAL_MEMBERS and isinstance(value, str):
                yield path + (key,)
            yield from _decimal_members(value, path + (key,))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from _decimal_members(value, path + (index,))


VARIABLE = [(v, r, op, g, list(_decimal_members(g))) for v, r, op, g in GOOD]
VARIABLE = [entry for entry in VARIABLE if entry[4]]
amounts = st.decimals(min_value=Decimal("0.000000001"), max_value=Decimal("100000"), allow_nan=False, places=9)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_fixes_on_varied_good_examples_add_no_error(data):
    if not VARIABLE:
        pytest.skip("no rule example with decimal members")
    venue, _, operation, good, paths = data.draw(st.sampled_from(VARIABLE))
    request = copy.deepcopy(good)
    for path in paths:
        if data.draw(st.booleans()):
            parent = request
            for token in path[:-1]:
                parent = parent[token]
            parent[path[-1]] = format(data.draw(amounts).normalize(), "f")
    _fix_adds_nothing(venue, operation, request)
