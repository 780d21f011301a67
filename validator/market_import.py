"""Importers: a venue's own symbols response or a ccxt `exchange.markets` dump to normalized markets.

Each venue's mapping (venue field -> normalized field, scales, "no bound" sentinels, trading states,
where the records are, the endpoint) is data: `schemas/<venue>/markets.yaml`, or for a venue without
one yet, the `markets:` block of its `venue.yaml`. Nothing here knows any venue by name.
"""

from __future__ import annotations

import dataclasses
import functools
import typing as t
from decimal import Decimal
from pathlib import Path

from .datafiles import DataFileError
from .diagnostics import split_pointer
from .markets import (DECIMAL_FIELDS, FIELDS, INCREMENT_FIELDS, MarketInfo, Markets, Provenance, ValueReader,
                      _show, from_normalized, is_normalized, read_markets_data)
from .resources import data_root

KINDS = ("decimal", "scale", "boolean", "state")
MAX_SCALE = 60


@dataclasses.dataclass(frozen=True)
class FieldMap:
    name: str                      # the normalized field
    path: tuple[str, ...]          # where it is in a venue record
    kind: str                      # decimal | scale | boolean | state
    no_bound_when: tuple[t.Any, ...] = ()
    states: dict[str, bool] | None = None


@dataclasses.dataclass(frozen=True)
class VenueMapping:
    """How one venue's symbols response maps to normalized markets."""

    venue: str
    name: str
    source: str                    # the mapping file
    endpoint: str | None
    documentation: str | None
    records: tuple[str, ...]       # the record list's pointer in the response
    symbol: tuple[str, ...]
    fields: tuple[FieldMap, ...]
    detect: tuple[str, ...]
    no_bound: frozenset[str]
    success: tuple[str, tuple[t.Any, ...]] | None = None
    message: str | None = None
    select: tuple[str, tuple[t.Any, ...]] | None = None

    def matches(self, record: t.Any) -> bool:
        """True when `record` could be one of this venue's symbol records (its symbol and a mapped field)."""
        return isinstance(record, dict) and _get(record, self.symbol) is not None and \
            any(_get(record, f.path) is not None for f in self.fields)

    def typical(self, record: t.Any) -> bool:
        """True when `record` has every key that tells this venue's records from others'."""
        return isinstance(record, dict) and all(_get(record, _path(key)) is not None for key in self.detect)

    def score(self, data: t.Any, records: list[t.Any]) -> int:
        """How well `data` fits this venue (to choose among venues whose records look alike)."""
        first = records[0]
        points = 100 if self.typical(first) else 0
        if self.success and isinstance(data, dict):
            code = _get(data, _path(self.success[0]))
            if code is not None and str(code) in {str(v) for v in self.success[1]}:
                points += 10
        return points + sum(1 for f in self.fields if _get(first, f.path) is not None)


def _get(record: t.Any, path: t.Sequence[str]) -> t.Any:
    for token in path:
        if isinstance(record, dict):
            record = record.get(token)
        elif isinstance(record, list) and token.isdigit() and int(token) < len(record):
            record = record[int(token)]
        else:
            return None
    return record


def _path(text: str) -> tuple[str, ...]:
    return tuple(split_pointer(text if text.startswith("/") or not text else "/" + text))


