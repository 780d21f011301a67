"""`orderlint markets fetch/import/diff/status`, with recorded responses instead of the network."""

from __future__ import annotations

import json
import urllib.error
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator import fetch as fetch_module
from validator.cli_markets import markets
from validator.markets import default_markets, load_markets

DATA = Path(__file__).parent / "data" / "markets"
RECORDED = {"kucoin": "kucoin_symbols.json", "bigone": "bigone_asset_pairs.json", "dfx": "dfx_symbols.json",
            "poloniex": "poloniex_markets.json", "alphasec": "alphasec_market.json"}


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every venue endpoint answers its recorded response; the URLs asked for are recorded."""
    asked: list[str] = []

    def opener(url: str, timeout: float) -> bytes:
        asked.append(url)
        for venue, name in RECORDED.items():
            if venue in url or (venue == "bigone" and "big.one" in url) or (venue == "dfx" and "dfx.hk" in url):
                return (DATA / name).read_bytes()
        raise urllib.error.URLError("no route")

    monkeypatch.setattr(fetch_module, "open_url", opener)
    return asked


@pytest.mark.parametrize("venue", sorted(RECORDED))
def test_fetch_writes_the_cache_that_default_markets_prefers(venue: str, offline: list[str], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    result = CliRunner().invoke(markets, ["fetch", "--venue", venue])
    assert result.exit_code == 0, result.output
    cached = tmp_path / "orderlint" / "markets" / f"{venue}.json"
    document = json.loads(cached.read_text())
    assert document["venue"] == venue and document["fetched_at"].endswith("Z") and document["markets"]
    origin = default_markets().source_of(venue)
    assert origin.kind == "cache" and not origin.stale() and offline


def test_fetch_to_a_file(offline: list[str], tmp_path: Path) -> None:
    out = tmp_path / "k.json"
    result = CliRunner().invoke(markets, ["fetch", "--venue", "kucoin", "-o", str(out)])
    assert result.exit_code == 0
    assert load_markets(out).get("kucoin", "LUNC-USDT").trading_enabled is False
    assert offline == ["https://api.kucoin.com/api/v2/symbols"]


def test_fetch_offline_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[float] = []

    def down(url: str, timeout: float) -> bytes:
        raise urllib.error.URLError(OSError(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(fetch_module, "open_url", down)
    monkeypatch.setattr(fetch_module.time, "sleep", calls.append)
    result = CliRunner().invoke(markets, ["fetch", "--venue", "kucoin", "--retries", "2", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert "cannot download after 3 attempts" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert calls == [1.0, 2.0]  # exponential back-off
    assert not (tmp_path / "x.json").exists()


def test_fetch_retries_a_busy_venue_then_succeeds(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [urllib.error.HTTPError("u", 503, "Service Unavailable", {}, None), (DATA / "dfx_symbols.json").read_bytes()]

    def flaky(url: str, timeout: float) -> bytes:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(fetch_module, "open_url", flaky)
    fetched = fetch_module.fetch_markets("dfx", sleep=lambda s: None)
    assert len(fetched) == 4 and fetched.source_of("dfx").fetched_at is not None


def test_fetch_does_not_retry_a_client_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(url: str, timeout: float) -> bytes:
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    monkeypatch.setattr(fetch_module, "open_url", refused)
    with pytest.raises(fetch_module.FetchError, match="HTTP 404"):
        fetch_module.fetch_markets("kucoin", sleep=lambda s: pytest.fail("no retry"))


def test_import_each_venue_to_normalized(tmp_path: Path) -> None:
    for venue, name in RECORDED.items():
        out = tmp_path / f"{venue}.json"
        result = CliRunner().invoke(markets, ["import", "--venue", venue, str(DATA / name), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert load_markets(out).table(venue) == load_markets(DATA / name).table(venue)


def test_import_refuses_another_venues_response() -> None:
    result = CliRunner().invoke(markets, ["import", "--venue", "bigone", str(DATA / "kucoin_symbols.json")])
    assert result.exit_code == 2 and "kucoin symbols response, not bigone" in result.output


def test_import_refuses_an_error_answer(tmp_path: Path) -> None:
    path = tmp_path / "err.json"
    path.write_text('{"code": "400100", "msg": "symbol not exists"}')
    result = CliRunner().invoke(markets, ["import", "--venue", "kucoin", str(path)])
    assert result.exit_code == 2 and "400100" in result.output


def _changed(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "old.json"
    CliRunner().invoke(markets, ["import", "--venue", "kucoin", str(DATA / "kucoin_symbols.json"), "-o", str(old)])
    data = json.loads(old.read_text())
    data["markets"]["BTC-USDT"]["price_increment"] = "0.5"
    data["markets"]["ETH-USDT"]["trading_enabled"] = False
    del data["markets"]["XLM-USDT"]
    data["markets"]["NEW-USDT"] = {"price_increment": "0.1"}
    new = tmp_path / "new.json"
    new.write_text(json.dumps(data))
    return old, new


def test_diff_lists_changed_added_removed(tmp_path: Path) -> None:
    old, new = _changed(tmp_path)
    result = CliRunner().invoke(markets, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0
    changes = {c["symbol"]: c for c in json.loads(result.output)["changes"]}
    assert changes["BTC-USDT"]["fields"] == {"price_increment": ["0.1", "0.5"]}
    assert changes["ETH-USDT"]["fields"] == {"trading_enabled": ["true", "false"]}
    assert changes["NEW-USDT"]["change"] == "added" and changes["XLM-USDT"]["change"] == "removed"
    assert "GMT-USDT" not in changes


def test_diff_check_finds_the_templates_a_change_breaks(tmp_path: Path) -> None:
    old, new = _changed(tmp_path)
    templates = tmp_path / "orders"
    templates.mkdir()
    (templates / "breaks.yaml").write_text("venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, "
                                           "type: limit, price: '50000.1', size: '0.001'}\n")
    (templates / "fine.yaml").write_text("venue: kucoin\noperation: add_order\norder: {symbol: GMT-USDT, side: buy, "
                                         "type: limit, price: '1.0817', size: '15'}\n")
    result = CliRunner().invoke(markets, ["diff", str(old), str(new), "--check", str(templates)])
    assert result.exit_code == 1, result.output
    assert "breaks.yaml" in result.output and "R101" in result.output and "fine.yaml" not in result.output
    clean = CliRunner().invoke(markets, ["diff", str(old), str(old), "--check", str(templates)])
    assert clean.exit_code == 0 and "No order document is broken" in clean.output


def test_diff_with_a_malformed_file_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"venue": "kucoin", "markets": {"X": {"base_max": 1' + "0" * 5000 + "}}}")
    result = CliRunner().invoke(markets, ["diff", str(bad), str(DATA / "kucoin_symbols.json")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_status_names_the_shipped_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    result = CliRunner().invoke(markets, ["status"])
    assert result.exit_code == 0 and "shipped snapshot" in result.output


@pytest.mark.parametrize("text", ['{"venue": "kucoin", "markets": {"BTC-USDT": {"base_max": 1' + "0" * 5000 + "}}}",
                                  '{"venue": "kucoin", "markets": {"BTC-USDT": {"price_increment": 1e9999999999999999999}}}',
                                  '{"code": "200000", "data": [{"symbol": "BTC-USDT", "baseCurrency": "BTC", '
                                  '"priceIncrement": "0.1", "enableTrading": "false"}]}'])
def test_check_with_a_malformed_markets_file_exits_2(tmp_path: Path, text: str) -> None:
    from validator.cli import main

    bad = tmp_path / "m.json"
    bad.write_text(text)
    order = tmp_path / "o.yaml"
    order.write_text("venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: '1', size: '1'}\n")
    result = CliRunner().invoke(main, ["check", "--markets", str(bad), str(order)])
    assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and str(bad) in result.output


def test_markets_option_replaces_only_the_venues_it_describes(tmp_path):
    """--markets with KuCoin metadata replaces KuCoin's snapshot whole, and leaves the other venues' metadata."""
    import json

    from click.testing import CliRunner

    from validator.cli import main

    order = tmp_path / "orders.yaml"
    order.write_text("venue: kucoin\noperation: add_order\norder: {symbol: BTC-USDT, side: buy, type: limit, price: '50000', size: '0.001'}\n"
                     "---\nvenue: bigone\noperation: create_order\n"
                     "order: {asset_pair_name: BTC-USDT, side: BID, type: LIMIT, price: '50000', amount: '0.001'}\n")
    markets = Path(__file__).parent / "data" / "markets" / "kucoin_symbols.json"
    out = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "--markets", str(markets), str(order)])
    kucoin, bigone = json.loads(out.output)["results"]
    assert kucoin["markets"]["format"] == "venue-response" and kucoin["markets"]["kind"] == "file"
    assert bigone["markets"]["kind"] == "shipped" and not any(d["code"] == "M001" for d in bigone["diagnostics"])
