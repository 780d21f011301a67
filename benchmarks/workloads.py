"""Reproducible order requests for the benchmarks: varied valid KuCoin add_order requests, and the same
with one to three violations each."""

from __future__ import annotations

import random
import typing as t
from decimal import Decimal

# symbol: (tick, base step, typical price, base minimum), matching markets/kucoin.yaml
SYMBOLS = {
    "BTC-USDT": (Decimal("0.1"), Decimal("0.00000001"), Decimal("50000"), Decimal("0.00001")),
    "ETH-USDT": (Decimal("0.01"), Decimal("0.0000001"), Decimal("3000"), Decimal("0.0001")),
    "KCS-USDT": (Decimal("0.001"), Decimal("0.0001"), Decimal("9.5"), Decimal("0.01")),
    "ADA-USDT": (Decimal("0.0001"), Decimal("0.01"), Decimal("0.45"), Decimal("1")),
}


def _steps(rng: random.Random, step: Decimal, low: Decimal, high: Decimal) -> str:
    count = rng.randint(int(low / step), int(high / step))
    return format((step * count).normalize(), "f")


def valid_order(rng: random.Random, number: int) -> dict[str, t.Any]:
    """A valid add_order request; about half carry the defaults the official SDK sends."""
    symbol = rng.choice(list(SYMBOLS))
    tick, step, price, base_min = SYMBOLS[symbol]
    order: dict[str, t.Any] = {"clientOid": f"bench-{number:08d}-{rng.getrandbits(32):08x}", "symbol": symbol,
                               "side": rng.choice(["buy", "sell"])}
    if rng.random() < 0.8:
        order["type"] = "limit"
        order["price"] = _steps(rng, tick, price * Decimal("0.8"), price * Decimal("1.2"))
        order["size"] = _steps(rng, step, max(base_min, Decimal("20") / price), Decimal("200") / price)
        tif = rng.choice(["GTC", "GTC", "GTT", "IOC", "FOK"])
        if rng.random() < 0.5 or tif != "GTC":
            order["timeInForce"] = tif
        if tif == "GTT":
            order["cancelAfter"] = rng.randint(1, 2_592_000)
        if tif in ("GTC", "GTT") and rng.random() < 0.2:
            order["postOnly"] = True
        elif rng.random() < 0.1:
            order["iceberg"] = True
            order["visibleSize"] = _steps(rng, step, base_min, Decimal(order["size"]))
        if rng.random() < 0.5:  # the SDK's defaults on every order
            order.setdefault("postOnly", False)
            order.setdefault("hidden", False)
            order.setdefault("iceberg", False)
            order.setdefault("cancelAfter", -1)
            order.setdefault("timeInForce", "GTC")
    else:
        order["type"] = "market"
        if rng.random() < 0.5:
            order["size"] = _steps(rng, step, max(base_min, Decimal("20") / price), Decimal("200") / price)
        else:
            order["funds"] = str(rng.randint(10, 500))
    if rng.random() < 0.3:
        order["stp"] = rng.choice(["DC", "CO", "CN", "CB"])
    if rng.random() < 0.2:
        order["remark"] = f"grid {rng.randint(1, 999)}"
    if rng.random() < 0.2:
        order["tags"] = "bench"
    return order


def _off_tick(order: dict[str, t.Any]) -> None:
    if isinstance(order.get("price"), str):
        order["price"] = order["price"] + ("0000001" if "." in order["price"] else ".0000001")  # finer than any tick
    else:
        order["symbol"] = "BTC/USDT"


_VIOLATIONS: list[t.Callable[[dict[str, t.Any]], None]] = [
    _off_tick,                                                             # R101 increment
    lambda o: o.update(size="0.000000001") if "size" in o else o.update(funds="0.0000001"),  # increment and minimum
    lambda o: o.update(side="BUY"),                                        # S003 enum (case)
    lambda o: o.update(clientOid="order#1"),                               # S006 pattern
    lambda o: o.update(tiemInForce="GTC"),                                 # S004 unknown member (typo)
    lambda o: o.update(cancelAfter=3600) if o.get("timeInForce") != "GTT" else o.update(cancelAfter=0),  # R005 / R-warning
    lambda o: o.pop("side"),                                               # S001 missing
    lambda o: o.update(price=0.1) if "price" in o else o.update(funds=10),  # S009 number, not string
    lambda o: o.update(remark="x" * 25),                                   # S007 length
    lambda o: o.update(hidden=True, iceberg=True) if o.get("type") == "limit" else o.update(price="1"),  # R-rules
]


def invalid_order(rng: random.Random, number: int) -> dict[str, t.Any]:
    """A valid order with one to three violations."""
    order = valid_order(rng, number)
    for violate in rng.sample(_VIOLATIONS, rng.randint(1, 3)):
        violate(order)
    return order


def orders(kind: str, count: int, seed: int = 20261121) -> list[dict[str, t.Any]]:
    rng = random.Random(seed)
    make = valid_order if kind == "valid" else invalid_order
    return [make(rng, n) for n in range(count)]
