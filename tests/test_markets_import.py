"""Markets metadata: every format loads exactly, types are checked, malformed files are DataFileError."""

from __future__ import annotations

import datetime as dt
import json

from decimal import Decimal
from pathlib import Path

import pytest

from helpers import deadline
from validator.datafiles import DataFileError
from validator.market_import import detect_format, import_data, shipped_mappings
from validator.markets import Markets, default_markets, load_markets, write_normalized

DATA = Path(__file__).parent / "data" / "markets"

NATIVE = [
    ("kucoin_symbols.json", "kucoin", "BTC-USDT", {"price_increment": "0.1", "base_increment": "0.00000001", "base_min": "0.00001",
                                                   "min_notional": "0.1", "trading_enabled": True}),
    ("kucoin_symbol_btc.json", "kucoin", "BTC-USDT", {"price_increment": "0.1", "quote_max": "99999999"}),
    ("bigone_asset_pairs.json", "bigone", "PCX-BTC", {"price_increment": "0.0000001", "base_increment": "0.001",
                                                      "min_notional": "0.0001", "max_notional": "35", "trading_enabled": None}),
    ("poloniex_markets.json", "poloniex", "BTS_BTC", {"price_increment": "0.0000000001", "base_increment": "1",
                                                      "quote_increment": "0.00000001", "base_min": "100", "trading_enabled": False}),
    ("dfx_symbols.json", "dfx", "USDT-USD", {"price_increment": "0.01", "base_min": "5", "trading_enabled": False}),
    ("alphasec_market.json", "alphasec", "3_2", {"trading_enabled": False, "price_increment": None}),
    ("ccxt_kucoin_markets.json", "kucoin", "GMT-USDT", {"price_increment": "0.0001", "base_min": "1"}),
    ("ccxt_poloniex_markets.json", "poloniex", "ETH_USDT", {"base_max": "10000", "quote_max": "2000000"}),
    ("ccxt_bigone_markets.json", "bigone", "BTC-USDT", {"price_increment": "0.01", "base_increment": "0.000001"}),
]


@pytest.mark.parametrize("name,venue,symbol,expected", NATIVE, ids=[n[0] for n in NATIVE])
def test_native_and_ccxt_files_load_exactly(name: str, venue: str, symbol: str, expected: dict) -> None:
    markets = load_markets(DATA / name)
    info = markets.get(venue, symbol)
    assert info is not None, markets.symbols(venue)
    for field, value in expected.items():
        got = info.get(field)
        if isinstance(value, str):
            assert isinstance(got, Decimal) and got == Decimal(value) and str(got.normalize()) == str(Decimal(value).normalize())
        else:
            assert got is value
    assert markets.source_of(venue).venue == venue


def test_format_detection_names_the_format() -> None:
    assert detect_format(json.loads((DATA / "poloniex_markets.json").read_text())) == ("venue-response", "poloniex")
    assert detect_format(json.loads((DATA / "ccxt_kucoin_markets.json").read_text()))[0] == "ccxt"
    assert detect_format({"venue": "kucoin", "markets": {}}) == ("normalized", "kucoin")
    assert detect_format({"hello": 1})[0] == "unknown"


def test_every_venue_has_a_mapping_with_an_endpoint() -> None:
    mappings = shipped_mappings()
    for venue in ("kucoin", "bigone", "dfx", "poloniex", "alphasec"):
        assert mappings[venue].endpoint.startswith("https://")
        assert mappings[venue].documentation.startswith("https://")


def test_scales_and_no_bound_sentinels() -> None:
    pol = load_markets(DATA / "poloniex_markets.json")
    btc = pol.get("poloniex", "BTC_USDT")
    assert btc.price_increment == Decimal("0.01") and btc.base_max is None
    assert "base_max" in btc.unbounded and btc.known("base_max")      # "0" means no check
    eth = pol.get("poloniex", "ETH_USDT")
    assert eth.base_max == Decimal("10000") and "base_max" not in eth.unbounded
    assert pol.get("poloniex", "TRX_USDT").trading_enabled is True     # POST_ONLY still takes maker orders
    assert btc.missing(["min_notional", "base_max"]) == ["min_notional"]


