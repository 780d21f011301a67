"""Symbol metadata (ticks, steps, bounds) in orderlint's normalized form, with where it came from.

Sources: normalized files (YAML or JSON), a venue's own symbols response, a JSON dump of ccxt's
`exchange.markets` (see `market_import`), the per-user cache `orderlint markets fetch` writes, and the
shipped snapshots under `markets/`. Every value is a `Decimal` read from its source text.
A field that is absent is unknown (None, and not in `unbounded`); a field the source states as "no
such bound" is None and named in `MarketInfo.unbounded`, so the engine can tell the two apart.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
import typing as t
from decimal import Decimal
from pathlib import Path

from .datafiles import DataFileError, write_atomic
from .decimals import NotExact, fmt, to_decimal
from .resources import data_root, user_cache_dir

DECIMAL_FIELDS = ("price_increment", "base_increment", "quote_increment", "base_min", "base_max",
                  "quote_min", "quote_max", "min_notional", "max_notional")
INCREMENT_FIELDS = frozenset(("price_increment", "base_increment", "quote_increment"))
FIELDS = DECIMAL_FIELDS + ("trading_enabled",)
_FIELD_SET = frozenset(FIELDS)
TOP_LEVEL = ("venue", "source", "fetched_at", "markets")
DEFAULT_MAX_AGE = _dt.timedelta(days=7)
MAX_AGE_ENV = "ORDERLINT_MARKETS_MAX_AGE_DAYS"
# data files may be much larger than order documents (100,000 symbols are about 30 MB of JSON)
DATA_MAX_BYTES = 512 * 1024 * 1024

_NO_BOUND: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True, slots=True)
class MarketInfo:
    """One symbol's metadata; None means not known unless the field is named in `unbounded`."""

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
    unbounded: frozenset[str] = _NO_BOUND  # fields the source states as "no such bound / no constraint"

    def get(self, name: str) -> t.Any:
        return getattr(self, name, None) if name in _FIELD_SET else None

    def known(self, name: str) -> bool:
        """True when the source said something about `name`: a value, or that there is no such bound."""
        return self.get(name) is not None or name in self.unbounded

    def missing(self, names: t.Iterable[str]) -> list[str]:
        """The fields among `names` this record has no metadata for (to say which rules were skipped)."""
        return [name for name in names if not self.known(name)]

    def to_dict(self) -> dict[str, t.Any]:
        """The normalized record: decimal strings, null for "no bound", absent for unknown."""
        out: dict[str, t.Any] = {}
        for name in FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value if isinstance(value, bool) else fmt(value)
            elif name in self.unbounded:
                out[name] = None
        return out


@dataclasses.dataclass(frozen=True)
class Provenance:
    """Where one venue's metadata came from and how old it is."""

    venue: str
    source: str                     # a path, "<dict>", or the shipped snapshot's path
    kind: str                       # "file", "cache" or "shipped"
    format: str                     # "normalized", "venue-response" or "ccxt"
    symbols: int
    fetched_at: _dt.datetime | None = None   # when the metadata was taken from the venue, if known
    max_age: _dt.timedelta | None = None     # past this age it is stale (caches only)

    def age(self, now: _dt.datetime | None = None) -> _dt.timedelta | None:
        if self.fetched_at is None:
            return None
        return (now or _dt.datetime.now(_dt.timezone.utc)) - self.fetched_at

    def stale(self, now: _dt.datetime | None = None) -> bool:
        age = self.age(now)
        return self.max_age is not None and age is not None and age > self.max_age

    def describe(self, now: _dt.datetime | None = None) -> str:
        what = {"shipped": "shipped snapshot", "cache": "cache", "file": "file"}.get(self.kind, self.kind)
        text = f"{self.venue}: {self.symbols} symbols from {what} {self.source}"
        age = self.age(now)
        if self.fetched_at is not None and age is not None:
            text += f" (taken {self.fetched_at.strftime('%Y-%m-%dT%H:%M:%SZ')}, {_human(age)} old)"
        else:
            text += " (age unknown)"
        return text

    def to_dict(self, now: _dt.datetime | None = None) -> dict[str, t.Any]:
        age = self.age(now)
        return {"venue": self.venue, "source": self.source, "kind": self.kind, "format": self.format,
                "symbols": self.symbols,
                "fetched_at": self.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ") if self.fetched_at else None,
                "age_seconds": int(age.total_seconds()) if age is not None else None,
                "stale": self.stale(now)}


