"""Builds the ccxt markets dumps in tests/data/markets from the recorded responses, offline."""
import json
import ccxt

def dump(exchange, responses, out):
    def fake_fetch(url, method="GET", headers=None, body=None):
        for key, payload in responses.items():
            if key in url:
                return payload
        raise ccxt.NetworkError("offline: " + url)
    exchange.fetch = fake_fetch
    exchange.fetch_currencies = lambda params={}: {}
    markets = exchange.load_markets()
    spot = {k: v for k, v in markets.items() if v.get("spot")}
    with open(out, "w") as f:
        json.dump(spot, f, indent=1, default=str)
    print(out, len(spot), exchange.precisionMode)

ku = json.load(open("kucoin_symbols.json"))
k = ccxt.kucoin({"options": {"fetchMarkets": {"types": ["spot"], "fetchTickersFees": False}}})
dump(k, {"/symbols": ku}, "ccxt_kucoin_markets.json")
p = ccxt.poloniex()
p.fetch_currencies = lambda params={}: {}
spot = {m["symbol"]: m for m in p.parse_markets(json.load(open("poloniex_markets.json")))}
json.dump(spot, open("ccxt_poloniex_markets.json", "w"), indent=1, default=str)
print("poloniex", len(spot), p.precisionMode)
b = ccxt.bigone()
dump(b, {"asset_pairs": json.load(open("bigone_asset_pairs.json")), "symbols": []}, "ccxt_bigone_markets.json")