def test_ccxt_unified_fields_without_info_map_venue_ids() -> None:
    dump = json.loads((DATA / "ccxt_kucoin_markets.json").read_text())
    for entry in dump.values():
        entry.pop("info")
    markets = import_data(dump, "<ccxt>", venue="kucoin")
    info = markets.get("kucoin", "BTC-USDT")      # keyed by ccxt's id, not "BTC/USDT"
    assert markets.get("kucoin", "BTC/USDT") is None
    assert info.price_increment == Decimal("0.1") and info.base_increment == Decimal("0.00000001")
    assert info.base_min == Decimal("0.00001") and info.quote_min is None and "quote_min" not in info.unbounded


def test_ccxt_dump_needs_a_venue_when_it_keeps_no_info() -> None:
    dump = json.loads((DATA / "ccxt_kucoin_markets.json").read_text())
    for entry in dump.values():
        entry.pop("info")
    with pytest.raises(DataFileError, match="--venue"):
        import_data(dump, "<ccxt>")


def _kucoin(**changes: object) -> dict:
    data = json.loads((DATA / "kucoin_symbols.json").read_text())
    data["data"][1].update(changes)
    return data


@pytest.mark.parametrize("changes,needle", [
    ({"enableTrading": "false"}, "enableTrading must be true or false"),        # FA-5
    ({"enableTrading": 0}, "enableTrading must be true or false"),
    ({"priceIncrement": "0"}, "must be positive"),
    ({"priceIncrement": "-0.1"}, "priceIncrement"),
    ({"priceIncrement": "1e-8"}, "not a plain decimal"),
    ({"baseMinSize": True}, "baseMinSize"),
    ({"baseMaxSize": {"x": 1}}, "baseMaxSize"),
    ({"symbol": 5}, "is not a symbol"),
])
def test_bad_venue_records_are_refused_naming_the_record(tmp_path: Path, changes: dict, needle: str) -> None:
    path = tmp_path / "symbols.json"
    path.write_text(json.dumps(_kucoin(**changes)))
    with pytest.raises(DataFileError) as info:
        load_markets(path)
    assert needle in str(info.value) and "record 1" in str(info.value) and str(path) in str(info.value)


@pytest.mark.parametrize("text", [
    '{"venue": "kucoin", "markets": {"X": {"base_max": 1' + "0" * 5000 + '}}}',     # huge int
    '{"venue": "kucoin", "markets": {"X": {"price_increment": 1e9999999999999999999}}}',  # huge exponent
    '{"venue": "kucoin", "markets": {"X": {"price_increment": NaN}}}',
    '{"venue": "kucoin", "markets": {"X": {"trading_enabled": "false"}}}',
    '{"venue": "kucoin", "markets": {"X": {"price_incremnt": "0.1"}}}',
    '{"venue": "kucoin", "markets": {"X": {"price_increment": "0.1"}, "X": {}}}',
    '{"venue": "kucoin", "markets": []}',
    '{"venue": 3, "markets": {}}',
    '{"venue": "kucoin", "markets": {"X": 5}}',
    '{"venue": "kucoin", "markets": {"X": {"base_min": "1"}}, "fetched_at": "yesterday"}',
    '[1, 2, 3]',
    '{"venue": "kucoin", "markets": {',
    '',
    "venue: kucoin\nmarkets:\n  X:\n    base_max: 1" + "0" * 5000 + "\n",
    "venue: kucoin\nmarkets:\n  X:\n    price_increment: 1e999999999\n",
    "venue: kucoin\nmarkets:\n  X: [1, 2\n",
])
def test_malformed_markets_files_are_data_file_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / ("m.json" if text.lstrip()[:1] in "{[" and text else "m.yaml")
    path.write_text(text)
    with pytest.raises(DataFileError):
        load_markets(path)