def parse_mapping(raw: t.Any, source: str, venue: str | None = None) -> VenueMapping:
    """A mapping from its data (a markets.yaml, or a venue.yaml `markets:` block), checked."""
    if not isinstance(raw, dict):
        raise DataFileError(source, "a markets mapping must be a mapping")
    venue = raw.get("venue", venue)
    if not isinstance(venue, str) or not venue:
        raise DataFileError(source, "markets mapping: venue is missing")
    response = raw.get("response") or {"records": raw.get("records", "")}
    fields = []
    for name, spec in (raw.get("fields") or {}).items():
        if name not in FIELDS:
            raise DataFileError(source, f"markets mapping: unknown normalized field {name!r}")
        if isinstance(spec, str):  # the short form: a venue field holding a decimal (or the boolean state)
            spec = {"from": spec, "as": "boolean" if name == "trading_enabled" else "decimal"}
        kind = spec.get("as", "decimal")
        if kind not in KINDS or not isinstance(spec.get("from"), str):
            raise DataFileError(source, f"markets mapping: field {name}: needs `from` and `as` (one of {', '.join(KINDS)})")
        if (kind in ("boolean", "state")) != (name == "trading_enabled"):
            raise DataFileError(source, f"markets mapping: field {name} cannot be read as {kind}")
        states = spec.get("states")
        if kind == "state" and not (isinstance(states, dict) and all(isinstance(v, bool) for v in states.values())):
            raise DataFileError(source, f"markets mapping: field {name}: `states` must map venue states to true/false")
        fields.append(FieldMap(name, _path(spec["from"]), kind, tuple(spec.get("no_bound_when") or ()),
                               {str(k): v for k, v in states.items()} if states else None))
    for name, theirs in (raw.get("scales") or {}).items():  # the older venue.yaml form
        fields = [f for f in fields if f.name != name] + [FieldMap(name, _path(theirs), "scale")]
    success = response.get("success")
    select = response.get("select")
    return VenueMapping(
        venue=venue, name=str(raw.get("name", venue)), source=source, endpoint=raw.get("endpoint"),
        documentation=raw.get("documentation"), records=_path(response.get("records", "")),
        symbol=_path(raw.get("symbol", "symbol")), fields=tuple(fields),
        detect=tuple(raw.get("detect") or [raw.get("symbol", "symbol")] + [f.path[0] for f in fields[:2] if f.path]),
        no_bound=frozenset(raw.get("no_bound") or ()),
        success=(success["pointer"], tuple(success["values"])) if success else None,
        message=response.get("message"),
        select=(select["field"], tuple(select["values"])) if select else None)


@functools.cache
def shipped_mappings(root: Path | None = None) -> dict[str, VenueMapping]:
    """Every venue's mapping: schemas/<venue>/markets.yaml, else the venue.yaml `markets:` block."""
    base = (root or data_root()) / "schemas"
    found: dict[str, VenueMapping] = {}
    for path in sorted(base.glob("*/markets.yaml")):
        mapping = parse_mapping(read_markets_data(path), str(path), path.parent.name)
        found[mapping.venue] = mapping
    try:
        from .venues import load_venues

        venues = load_venues(root)
    except DataFileError:
        venues = {}
    for venue in venues.values():
        if venue.id not in found and venue.markets_import:
            found[venue.id] = parse_mapping(venue.markets_import, str(venue.folder / "venue.yaml"), venue.id)
    return found


def mapping_for(venue: str) -> VenueMapping:
    mappings = shipped_mappings()
    if venue not in mappings:
        raise DataFileError("<markets>", f"no markets mapping for venue {venue!r} (known: {', '.join(sorted(mappings))})")
    return mappings[venue]


# -- venue responses --------------------------------------------------------------------------------------

def response_records(data: t.Any, mapping: VenueMapping) -> list[t.Any] | None:
    """The symbol records of a response (or a bare list / one record); None when it is not this venue's."""
    candidates = [_get(data, mapping.records)] if mapping.records else []
    candidates.append(data)
    for found in candidates:
        if isinstance(found, dict) and mapping.matches(found):
            return [found]
        if isinstance(found, list) and found and any(mapping.matches(r) for r in found[:50]):
            return found
    return None


def _check_success(data: t.Any, mapping: VenueMapping, source: str) -> None:
    if mapping.success is None or not isinstance(data, dict):
        return
    pointer, values = mapping.success
    code = _get(data, split_pointer(pointer))
    if code is None:
        return
    if not any(code == v and type(code) is not bool for v in values) and str(code) not in {str(v) for v in values}:
        message = _get(data, split_pointer(mapping.message)) if mapping.message else None
        raise DataFileError(source, f"the {mapping.venue} response is an error, not symbols: code {_show(code)}"
                                    + (f", {_show(message)}" if message is not None else ""))


def import_response(data: t.Any, mapping: VenueMapping, source: str = "<markets>") -> Markets:
    """Markets from one venue's symbols response; every record type-checked (DataFileError names it)."""
    records = response_records(data, mapping)
    if records is None:
        other = [m.venue for m in shipped_mappings().values() if m.venue != mapping.venue
                 and (found := response_records(data, m)) and m.typical(found[0])]
        if other:
            raise DataFileError(source, f"this is a {other[0]} symbols response, not {mapping.venue}")
        _check_success(data, mapping, source)
        raise DataFileError(source, f"not a {mapping.name} response: no symbol records at "
                                    f"{'/' + '/'.join(mapping.records) if mapping.records else 'the top level'}")
    reader = ValueReader(source)
    table: dict[str, MarketInfo] = {}
    select = mapping.select
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise DataFileError(source, f"record {index}: expected an object, got {type(record).__name__}")
        if select is not None and _get(record, (select[0],)) not in select[1]:
            continue
        info = record_from_venue(record, mapping, reader, index)
        if info.symbol in table:
            raise DataFileError(source, f"record {index}: symbol {info.symbol!r} is listed twice")
        table[info.symbol] = info
    return Markets({mapping.venue: table}, [Provenance(mapping.venue, source, "file", "venue-response", len(table))])


