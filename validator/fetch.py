"""Downloading a venue's public symbols endpoint (no key needed) and turning it into normalized markets.

Network access happens only here, only when asked (`orderlint markets fetch`); checking never does I/O.
Tests replace `open_url` with recorded responses.
"""

from __future__ import annotations

import datetime as _dt
import time
import typing as t
import urllib.error
import urllib.request

from . import __version__
from .datafiles import DataFileError
from .market_import import import_response, mapping_for
from .markets import Markets, Provenance, parse_json_exact

DEFAULT_TIMEOUT = 15.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 1.0
MAX_RESPONSE = 256 * 1024 * 1024
RETRY_STATUS = frozenset((408, 425, 429, 500, 502, 503, 504))


class FetchError(DataFileError):
    """The metadata could not be downloaded (offline, refused, not JSON); exit code 2."""


class _Retry(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def open_url(url: str, timeout: float) -> bytes:
    """The body of a GET request (the one place orderlint talks to the network)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": f"orderlint/{__version__} (markets fetch)"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - https URLs from mapping files
        body = response.read(MAX_RESPONSE + 1)
    if len(body) > MAX_RESPONSE:
        raise FetchError(url, f"response larger than {MAX_RESPONSE // (1024 * 1024)} MiB; refused")
    return bytes(body)


def _attempt(url: str, timeout: float) -> bytes:
    try:
        return open_url(url, timeout)
    except urllib.error.HTTPError as exc:
        if exc.code in RETRY_STATUS:
            raise _Retry(f"HTTP {exc.code} {exc.reason}") from None
        raise FetchError(url, f"the venue answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise _Retry(str(getattr(reason, "strerror", None) or reason)) from None
    except (TimeoutError, ConnectionError, OSError) as exc:
        raise _Retry(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from None


def download(url: str, *, timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
             backoff: float = DEFAULT_BACKOFF, sleep: t.Callable[[float], None] | None = None) -> bytes:
    """GET `url`, retrying network failures and 429/5xx answers with exponential back-off."""
    last = "no attempt"
    pause = sleep or time.sleep
    for attempt in range(retries + 1):
        try:
            return _attempt(url, timeout)
        except _Retry as exc:
            last = exc.reason
            if attempt < retries:
                pause(backoff * (2 ** attempt))
    raise FetchError(url, f"cannot download after {retries + 1} attempts: {last} (offline? pass a saved response "
                          "to `orderlint markets import` instead)")


def fetch_markets(venue: str, *, url: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                  retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF,
                  sleep: t.Callable[[float], None] | None = None, now: _dt.datetime | None = None) -> Markets:
    """The venue's current symbol metadata, from its public endpoint (as its mapping file names it)."""
    mapping = mapping_for(venue)
    target = url or mapping.endpoint
    if not target:
        raise FetchError(mapping.source, f"{venue}: the markets mapping names no endpoint; pass --url")
    body = download(target, timeout=timeout, retries=retries, backoff=backoff, sleep=sleep)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FetchError(target, "the response is not UTF-8 JSON") from None
    try:
        data = parse_json_exact(text, target)
    except DataFileError as exc:
        raise FetchError(target, f"the response is not JSON: {exc}") from None
    imported = import_response(data, mapping, target)
    moment = (now or _dt.datetime.now(_dt.timezone.utc)).astimezone(_dt.timezone.utc).replace(microsecond=0)
    origin = imported.provenance[0]
    provenance = Provenance(venue, f"{mapping.name} ({target})", "file", "venue-response", origin.symbols, moment)
    return Markets({venue: imported.table(venue)}, [provenance])


def fetched_document(markets: Markets, venue: str) -> dict[str, t.Any]:
    """The normalized document `markets fetch` writes (JSON)."""
    return markets.to_normalized(venue)


__all__ = ["fetch_markets", "download", "open_url", "FetchError", "fetched_document"]
