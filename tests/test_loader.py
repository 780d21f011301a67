"""The loader: exact decimals, positions, and the refusals (duplicates, NaN, unsafe tags, bombs, encodings)."""

from __future__ import annotations

import os
from decimal import Decimal

from validator.limits import Limits
from validator.loading import load_file, load_text


def only(text: str, fmt: str | None = None):
    docs = load_text(text, "t", fmt)
    assert len(docs) == 1
    return docs[0]


def codes(doc) -> list[str]:
    return [p.code for p in doc.problems]


def test_yaml_numbers_keep_their_text():
    doc = only("a: 0.1\nb: 0.07\nc: 1.10\nd: 42\n")
    assert doc.data == {"a": Decimal("0.1"), "b": Decimal("0.07"), "c": Decimal("1.10"), "d": 42}
    assert str(doc.data["c"]) == "1.10"


def test_json_numbers_are_decimal():
    doc = only('{"price": 0.1, "n": 5, "e": 1.5e3}')
    assert doc.data == {"price": Decimal("0.1"), "n": 5, "e": Decimal("1.5E+3")}
    assert not isinstance(doc.data["price"], float)


def test_positions_yaml_and_json():
    doc = only("order:\n  side: buy\n  price: \"1\"\n")
    assert doc.sourcemap.value("/order/price") == (3, 10)
    assert doc.sourcemap.key("/order/price") == (3, 3)
    doc = only('{\n  "order": {\n\t"price": "1"}}')
    assert doc.sourcemap.value("/order/price") == (3, 11)


def test_duplicate_keys_reported_in_both_formats():
    doc = only("a: 1\nb: 2\na: 3\n")
    assert codes(doc) == ["P002"] and doc.problems[0].line == 3 and doc.data["a"] == 3
    doc = only('{"a": 1, "a": 2}')
    assert codes(doc) == ["P002"]


def test_non_finite_rejected():
    assert codes(only('{"p": NaN, "q": -Infinity}')) == ["P004", "P004"]
    assert codes(only("p: .inf\n")) == ["P004"]


def test_absurd_exponent_bounded():
    doc = only('{"p": 1e999999999}')
    assert codes(doc) == ["P007"]


def test_yaml11_surprises_warned():
    doc = only("a: on\nb: 017\nc: 1_000\nd: yes\n")
    assert codes(doc) == ["P003"] * 4
    assert doc.data["a"] is True and doc.data["b"] == 15


def test_unsafe_tag_refused_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    doc = only(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not doc.ok and codes(doc) == ["P005"]
    assert not marker.exists()


def test_alias_bomb_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    doc = only("\n".join(lines) + "\n")
    assert not doc.ok and codes(doc) == ["P006"]


def test_deep_nesting_refused():
    assert codes(only("[" * 200 + "]" * 200)) == ["P006"]
    assert codes(only("a:\n" + "".join("  " * i + "- \n" for i in range(1, 100)))) in (["P006"], ["P001"])


def test_merge_keys_and_positions():
    doc = only("base: &b {symbol: BTC-USDT, side: buy}\norder:\n  <<: *b\n  side: sell\n")
    assert doc.data["order"] == {"symbol": "BTC-USDT", "side": "sell"}
    assert doc.sourcemap.value("/order/side") == (4, 9)


def test_stream_survives_a_broken_document():
    docs = load_text("a: 1\n---\nb: [\n---\nc: 3\n", "t")
    assert [d.ok for d in docs] == [True, False, True]
    assert docs[2].data == {"c": 3}


def test_json_array_of_documents_and_jsonl():
    docs = load_text('[{"order": {}}, {"order": {"x": 1}}]', "t", "json")
    assert len(docs) == 2 and docs[1].index == 1
    docs = load_text('{"order": 1}\n\nbad\n{"order": 2}\n', "t", "jsonl")
    assert [d.ok for d in docs] == [True, False, True] and docs[2].index == 2


def test_files_encodings(tmp_path):
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffa: 1\r\nb: 2\r\n".encode())
    assert load_file(bom)[0].data == {"a": 1, "b": 2}
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: caf\xe9\n")
    doc = load_file(latin)[0]
    assert codes(doc) == ["P001"] and (doc.problems[0].line, doc.problems[0].column) == (1, 7)
    binary = tmp_path / "x.json"
    binary.write_bytes(b"\x00\x01\x02")
    assert codes(load_file(binary)[0]) == ["P001"]
    assert codes(load_file(tmp_path / "missing.yaml")[0]) == ["P009"]
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert codes(load_file(empty)[0]) == ["P008"]


def test_size_cap(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2048)
    assert codes(load_file(big, Limits(max_bytes=1024))[0]) == ["P009"]
    assert os.path.getsize(big) == 2048