def test_missing_file_and_folder_are_data_file_errors(tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        load_markets(tmp_path / "nope.json")
    with pytest.raises(DataFileError):
        load_markets(tmp_path)


def test_absent_is_unknown_and_null_is_no_bound(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("venue: kucoin\nmarkets:\n  ETH-USDT: {}\n  BTC-USDT:\n    price_increment: '0.1'\n    max_notional: null\n")
    markets = load_markets(path)
    eth, btc = markets.get("kucoin", "ETH-USDT"), markets.get("kucoin", "BTC-USDT")
    assert eth.price_increment is None and eth.missing(["price_increment", "base_min"]) == ["price_increment", "base_min"]
    assert btc.missing(["price_increment", "max_notional", "base_min"]) == ["base_min"]


def test_normalized_round_trip_keeps_every_value(tmp_path: Path) -> None:
    original = load_markets(DATA / "poloniex_markets.json")
    out = tmp_path / "poloniex.json"
    write_normalized(out, original.to_normalized("poloniex"))
    again = load_markets(out)
    assert again.table("poloniex") == original.table("poloniex")


def test_hundred_thousand_symbols_load_in_about_a_second(tmp_path: Path) -> None:
    markets = {f"S{i}-USDT": {"price_increment": f"0.{'0' * (i % 6)}1", "base_increment": "0.0001", "quote_increment": "0.000001",
                              "base_min": str(i % 100 + 1), "base_max": "10000000000", "quote_min": "0.1", "quote_max": "99999999",
                              "min_notional": "0.1", "max_notional": None, "trading_enabled": i % 7 != 0}
               for i in range(100_000)}
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"venue": "kucoin", "markets": markets}))
    with deadline(30.0):  # about 1 s of CPU: only a quadratic loader or a per-symbol schema pass trips this
        loaded = load_markets(path)
    assert len(loaded) == 100_000
    assert loaded.get("kucoin", "S7-USDT").trading_enabled is False


def test_ten_thousand_symbol_yaml_is_not_refused_as_an_alias_bomb(tmp_path: Path) -> None:
    lines = ["venue: kucoin", "markets:"]
    for i in range(10_000):
        lines += [f"  S{i}-USDT:", "    price_increment: '0.01'", "    base_increment: '0.001'", "    base_min: '1'",
                  "    trading_enabled: true"]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert len(load_markets(path)) == 10_000


def test_provenance_says_where_and_how_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    shipped = default_markets()
    assert shipped.source_of("kucoin").kind == "shipped"
    fetched = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    write_normalized(tmp_path / "orderlint" / "markets" / "kucoin.json",
                     {"venue": "kucoin", "fetched_at": fetched, "markets": {"ZZZ-USDT": {"price_increment": "0.5"}}})
    cached = default_markets()
    origin = cached.source_of("kucoin")
    assert origin.kind == "cache" and origin.stale() and "10 days" in origin.describe()
    assert cached.get("kucoin", "ZZZ-USDT") is not None and cached.get("kucoin", "BTC-USDT") is None  # replaced whole
    assert any("markets fetch --venue kucoin" in note for note in cached.notes())
    monkeypatch.setenv("ORDERLINT_MARKETS_MAX_AGE_DAYS", "30")
    assert not default_markets().source_of("kucoin").stale()


def test_broken_cache_is_a_data_file_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "orderlint" / "markets"
    folder.mkdir(parents=True)
    (folder / "kucoin.json").write_text('{"venue": "kucoin", "markets": {"X": {"trading_enabled": "yes"}}}')
    with pytest.raises(DataFileError, match="kucoin.json"):
        default_markets()


def test_merged_keeps_provenance_of_each_source() -> None:
    both = load_markets(DATA / "kucoin_symbols.json", DATA / "dfx_symbols.json")
    assert isinstance(both, Markets) and [p.venue for p in both.provenance] == ["kucoin", "dfx"]
    assert both.provenance[1].to_dict()["format"] == "venue-response"