def record_from_venue(record: dict[str, t.Any], mapping: VenueMapping, reader: ValueReader, index: int) -> MarketInfo:
    symbol = _get(record, mapping.symbol)
    if not isinstance(symbol, str) or not symbol:
        raise DataFileError(reader.source, f"record {index}: {'/'.join(mapping.symbol)} {_show(symbol)} is not a symbol")
    where = f"record {index} ({symbol})"
    values: dict[str, t.Any] = {}
    unbounded = set(mapping.no_bound)
    for field in mapping.fields:
        raw = _get(record, field.path)
        theirs = "/".join(field.path)
        if raw is None:
            continue  # absent or null: not known (the engine says so when a rule needs it)
        if field.kind == "boolean":
            if not isinstance(raw, bool):
                raise DataFileError(reader.source, f"{where}: {theirs} must be true or false, got {_show(raw)}")
            values[field.name] = raw
        elif field.kind == "state":
            if not isinstance(raw, str):
                raise DataFileError(reader.source, f"{where}: {theirs} must be a state name, got {_show(raw)}")
            state = (field.states or {}).get(raw)
            if state is not None:
                values[field.name] = state
        elif raw in field.no_bound_when and not isinstance(raw, bool):
            unbounded.add(field.name)
        elif field.kind == "scale":
            values[field.name] = _scale(raw, reader, where, theirs)
        else:
            values[field.name] = reader.decimal(raw, theirs, where, positive=field.name in INCREMENT_FIELDS)
    unbounded.difference_update(values)
    return MarketInfo(symbol=symbol, unbounded=_interned(frozenset(unbounded)), **values)


_INTERNED: dict[frozenset[str], frozenset[str]] = {}


def _interned(names: frozenset[str]) -> frozenset[str]:
    return _INTERNED.setdefault(names, names)


_SCALES = {n: Decimal(1).scaleb(-n) for n in range(MAX_SCALE + 1)}


def _scale(raw: t.Any, reader: ValueReader, where: str, theirs: str) -> Decimal:
    """A venue's "decimal places" (an integer, or its digits as text) as the increment 10^-scale."""
    if isinstance(raw, bool):
        number = None
    elif isinstance(raw, int):
        number = raw
    elif isinstance(raw, Decimal) and raw.is_finite() and raw == raw.to_integral_value() and abs(raw) <= 10 ** 6:
        number = int(raw)
    elif isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 3:
        number = int(raw)
    else:
        number = None
    if number is None or not 0 <= number <= MAX_SCALE:
        raise DataFileError(reader.source, f"{where}: {theirs} must be a number of decimal places from 0 to {MAX_SCALE}, got {_show(raw)}")
    return _SCALES[number]


# -- ccxt -------------------------------------------------------------------------------------------------

CCXT_KEYS = ("id", "symbol", "precision", "limits")
# ccxt's unified market structure -> normalized fields. The venues' ccxt classes state precision as tick
# sizes (precisionMode TICK_SIZE), so precision.price is the tick and precision.amount the base step.
CCXT_FIELDS = (
    ("price_increment", ("precision", "price")),
    ("base_increment", ("precision", "amount")),
    ("base_min", ("limits", "amount", "min")),
    ("base_max", ("limits", "amount", "max")),
    ("min_notional", ("limits", "cost", "min")),
    ("max_notional", ("limits", "cost", "max")),
)


def is_ccxt_dump(data: t.Any) -> bool:
    entries = list(data.values()) if isinstance(data, dict) else data if isinstance(data, list) else []
    return bool(entries) and all(isinstance(e, dict) and all(k in e for k in CCXT_KEYS) for e in entries[:50])


