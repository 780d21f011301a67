"""Near misses get a hint that names what is wrong and, where one small change fixes it, that value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from validator import Validator
from validator.documents import check_document
from validator.loading import load_text
from validator.nearmiss import non_ascii, repaired

LIMIT = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001"}


@pytest.mark.parametrize(("member", "value", "named", "fixed"), [
    ("symbol", "BTC\u2010USDT", "U+2010 HYPHEN", "BTC-USDT"),            # a look-alike hyphen
    ("symbol", "BTC\u2212USDT", "U+2212 MINUS SIGN", "BTC-USDT"),
    ("symbol", "BTC/USDT", None, "BTC-USDT"),                             # a ccxt unified symbol
    ("symbol", "\ufeffBTC-USDT", "U+FEFF", "BTC-USDT"),                   # a byte-order mark pasted in front
    ("price", "\uff15\uff10\uff10\uff10\uff10", "FULLWIDTH DIGIT FIVE", "50000"),
    ("size", "0.001\u200b", "ZERO WIDTH SPACE", "0.001"),
    ("price", "\u0665\u0660\u0660\u0660\u0660", "ARABIC-INDIC DIGIT FIVE", "50000"),
])
def test_pattern_miss_names_the_character_and_offers_the_repair(validator: Validator, member, value, named, fixed):
    result = validator.check(dict(LIMIT, **{member: value}), "kucoin", "add_order")
    [diag] = [d for d in result.diagnostics if d.code == "S006"]
    assert diag.pointer == f"/{member}"
    if named:
        assert named in diag.help
    assert f'did you mean "{fixed}"' in diag.help
    assert diag.fix is not None and diag.fix.value == fixed and diag.fix.applicability == "unsafe"


@pytest.mark.parametrize(("member", "value"), [("symbol", "btc-usdt"), ("clientOid", "my order 1"), ("price", "-1")])
def test_no_repair_offered_when_no_small_change_fits(validator: Validator, member, value):
    result = validator.check(dict(LIMIT, **{member: value}), "kucoin", "add_order")
    [diag] = [d for d in result.diagnostics if d.code in ("S006",)]
    assert diag.fix is None and "did you mean" not in (diag.help or "")


def test_repaired_and_non_ascii_on_their_own():
    assert repaired("ETH/BTC", r"^[A-Z0-9]+_[A-Z0-9]+$") == "ETH_BTC"
    assert repaired("ETH/BTC", r"^[A-Z0-9]+$") == "ETHBTC"
    assert repaired("ETH-BTC", r"^[A-Z0-9]+-[A-Z0-9]+$") is None  # already matches: nothing to repair
    assert repaired("a/b/c", r"^[a-c-]+$") is None                 # two slashes: not a symbol pair
    assert repaired("x", "(") is None                                # a broken pattern is no crash
    assert non_ascii("plain") is None
    assert non_ascii("caf\u00e9") == "U+00E9 LATIN SMALL LETTER E WITH ACUTE at position 4"


def test_python_decimal_warning_does_not_speak_of_json(validator: Validator):
    result = validator.check(dict(LIMIT, price=Decimal("50000.1")), "kucoin", "add_order")
    [diag] = [d for d in result.diagnostics if d.code == "S009"]
    assert "JSON" not in diag.message and 'send "50000.1"' in diag.message


def _check_text(validator: Validator, text: str):
    [doc] = load_text(text, "t.yaml")
    return check_document(validator, doc, now="2026-11-21T09:30:00Z")


def test_envelope_notes_are_accepted(validator: Validator):
    text = ("venue: kucoin\noperation: add_order\nname: grid buy\ndescription: the lowest rung\ncomment: reviewed\n"
            "tags: [grid]\nx-owner: desk 2\norder: {symbol: BTC-USDT, side: buy, type: limit, price: '50000', size: '0.001'}\n")
    result = _check_text(validator, text)
    assert result.diagnostics == [] or all(d.code != "E006" for d in result.diagnostics)


def test_envelope_typos_are_named(validator: Validator):
    result = _check_text(validator, "venue: kucoin\noperaton: add_order\norder: {symbol: BTC-USDT}\n")
    [e006] = [d for d in result.diagnostics if d.code == "E006"]
    assert "did you mean 'operation'" in e006.message and e006.line == 2
    result = _check_text(validator, "venue: kucoin\noperation: add_order\norders:\n  symbol: BTC-USDT\n")
    [e004] = [d for d in result.diagnostics if d.code == "E004"]
    assert "'orders' looks like a misspelt `order`" in e004.message and e004.line == 3


def test_yaml11_boolean_says_which_reading_is_used(validator: Validator):
    text = ("venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: '50000', "
            "size: '0.001', hidden: off}\n")
    [p003] = [d for d in _check_text(validator, text).diagnostics if d.code == "P003"]
    assert "orderlint reads false" in p003.message


def test_session_forgets_one_id_and_check_many_takes_an_origin(validator: Validator):
    session = validator.session()
    order = dict(LIMIT, clientOid="retry-1")
    assert session.check(order, "kucoin", "add_order").valid
    assert not session.check(order, "kucoin", "add_order").valid  # R204
    session.forget("kucoin", "retry-1")  # the venue never got it: the retry may use the same id
    assert session.check(order, "kucoin", "add_order").valid
    other = dict(LIMIT, clientOid="keep-1")
    results = session.check_many([other, other], "kucoin", "add_order", origin="grid bot #7")
    assert results[0].valid and not results[1].valid
    assert "grid bot #7" in next(d.message for d in results[1].diagnostics if d.code == "R204")


def test_type_messages_use_the_right_article(validator: Validator):
    result = validator.check(dict(LIMIT, timeInForce="GTT", cancelAfter="1"), "kucoin", "add_order")
    assert any(d.message.startswith("cancelAfter must be an integer") for d in result.diagnostics)
    result = validator.check(dict(LIMIT, hidden="yes"), "kucoin", "add_order")
    assert any(d.message.startswith("hidden must be a boolean") for d in result.diagnostics)