def _human(age: _dt.timedelta) -> str:
    seconds = max(0, int(age.total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} minutes"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} hours"
    return f"{seconds // 86400} days"


class Markets:
    """Market metadata by venue and symbol; later sources override earlier ones symbol by symbol."""

    def __init__(self, tables: dict[str, dict[str, MarketInfo]] | None = None,
                 provenance: t.Iterable[Provenance] = ()) -> None:
        self._tables: dict[str, dict[str, MarketInfo]] = {k: dict(v) for k, v in (tables or {}).items()}
        self.provenance: tuple[Provenance, ...] = tuple(provenance)

    def get(self, venue: str, symbol: t.Any) -> MarketInfo | None:
        if not isinstance(symbol, str):
            return None
        return self._tables.get(venue, {}).get(symbol)

    def venues(self) -> list[str]:
        return sorted(self._tables)

    def symbols(self, venue: str) -> list[str]:
        return sorted(self._tables.get(venue, {}))

    def table(self, venue: str) -> dict[str, MarketInfo]:
        """A copy of one venue's records by symbol."""
        return dict(self._tables.get(venue, {}))

    def source_of(self, venue: str) -> Provenance | None:
        """The latest source that gave metadata for `venue`."""
        for item in reversed(self.provenance):
            if item.venue == venue:
                return item
        return None

    def notes(self, now: _dt.datetime | None = None) -> list[str]:
        """Warnings about the metadata itself (a stale cache), for the report."""
        out = []
        for item in self.provenance:
            if item.stale(now):
                age = item.age(now)
                out.append(f"{item.venue} market metadata in {item.source} is {_human(age) if age else 'too'} old "
                           f"(over {_human(item.max_age) if item.max_age else '?'}); "
                           f"refresh it with `orderlint markets fetch --venue {item.venue}`")
        return out

    def merged(self, other: Markets) -> Markets:
        tables = {k: dict(v) for k, v in self._tables.items()}
        for venue, table in other._tables.items():
            tables.setdefault(venue, {}).update(table)
        return Markets(tables, self.provenance + other.provenance)

    def replacing(self, other: Markets) -> Markets:
        """These markets with every venue of `other` replaced whole (a fresh fetch drops delisted symbols)."""
        tables = {k: dict(v) for k, v in self._tables.items() if k not in other._tables}
        tables.update({k: dict(v) for k, v in other._tables.items()})
        kept = tuple(p for p in self.provenance if p.venue not in other._tables)
        return Markets(tables, kept + other.provenance)

    def to_normalized(self, venue: str) -> dict[str, t.Any]:
        """One venue's metadata as a normalized markets document (DESIGN section 4)."""
        origin = self.source_of(venue)
        data: dict[str, t.Any] = {"venue": venue}
        if origin is not None:
            data["source"] = origin.source
            if origin.fetched_at is not None:
                data["fetched_at"] = origin.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        data["markets"] = {symbol: info.to_dict() for symbol, info in sorted(self._tables.get(venue, {}).items())}
        return data

    def __len__(self) -> int:
        return sum(len(v) for v in self._tables.values())


# -- values ------------------------------------------------------------------------------------------

class ValueReader:
    """Decimal fields from source values, each text parsed once per load (files repeat a few values)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._cache: dict[t.Any, Decimal] = {}

    def decimal(self, raw: t.Any, name: str, where: str, *, positive: bool) -> Decimal:
        """`raw` (a decimal string or a number read from its text) as an exact Decimal, or DataFileError."""
        key = raw if type(raw) is str else None
        if key is not None:
            cached = self._cache.get(key)
            if cached is not None and (not positive or cached > 0):
                return cached
        try:
            number = to_decimal(raw.strip() if isinstance(raw, str) else raw)
        except NotExact as exc:
            raise DataFileError(self.source, f"{where}: {name} {_show(raw)} {exc.reason}") from None
        except Exception:  # pragma: no cover - to_decimal raises NotExact only; never a traceback here
            raise DataFileError(self.source, f"{where}: {name} {_show(raw)} is not a number") from None
        if number is None:
            raise DataFileError(self.source, f"{where}: {name} is missing")
        if number < 0 or (positive and number == 0):
            raise DataFileError(self.source, f"{where}: {name} must be {'positive' if positive else 'at least 0'}, got {_show(raw)}")
        if key is not None:
            self._cache[key] = number
        return number


def _show(raw: t.Any) -> str:
    text = repr(raw) if isinstance(raw, str) else str(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def record_from_normalized(symbol: str, values: t.Any, reader: ValueReader) -> MarketInfo:
    """One normalized record, every field type-checked (unknown fields refused: they are typos)."""
    where = f"market {symbol!r}"
    if values is None:
        return MarketInfo(symbol=symbol)
    if not isinstance(values, dict):
        raise DataFileError(reader.source, f"{where}: expected a mapping of fields, got {type(values).__name__}")
    fields: dict[str, t.Any] = {}
    unbounded: list[str] = []
    for name, raw in values.items():
        if name not in _FIELD_SET:
            raise DataFileError(reader.source, f"{where}: unknown field {name!r} (known: {', '.join(FIELDS)})")
        if raw is None:
            unbounded.append(name)
        elif name == "trading_enabled":
            if not isinstance(raw, bool):
                raise DataFileError(reader.source, f"{where}: trading_enabled must be true, false or null, got {_show(raw)}")
            fields[name] = raw
        else:
            fields[name] = reader.decimal(raw, name, where, positive=name in INCREMENT_FIELDS)
    return MarketInfo(symbol=symbol, unbounded=frozenset(unbounded) if unbounded else _NO_BOUND, **fields)


def parse_moment(raw: t.Any, source: str) -> _dt.datetime | None:
    """An ISO 8601 time (a normalized file's `fetched_at`) as an aware UTC datetime."""
    if raw is None:
        return None
    if isinstance(raw, _dt.datetime):
        moment = raw
    elif isinstance(raw, str):
        try:
            moment = _dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            raise DataFileError(source, f"fetched_at {_show(raw)} is not an ISO 8601 time") from None
    else:
        raise DataFileError(source, f"fetched_at must be an ISO 8601 time, got {_show(raw)}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment.astimezone(_dt.timezone.utc)


def is_normalized(data: t.Any) -> bool:
    return isinstance(data, dict) and "venue" in data and "markets" in data


def from_normalized(data: dict[str, t.Any], source: str = "<markets>", kind: str = "file",
                    max_age: _dt.timedelta | None = None) -> Markets:
    """Markets from a normalized document, checked field by field (a fast path, no schema engine)."""
    for key in data:
        if key not in TOP_LEVEL:
            raise DataFileError(source, f"unknown top-level member {key!r} (known: {', '.join(TOP_LEVEL)})")
    venue = data["venue"]
    if not isinstance(venue, str) or not venue:
        raise DataFileError(source, f"venue must be a venue id, got {_show(venue)}")
    if "source" in data and not isinstance(data["source"], str):
        raise DataFileError(source, "source must be a string")
    records = data["markets"]
    if records is None:
        records = {}
    if not isinstance(records, dict):
        raise DataFileError(source, f"markets must map symbols to their fields, got {type(records).__name__}")
    reader = ValueReader(source)
    table = {}
    for symbol, values in records.items():
        if not isinstance(symbol, str) or not symbol:
            raise DataFileError(source, f"symbol {_show(symbol)} must be a non-empty string")
        table[symbol] = record_from_normalized(symbol, values, reader)
    fetched = parse_moment(data.get("fetched_at"), source)
    return Markets({venue: table}, [Provenance(venue, source, kind, "normalized", len(table), fetched, max_age)])


# -- files ---------------------------------------------------------------------------------------------

def read_markets_data(path: str | os.PathLike[str]) -> t.Any:
    """The content of a markets file: JSON through a fast exact reader, YAML through orderlint's loader.

    Anything unreadable or malformed (a huge number, NaN, duplicate keys, bad syntax) is DataFileError.
    """
    source = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(DATA_MAX_BYTES + 1)
    except IsADirectoryError:
        raise DataFileError(source, "is a folder, not a markets file") from None
    except OSError as exc:
        raise DataFileError(source, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > DATA_MAX_BYTES:
        raise DataFileError(source, f"is larger than {DATA_MAX_BYTES // (1024 * 1024)} MiB; refused")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(source, f"not UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise DataFileError(source, "is empty")
    if text.lstrip()[:1] in ("{", "["):
        return parse_json_exact(text, source)
    return _read_yaml(text, source)


def parse_json_exact(text: str, source: str) -> t.Any:
    """JSON with every number an exact Decimal from its text; duplicate keys and NaN refused."""
    def number(token: str) -> Decimal:
        if len(token) > 200:
            raise _Refused(f"a number of {len(token)} digits")
        return Decimal(token)

    def constant(token: str) -> t.Any:
        raise _Refused(f"{token} is not a number")

    def pairs(items: list[tuple[str, t.Any]]) -> dict[str, t.Any]:
        result = dict(items)
        if len(result) != len(items):
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    raise _Refused(f"duplicate key {key!r}")
                seen.add(key)
        return result

    try:
        return json.loads(text, parse_float=number, parse_int=number, parse_constant=constant, object_pairs_hook=pairs)
    except _Refused as exc:
        raise DataFileError(source, f"invalid markets JSON: {exc}") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(source, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise DataFileError(source, "invalid markets JSON: nests too deeply") from None
    except Exception as exc:  # decimal signals and the like: never a traceback
        raise DataFileError(source, f"invalid markets JSON: {type(exc).__name__}") from None


class _Refused(ValueError):
    pass


def _read_yaml(text: str, source: str) -> t.Any:
    from .limits import Limits
    from .loading import load_text

    limits = Limits(max_bytes=DATA_MAX_BYTES, max_depth=64, max_nodes=50_000_000, max_string=1_000_000)
    try:
        documents = load_text(text, source, "yaml", limits)
    except Exception as exc:  # a loader failure on a hostile file is still a clear refusal
        raise DataFileError(source, f"cannot read as YAML: {type(exc).__name__}: {exc}"[:300]) from None
    if len(documents) != 1:
        raise DataFileError(source, f"expected one document, found {len(documents)}")
    doc = documents[0]
    errors = [p for p in doc.problems if p.severity == "error"]
    if not doc.ok or errors:
        first = (errors or doc.problems)[0]
        raise DataFileError(source, first.message, first.line, first.column)
    return doc.data


def load_markets(*sources: str | os.PathLike[str] | dict[str, t.Any] | list[t.Any], venue: str | None = None) -> Markets:
    """Markets from normalized files, venue symbols responses or ccxt markets dumps (format detected),
    merged in order. With no source, `default_markets()`.

    `venue` names the venue when a file does not say (a bare record list, a ccxt dump).
    """
    if not sources:
        return default_markets()
    from .market_import import import_data

    result = Markets()
    for source in sources:
        if isinstance(source, (dict, list)):
            data, name = source, "<dict>"
        else:
            name = str(source)
            data = read_markets_data(source)
        result = result.merged(import_data(data, name, venue=venue))
    return result


# -- cache and defaults ----------------------------------------------------------------------------------

def cache_dir() -> Path:
    """Where `orderlint markets fetch` keeps metadata: $XDG_CACHE_HOME/orderlint/markets (or ~/.cache/...)."""
    return user_cache_dir() / "markets"


def cache_path(venue: str) -> Path:
    return cache_dir() / f"{venue}.json"


def max_cache_age() -> _dt.timedelta:
    """The age past which a cached file is stale: $ORDERLINT_MARKETS_MAX_AGE_DAYS, default 7 days."""
    raw = os.environ.get(MAX_AGE_ENV)
    if raw:
        try:
            days = float(raw)
            if days > 0:
                return _dt.timedelta(days=days)
        except ValueError:
            pass
    return DEFAULT_MAX_AGE


def default_markets(*, use_cache: bool = True, max_age: _dt.timedelta | None = None) -> Markets:
    """The shipped snapshots under markets/, each venue replaced by its per-user cache when there is one."""
    result = Markets()
    for path in sorted((data_root() / "markets").glob("*.yaml")):
        data = read_markets_data(path)
        if not is_normalized(data):
            raise DataFileError(str(path), "not a normalized markets file")
        result = result.merged(from_normalized(data, str(path), kind="shipped"))
    if not use_cache:
        return result
    folder = cache_dir()
    if not folder.is_dir():
        return result
    age = max_age or max_cache_age()
    for path in sorted(folder.glob("*.json")):
        data = read_markets_data(path)
        if not is_normalized(data):
            raise DataFileError(str(path), "not a normalized markets file; fetch it again with `orderlint markets fetch`")
        cached = from_normalized(data, str(path), kind="cache", max_age=age)
        if cached.provenance and cached.provenance[0].fetched_at is None:  # written by hand: its mtime then
            moment = _dt.datetime.fromtimestamp(path.stat().st_mtime, _dt.timezone.utc)
            cached = Markets({v: cached.table(v) for v in cached.venues()},
                             [dataclasses.replace(cached.provenance[0], fetched_at=moment)])
        result = result.replacing(cached)
    return result


def write_normalized(path: str | os.PathLike[str], data: dict[str, t.Any]) -> None:
    """Write a normalized markets document as JSON, atomically (temp file in the same folder, then rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    write_atomic(target, text.encode("utf-8"))