def import_ccxt(data: t.Any, source: str = "<markets>", venue: str | None = None) -> Markets:
    """Markets from a JSON dump of ccxt's `exchange.markets` (or `fetch_markets()`), spot markets only.

    Each market is keyed by ccxt's `id` (the venue's own symbol, not the unified "BTC/USDT"). Where the
    market keeps the venue's record (`info`), the venue mapping reads its exact text (the same record a
    native import gives); otherwise ccxt's unified `precision` (tick sizes) and `limits` are read.
    """
    entries = list(data.values()) if isinstance(data, dict) else list(data)
    mappings = shipped_mappings()
    mapping = mappings.get(venue) if venue else None
    if venue and mapping is None:
        raise DataFileError(source, f"no markets mapping for venue {venue!r}")
    if mapping is None:
        infos = [e.get("info") for e in entries[:50] if isinstance(e.get("info"), dict)]
        found = [m for m in mappings.values() if infos and all(m.typical(i) for i in infos)]
        if len(found) != 1:
            raise DataFileError(source, "a ccxt markets dump: say which venue it is for (--venue)")
        mapping = found[0]
    reader = ValueReader(source)
    table: dict[str, MarketInfo] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise DataFileError(source, f"market {index}: expected an object")
        if entry.get("spot") is False or entry.get("type") not in (None, "spot"):
            continue  # futures and swaps are other products
        symbol = entry.get("id")
        if not isinstance(symbol, str) or not symbol:
            raise DataFileError(source, f"market {index}: id {_show(symbol)} is not the venue's symbol")
        where = f"market {index} ({entry.get('symbol', symbol)})"
        info = entry.get("info")
        values: dict[str, t.Any] = {}
        unbounded: frozenset[str] = frozenset()
        if isinstance(info, dict) and mapping.matches(info):
            from_info = record_from_venue(info, mapping, reader, index)
            if from_info.symbol != symbol:
                raise DataFileError(source, f"{where}: id {symbol!r} but info says {from_info.symbol!r}")
            table_check(table, symbol, source, where)
            table[symbol] = from_info  # the venue's own text: the same record a native import gives
            continue
        for name, path in CCXT_FIELDS:
            if name in values or name in unbounded:
                continue
            raw = _get(entry, path)
            if raw is not None:
                values[name] = reader.decimal(raw, ".".join(path), where, positive=name in INCREMENT_FIELDS)
        if "trading_enabled" not in values and isinstance(entry.get("active"), bool):
            values["trading_enabled"] = entry["active"]
        table_check(table, symbol, source, where)
        table[symbol] = MarketInfo(symbol=symbol, unbounded=unbounded, **values)
    return Markets({mapping.venue: table}, [Provenance(mapping.venue, source, "file", "ccxt", len(table))])


def table_check(table: dict[str, MarketInfo], symbol: str, source: str, where: str) -> None:
    if symbol in table:
        raise DataFileError(source, f"{where}: id {symbol!r} is listed twice")


# -- detection ------------------------------------------------------------------------------------------

def detect_format(data: t.Any, venue: str | None = None) -> tuple[str, str | None]:
    """("normalized" | "ccxt" | "venue-response", venue or None) for parsed markets data."""
    if is_normalized(data):
        return "normalized", data.get("venue") if isinstance(data.get("venue"), str) else None
    if is_ccxt_dump(data):
        return "ccxt", venue
    mappings = shipped_mappings()
    if venue in mappings:
        return "venue-response", venue  # the importer says what is wrong with it, if anything
    best: tuple[int, str] | None = None
    for mapping in mappings.values():
        records = response_records(data, mapping)
        if records is not None:
            score = mapping.score(data, records)
            if best is None or score > best[0]:
                best = (score, mapping.venue)
    return ("venue-response", best[1]) if best else ("unknown", venue)


def import_data(data: t.Any, source: str = "<markets>", venue: str | None = None) -> Markets:
    """Markets from parsed data in any supported format (detected); DataFileError when none fits."""
    kind, found = detect_format(data, venue)
    if kind == "normalized":
        if venue and found and found != venue:
            raise DataFileError(source, f"markets for {found}, not {venue}")
        return from_normalized(data, source)
    if kind == "ccxt":
        return import_ccxt(data, source, venue)
    if kind == "venue-response" and found:
        return import_response(data, shipped_mappings()[found], source)
    if venue and venue not in shipped_mappings():
        raise DataFileError(source, f"no markets mapping for venue {venue!r}")
    raise DataFileError(source, "not a markets file: expected a normalized file {venue, markets}, a venue's "
                                "symbols response, or a ccxt markets dump")


def import_file(path: str, venue: str | None = None) -> Markets:
    return import_data(read_markets_data(path), path, venue)


__all__ = ["VenueMapping", "FieldMap", "parse_mapping", "shipped_mappings", "mapping_for", "import_response",
           "import_ccxt", "import_data", "import_file", "detect_format", "is_ccxt_dump", "DECIMAL_FIELDS"]
