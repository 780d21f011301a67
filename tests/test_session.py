"""Sessions: client order ids remembered across orders, with the venue's window and an injectable clock."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator import Session, Validator
from validator.cli import main
from validator.resources import data_root

T0 = 1_795_253_400_000  # 2026-11-21T09:30:00Z in epoch ms
HOUR = 3_600_000


def order(oid: str, price: str = "50000", **extra) -> dict:
    return {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": price, "size": "0.001", "clientOid": oid, **extra}


class Clock:
    """A clock tests move by hand."""

    def __init__(self, now_ms: int = T0) -> None:
        self.now_ms = now_ms

    def __call__(self) -> int:
        return self.now_ms


def reused(result) -> list:
    return [d for d in result.diagnostics if d.code == "R204"]


def test_plain_check_has_no_memory(validator):
    assert validator.check(order("same"), "kucoin", "add_order").valid
    assert validator.check(order("same"), "kucoin", "add_order").valid


def test_kucoin_client_oid_is_never_reusable(validator):
    clock = Clock()
    session = validator.session(clock=clock)
    assert isinstance(session, Session)
    assert session.check(order("grid-1"), "kucoin", "add_order", origin="strategy A order 1").valid
    clock.now_ms += 400 * 24 * HOUR  # more than a year later: KuCoin sets no window
    result = session.check(order("grid-1", "49000"), "kucoin", "add_order")
    [diag] = reused(result)
    assert not result.valid
    assert diag.pointer == "/clientOid" and diag.severity == "error"
    # no wall-clock time in the message: the same input gives the same output on every run
    assert diag.message == ('clientOid "grid-1" was already used by strategy A order 1, an order accepted earlier in this session; '
                            "KuCoin asks never to reuse one")
    assert session.check(order("grid-2"), "kucoin", "add_order").valid


def test_a_rejected_order_does_not_take_its_id(validator):
    session = validator.session(clock=Clock())
    bad = session.check(order("retry-me", price="50000.05"), "kucoin", "add_order")  # off the tick
    assert [d.code for d in bad.diagnostics] == ["R101"]
    fixed = session.check(order("retry-me", price="50000.1"), "kucoin", "add_order")
    assert fixed.valid, fixed.diagnostics
    assert reused(session.check(order("retry-me"), "kucoin", "add_order"))


def test_batches_take_and_check_every_item(validator):
    session = validator.session(clock=Clock())
    batch = {"orderList": [order("b-1"), order("b-2", "49900")]}
    assert session.check(batch, "kucoin", "batch_add_orders").valid
    assert len(session) == 2
    again = session.check({"orderList": [order("b-3"), order("b-2", "49800")]}, "kucoin", "batch_add_orders")
    assert [d.pointer for d in reused(again)] == ["/orderList/1/clientOid"]
    # the sync endpoints share one pool of ids with the others
    assert reused(session.check(order("b-1"), "kucoin", "add_order_sync"))


def test_test_orders_neither_take_nor_check_ids(validator):
    session = validator.session(clock=Clock())
    assert session.check(order("t-1"), "kucoin", "add_order_test").valid
    assert session.check(order("t-1"), "kucoin", "add_order").valid
    assert session.check(order("t-1"), "kucoin", "add_order_test").valid


def test_clock_drives_time_rules_too(validator):
    clock = Clock()
    session = validator.session(clock=clock)
    timed = order("c-1", allowMaxTimeWindow=20, clientTimestamp=T0)
    assert session.check(timed, "kucoin", "add_order").valid
    clock.now_ms += 1000
    late = session.check(order("c-2", allowMaxTimeWindow=20, clientTimestamp=T0), "kucoin", "add_order")
    assert [d.code for d in late.diagnostics] == ["R301"]
    # an explicit `now` wins over the clock
    assert session.check(order("c-3", allowMaxTimeWindow=20, clientTimestamp=T0), "kucoin", "add_order", now=T0).valid


def test_capacity_forgets_the_oldest_first(validator):
    session = validator.session(clock=Clock(), capacity=2)
    for oid in ("a", "b", "c"):
        assert session.check(order(oid), "kucoin", "add_order").valid
    assert len(session) == 2
    assert session.check(order("a"), "kucoin", "add_order").valid  # forgotten
    assert reused(session.check(order("c"), "kucoin", "add_order"))
    session.forget("kucoin")
    assert len(session) == 0
    assert session.check(order("c"), "kucoin", "add_order").valid
    with pytest.raises(ValueError):
        validator.session(capacity=0)


@pytest.fixture(scope="module")
def windowed(tmp_path_factory) -> Validator:
    """The shipped data with KuCoin's rule given a 24-hour window, as BigONE's client_order_id has."""
    root = tmp_path_factory.mktemp("data")
    for folder in ("schemas", "rules", "markets"):
        shutil.copytree(data_root() / folder, root / folder)
    rules = root / "rules" / "kucoin.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "window: forever" in text
    rules.write_text(text.replace("window: forever", "window: 24h"), encoding="utf-8")
    return Validator(data_dir=root)


def test_window_frees_an_id_after_it_passes(windowed):
    clock = Clock()
    session = windowed.session(clock=clock)
    assert session.check(order("w-1"), "kucoin", "add_order").valid
    clock.now_ms = T0 + 24 * HOUR - 1
    assert reused(session.check(order("w-1"), "kucoin", "add_order"))
    clock.now_ms = T0 + 24 * HOUR
    assert session.check(order("w-1"), "kucoin", "add_order").valid
    # reusing it restarted the window
    clock.now_ms = T0 + 47 * HOUR
    assert reused(session.check(order("w-1"), "kucoin", "add_order"))


def test_window_drops_expired_ids_from_memory(windowed):
    clock = Clock()
    session = windowed.session(clock=clock)
    for n in range(5):
        assert session.check(order(f"old-{n}"), "kucoin", "add_order").valid
    clock.now_ms += 25 * HOUR
    assert session.check(order("new"), "kucoin", "add_order").valid
    assert len(session) == 1


def test_session_is_thread_safe(validator):
    session = validator.session(clock=Clock())
    accepted = []
    lock = threading.Lock()

    def worker() -> None:
        for n in range(60):
            result = session.check(order(f"t-{n}"), "kucoin", "add_order")
            if result.valid:
                with lock:
                    accepted.append(n)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(accepted) == list(range(60))  # each id accepted exactly once


def test_cli_run_is_one_session(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: '50000', size: '0.001', clientOid: dup-1}\n")
    (tmp_path / "b.yaml").write_text(
        "venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: sell, type: limit, price: '51000', size: '0.001', clientOid: dup-1}\n")
    result = CliRunner().invoke(main, ["check", "--session", "run", "--now", "2026-11-21T09:30:00Z", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{tmp_path / 'b.yaml'}:3:" in result.output
    assert f'R204 [error] clientOid "dup-1" was already used by {tmp_path / "a.yaml"} document 1' in result.output
    assert "1 valid, 1 rejected" in result.output


def test_cli_separate_runs_do_not_share_memory(tmp_path):
    path = Path(tmp_path / "a.yaml")
    path.write_text("venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: '50000', size: '0.001', clientOid: x}\n")
    for _ in range(2):
        assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 0


def test_cli_remember_bounds_the_run_memory(tmp_path):
    lines = [f'{{"venue": "kucoin", "operation": "add_order", "order": {{"symbol": "BTC-USDT", "side": "buy", "type": "limit", '
             f'"price": "50000", "size": "0.001", "clientOid": "{oid}"}}}}' for oid in ("r-1", "r-2", "r-3", "r-1", "r-3")]
    runner = CliRunner()
    args = ["check", "--session", "run", "--jsonl", "-", "--format", "json-lines", "--now", "2026-11-21T09:30:00Z"]
    full = runner.invoke(main, args, input="\n".join(lines) + "\n")
    assert [line.count("R204") for line in full.output.splitlines()[:-1]] == [0, 0, 0, 1, 1]  # then the summary line
    short = runner.invoke(main, [*args, "--remember", "2"], input="\n".join(lines) + "\n")
    assert [line.count("R204") for line in short.output.splitlines()[:-1]] == [0, 0, 0, 0, 1]  # r-1 was forgotten


def test_explain_shows_the_session_history():
    result = CliRunner().invoke(main, ["explain", "R204"])
    assert "Accepted earlier in the session (add_order)" in result.output
