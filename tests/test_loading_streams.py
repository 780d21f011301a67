"""YAML streams with broken documents: every document keeps its verdict and index, whatever the line ends."""

from __future__ import annotations

import time

import pytest

from validator.loading import load_bytes, load_text
from validator.yaml_source import split_documents

GOOD = 'venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: "1", size: "1"}\n'
BROKEN = "venue: [kucoin\n"
BELL = 'venue: kucoin\noperation: add_order\norder: {remark: "a\x07b"}\n'


def _summary(text: str) -> list[tuple[bool, list[tuple[str, int | None]]]]:
    return [(d.ok, [(p.code, p.line) for p in d.problems]) for d in load_text(text, "<t>", "yaml")]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_recovery_is_the_same_for_every_line_end(newline: str) -> None:
    text = "---\n".join([BROKEN, GOOD, BROKEN, GOOD]).replace("\n", newline)
    assert _summary(text) == [(False, [("P001", 1)]), (True, []), (False, [("P001", 7)]), (True, [])]  # at the unclosed [


def test_syntax_error_then_control_character_loses_nothing_between() -> None:
    text = "---\n".join([BROKEN, GOOD, GOOD, BELL, GOOD])
    got = _summary(text)
    assert [ok for ok, _ in got] == [False, True, True, False, True]
    assert got[3][1] == [("P001", 13)]
    assert [d.index for d in load_text(text, "<t>", "yaml")] == [0, 1, 2, 3, 4]


def test_bom_at_the_start_of_a_later_document_is_accepted() -> None:
    text = GOOD + "---\n\ufeff" + GOOD
    assert _summary(text) == [(True, []), (True, [])]
    text = GOOD + "---\n\ufeff" + BROKEN + "---\n" + GOOD
    assert [ok for ok, _ in _summary(text)] == [True, False, True]


def test_positions_after_recovery_are_absolute() -> None:
    text = BROKEN + "---\n" + GOOD.replace('price: "1"', "price: 1e-999999999999999999999")
    docs = load_text(text, "<t>", "yaml")
    assert [(p.code, p.line) for p in docs[1].problems][:1] == [("P003", 5)]
    assert docs[1].sourcemap is not None and docs[1].sourcemap.value("/order")[0] == 5


def test_split_documents_keeps_directives_with_their_document() -> None:
    pieces = split_documents("# c\n%YAML 1.2\n---\na: 1\n---\nb: 2\n")
    assert [line for line, _ in pieces] == [0, 4]
    assert pieces[0][1].startswith("# c\n%YAML")


def test_recovery_time_is_linear() -> None:
    def cost(n: int) -> float:
        """CPU seconds (the best of three, so a busy machine does not decide) to recover n documents."""
        text = "---\n".join([BROKEN, GOOD] * (n // 2))
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            docs = load_text(text, "<t>", "yaml")
            best = min(best, time.process_time() - started)
            assert len(docs) == n
        return best

    cost(200)  # warm up
    small, large = cost(2000), cost(4000)
    assert large < 4 * small + 0.5  # linear (2x) with generous slack; the old recovery was cubic (8x)
    assert large < 20


def test_one_bad_byte_costs_only_its_document() -> None:
    raw = (GOOD + "---\n" + GOOD.replace("kucoin", "caf\xe9") + "---\n" + GOOD).encode("latin-1")
    docs = load_bytes(raw, "<t>", "yaml")
    assert [(d.ok, [(p.code, p.line) for p in d.problems]) for d in docs] == [(True, []), (False, [("P001", 5)]), (True, [])]
    raw = (GOOD + "---\n" + GOOD.replace("kucoin", "ku\x00coin") + "---\n" + GOOD).encode()
    assert [d.ok for d in load_bytes(raw, "<t>", "yaml")] == [True, False, True]


def test_binary_input_is_still_one_p001() -> None:
    docs = load_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "<t>")
    assert [[p.code for p in d.problems] for d in docs] == [["P001"]]


def test_recovering_many_broken_documents_reads_the_text_once_per_error(monkeypatch) -> None:
    """Help for a syntax error looks up its line in a table built once per text, not by splitting the whole
    stream per error (which made recovery quadratic: 16,000 broken documents took 20 s)."""
    from validator import syntax_help

    built = []
    real = syntax_help._BREAK

    class Counting:
        def finditer(self, text):
            built.append(len(text))
            return real.finditer(text)

        def search(self, text, start):
            return real.search(text, start)

    monkeypatch.setattr(syntax_help, "_BREAK", Counting())
    monkeypatch.setattr(syntax_help, "_starts_of", None)
    text = "---\n".join(["a: [b\n"] * 300 + ["a: {b\n"] * 300)
    documents = load_text(text, "<t>", "yaml")
    assert len(documents) == 600 and all(d.problems[0].code == "P001" for d in documents)
    assert len(built) <= 2  # the whole stream once (and at most once more for a recomposed piece)
