"""Symbol metadata (ticks, steps, bounds) in orderlint's normalized form, from files or venue responses."""

from __future__ import annotations

import dataclasses
import os
import typing as t
from decimal import Decimal

import jsonschema

from .datafiles import DataFileError, meta_validator, read_data_file
from .decimals import to_decimal
from .diagnostics import split_pointer
from .resources import data_root
from .venues import VenueSpec, shipped_venues

DECIMAL_FIELDS = ("price_increment", "base_increment", "quote_increment", "base_min", "base_max",
                  "quote_min", "quote_max", "min_notional", "max_notional")


@dataclasses.dataclass(frozen=True, slots=True)
class MarketInfo:
    symbol: str
    price_increment: Decimal | None = None
    base_increment: Decimal | None = None
    quote_increment: Decimal | None = None
    base_min: Decimal | None = None
    base_max: Decimal | None = None
    quote_min: Decimal | None = None
    quote_max: Decimal | None = None
    min_notional: Decimal | None = None
    max_notional: Decimal | None = None
    trading_enabled: bool | None = None

    def get(self, name: str) -> t.Any:
        return getattr(self, name, None)


class Markets:
    """Market metadata by venue and symbol; later sources override earlier ones symbol by symbol."""

    def __init__(self, tables: dict[str, dict[str, MarketInfo]] | None = None) -> None:
        self._tables: dict[str, dict[str, MarketInfo]] = {k: dict(v) for k, v in (tables or {}).items()}

    def get(self, venue: str, symbol: t.Any) -> MarketInfo | None:
        if not isinstance(symbol, str):
            return None
        return self._tables.get(venue, {}).get(symbol)

    def venues(self) -> list[str]:
        return sorted(self._tables)

    def symbols(self, venue: str) -> list[str]:
        return sorted(self._tables.get(venue, {}))

    def merged(self, other: "Markets") -> "Markets":
        tables = {k: dict(v) for k, v in self._tables.items()}
        for venue, table in other._tables.items():
            tables.setdefault(venue, {}).update(table)
        return Markets(tables)

    def __len__(self) -> int:
        return sum(len(v) for v in self._tables.values())


def _info(symbol: str, values: dict[str, t.Any], source: str) -> MarketInfo:
    fields: dict[str, t.Any] = {}
    for name in DECIMAL_FIELDS:
        raw = values.get(name)
        if raw is None:
            continue
        number = to_decimal(raw if not isinstance(raw, str) else raw.strip())
        if number is None:
            raise DataFileError(source, f"market {symbol}: {name} {raw!r} is not a plain decimal")
        if name.endswith("increment") and number <= 0:
            raise DataFileError(source, f"market {symbol}: {name} must be positive, got {raw}")
        fields[name] = number
    enabled = values.get("trading_enabled")
    if enabled is not None:
        fields["trading_enabled"] = bool(enabled)
    return MarketInfo(symbol=symbol, **fields)


def from_normalized(data: dict[str, t.Any], source: str = "<markets>") -> Markets:
    venue = data["venue"]
    return Markets({venue: {symbol: _info(symbol, values or {}, source) for symbol, values in data["markets"].items()}})


def _at(data: t.Any, pointer: str) -> t.Any:
    for token in split_pointer(pointer):
        if isinstance(data, dict):
            data = data.get(token)
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return None
    return data


def from_venue_response(data: t.Any, venue: VenueSpec, source: str = "<markets>") -> Markets | None:
    """Markets from a venue's own symbols response, mapped by the venue manifest; None if it is not one."""
    spec = venue.markets_import
    if not spec:
        return None
    records = _at(data, spec["records"])
    if not isinstance(records, list) or not records or not all(isinstance(r, dict) and spec["symbol"] in r for r in records):
        return None
    table = {}
    for record in records:
        values = {ours: record.get(theirs) for ours, theirs in spec["fields"].items()}
        for ours, theirs in spec.get("scales", {}).items():
            scale = record.get(theirs)
            if isinstance(scale, (int, str)) and str(scale).isdigit():
                values[ours] = Decimal(1).scaleb(-int(scale))
        symbol = str(record[spec["symbol"]])
        table[symbol] = _info(symbol, values, source)
    return Markets({venue.id: table})


def load_markets(*sources: str | os.PathLike[str] | dict[str, t.Any], venue: str | None = None) -> Markets:
    """Markets from normalized files (DESIGN section 4) or venue symbols responses, merged in order.

    With no source, the shipped default snapshots are loaded.
    """
    if not sources:
        return default_markets()
    venues = shipped_venues()
    result = Markets()
    for source in sources:
        if isinstance(source, dict):
            data, name = source, "<markets>"
        else:
            name = str(source)
            data = read_data_file(source)
        if isinstance(data, dict) and "markets" in data and "venue" in data:
            _check_normalized(data, name)
            result = result.merged(from_normalized(data, name))
            continue
        candidates = [venues[venue]] if venue in venues else list(venues.values())
        for spec in candidates:
            imported = from_venue_response(data, spec, name)
            if imported is not None:
                result = result.merged(imported)
                break
        else:
            raise DataFileError(name, "not a markets file: expected {venue, markets} or a venue's symbols response")
    return result


def _check_normalized(data: dict[str, t.Any], name: str) -> None:
    error = jsonschema.exceptions.best_match(meta_validator("markets.schema.json").iter_errors(data))
    if error is not None:
        where = "/" + "/".join(str(p) for p in error.absolute_path)
        raise DataFileError(name, f"invalid markets file at {where}: {error.message}")


def default_markets() -> Markets:
    """The shipped snapshots under markets/."""
    result = Markets()
    for path in sorted((data_root() / "markets").glob("*.yaml")):
        data = read_data_file(path, meta="markets.schema.json")
        result = result.merged(from_normalized(data, str(path)))
    return result
