"""Fixes: exactly the value's source span replaced; formatting, comments and other bytes untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validator import Validator
from validator.diagnostics import Diagnostic, Fix
from validator.documents import DocumentResult, check_document
from validator.fixes import choose_fixes, fix_files, fixed_request
from validator.loading import load_file


def _diag(pointer: str, value: object, applicability: str = "safe", code: str = "R101") -> Diagnostic:
    return Diagnostic(code, "price-increment", "error", "m", pointer, fix=Fix(pointer, value, applicability))


def _result(path: Path, *diags: Diagnostic, document: int = 0) -> DocumentResult:
    return DocumentResult(str(path), document, "kucoin", "add_order", list(diags))


YAML = """# orders for the bot
venue: kucoin          # venue
operation: add_order
order:
  symbol: BTC-USDT     # pair
  side: buy
  type: limit
  price: "50000.15"    # keep this comment
  size: '0.0010000005' # and this one
  remark: plain text here  # and this
"""


@pytest.mark.parametrize("pointer,value,old,new", [
    ("/price", "50000.1", '"50000.15"', '"50000.1"'),
    ("/size", "0.001", "'0.0010000005'", "'0.001'"),
    ("/remark", "other text", "plain text here", '"other text"'),
    ("/side", "sell", "buy", '"sell"'),
])
def test_yaml_span_replaced_keeping_quotes_and_comments(tmp_path: Path, pointer: str, value: str, old: str, new: str) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(YAML)
    outcome = fix_files([_result(path, _diag(pointer, value))], write=True)
    assert outcome.changed == [str(path)] and len(outcome.applied) == 1 and outcome.applied[0].old == old
    assert path.read_text() == YAML.replace(old, new, 1)
    assert load_file(path)[0].data["order"][pointer[1:]] == value


def test_json_number_and_string_tokens(tmp_path: Path) -> None:
    text = '{"venue": "kucoin", "operation": "add_order",\n "order": {"symbol": "BTC-USDT", "side": "buy", "type": "limit",\n  "price": 50000.15, "size": "0.0010000005"}}\n'
    path = tmp_path / "o.json"
    path.write_text(text)
    outcome = fix_files([_result(path, _diag("/price", "50000.1"), _diag("/size", "0.001", code="R102"))], write=True)
    assert path.read_text() == text.replace("50000.15", '"50000.1"').replace('"0.0010000005"', '"0.001"')
    assert {a.pointer for a in outcome.applied} == {"/price", "/size"}


def test_flow_mapping_and_multi_document_stream(tmp_path: Path) -> None:
    text = ("venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: 50000.15, size: '1'}  # c\n"
            "---\nvenue: kucoin\noperation: add_order\norder:\n  price: 7.77\n  size: 1\n")
    path = tmp_path / "s.yaml"
    path.write_text(text)
    outcome = fix_files([_result(path, _diag("/price", "50000.1")), _result(path, _diag("/price", "7.7"), document=1)], write=True)
    assert len(outcome.applied) == 2
    assert path.read_text() == text.replace("price: 50000.15,", 'price: "50000.1",').replace("price: 7.77", 'price: "7.7"')


def test_crlf_and_bom_preserved(tmp_path: Path) -> None:
    text = "\ufeffvenue: kucoin\r\noperation: add_order\r\norder:\r\n  price: '1.25'\r\n  size: '1'\r\n"
    path = tmp_path / "c.yaml"
    path.write_bytes(text.encode("utf-8"))
    fix_files([_result(path, _diag("/price", "1.2"))], write=True)
    assert path.read_bytes() == text.replace("'1.25'", "'1.2'").encode("utf-8")


def test_unsafe_only_when_asked_and_diff_without_write(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(YAML)
    outcome = fix_files([_result(path, _diag("/price", "50000.1", "unsafe"))], write=False)
    assert not outcome.applied and "--unsafe-fixes" in outcome.skipped[0].reason
    outcome = fix_files([_result(path, _diag("/price", "50000.1", "unsafe"))], unsafe=True, write=False)
    assert outcome.applied and "-  price: \"50000.15\"" in outcome.diff and "+  price: \"50000.1\"" in outcome.diff
    assert path.read_text() == YAML  # --diff writes nothing
    shown = fix_files([_result(path, _diag("/price", "50000.1", "display-only"))], unsafe=True)
    assert not shown.applied


def test_conflicting_fixes_on_one_member_are_all_skipped(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(YAML)
    outcome = fix_files([_result(path, _diag("/size", "0.001", code="R102"), _diag("/size", "0.00001", code="R105"))], write=True)
    assert not outcome.applied and len(outcome.skipped) == 2 and path.read_text() == YAML
    agreeing = fix_files([_result(path, _diag("/size", "0.001", code="R102"), _diag("/size", "0.001", code="R107"))])
    assert len(agreeing.applied) == 1


def test_a_fix_that_adds_a_member_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(YAML)
    outcome = fix_files([_result(path, _diag("/timeInForce", "GTT"))], write=True)
    assert not outcome.applied and "by hand" in outcome.skipped[0].reason and path.read_text() == YAML


def test_block_scalars_and_aliases_are_not_rewritten(tmp_path: Path) -> None:
    text = "venue: kucoin\noperation: add_order\norder:\n  remark: |\n    long\n  price: &p '1.25'\n  stopPrice: *p\n"
    path = tmp_path / "b.yaml"
    path.write_text(text)
    outcome = fix_files([_result(path, _diag("/remark", "x"), _diag("/stopPrice", "1.2"))], write=True)
    assert not outcome.applied and path.read_text() == text


def test_fixed_files_recheck_clean_for_tick_and_step(tmp_path: Path) -> None:
    validator = Validator()
    path = tmp_path / "t.yaml"
    original = ("# template\nvenue: kucoin\noperation: add_order\norder:\n  symbol: BTC-USDT  # pair\n  side: buy\n"
                "  type: limit\n  price: '50000.15'   # tick 0.1\n  size: \"0.0010000005\"  # step 1e-8\n  clientOid: a-1\n")
    path.write_text(original)
    results = [check_document(validator, doc) for doc in load_file(path)]
    assert {d.code for d in results[0].diagnostics} >= {"R101", "R102"}
    outcome = fix_files(results, unsafe=True, write=True)
    assert outcome.applied
    again = [check_document(validator, doc) for doc in load_file(path)]
    assert all(r.valid for r in again), [d.message for r in again for d in r.diagnostics]
    new = path.read_text()
    old_lines, new_lines = original.splitlines(), new.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert len(old_lines) == len(new_lines) and changed == [7, 8]
    for i in changed:  # only the value changed: the key, the quote style and the comment are identical
        assert old_lines[i].split(":")[0] == new_lines[i].split(":")[0]
        assert old_lines[i].split("#")[1] == new_lines[i].split("#")[1]


def test_write_is_atomic_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(YAML)
    path.chmod(0o640)
    fix_files([_result(path, _diag("/price", "50000.1"))], write=True)
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["o.yaml"]  # no temp file left behind


def test_stdin_results_are_skipped() -> None:
    outcome = fix_files([DocumentResult("<stdin>", 0, "kucoin", "add_order", [_diag("/price", "1")])], write=True)
    assert not outcome.applied and outcome.skipped


# -- the Python API ------------------------------------------------------------------------------------

def test_fixed_request_is_a_copy_with_the_fixes() -> None:
    request = {"symbol": "BTC-USDT", "price": "50000.15", "size": "0.0010000005", "list": [{"p": "1"}]}
    diags = [_diag("/price", "50000.1"), _diag("/size", "0.001", "unsafe"), _diag("/list/0/p", "2")]
    fixed = fixed_request(request, diags)
    assert fixed == {"symbol": "BTC-USDT", "price": "50000.1", "size": "0.0010000005", "list": [{"p": "2"}]}
    assert request["price"] == "50000.15" and request["list"][0]["p"] == "1"
    assert fixed_request(request, diags, unsafe=True)["size"] == "0.001"


def test_fixed_request_never_applies_two_fixes_to_one_member() -> None:
    chosen, skipped = choose_fixes([_diag("/size", "1"), _diag("/size", "2"), _diag("/a", {"b": 1}), _diag("/a/b", 3)])
    assert "/size" not in chosen and "/a" in chosen and "/a/b" not in chosen and len(skipped) == 3


def test_fixed_request_with_the_engine_rechecks_clean() -> None:
    validator = Validator()
    request = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000.15", "size": "0.0010000005"}
    result = validator.check(request, "kucoin", "add_order")
    assert not result.valid
    assert validator.check(fixed_request(request, result.diagnostics, unsafe=True), "kucoin", "add_order").valid


@settings(max_examples=60, deadline=None)
@given(price=st.decimals(min_value="0.01", max_value="99999", places=3), size=st.decimals(min_value="0.001", max_value="50", places=9))
def test_applying_the_offered_fixes_never_adds_an_error(price, size) -> None:
    validator = _VALIDATOR
    request = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": format(price, "f"), "size": format(size, "f")}
    before = validator.check(request, "kucoin", "add_order")
    after = validator.check(fixed_request(request, before.diagnostics, unsafe=True), "kucoin", "add_order")
    old = {(d.code, d.pointer) for d in before.errors}
    assert {(d.code, d.pointer) for d in after.errors} <= old


_VALIDATOR = Validator()
