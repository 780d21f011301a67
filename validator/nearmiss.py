"""Texts that miss a documented form by a character a person cannot see, or by another tool's convention.

Used when a value fails its schema pattern: the non-ASCII characters it holds are named (a look-alike
hyphen, a fullwidth digit, a zero-width space), and where one small change makes the value match the
pattern (look-alikes replaced, or a ccxt-style `BASE/QUOTE` written with the venue's separator), that
value is offered as an unsafe fix. The pattern decides; nothing here knows a venue.
"""

from __future__ import annotations

import re
import unicodedata

# Characters NFKC leaves alone that people paste for an ASCII one.
_LOOK_ALIKES = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SEPARATORS = ("-", "_", "", ":")


def _digit(char: str) -> str:
    """An ASCII digit for any script's decimal digit (Arabic-Indic, Devanagari, ...); other characters as they are."""
    if char.isascii():
        return char
    value = unicodedata.decimal(char, None)
    return str(value) if value is not None else char


def non_ascii(text: str, limit: int = 3) -> str | None:
    """The first few non-ASCII characters of `text`, named, or None when it is all ASCII."""
    found = []
    for index, char in enumerate(text):
        if ord(char) > 127:
            name = unicodedata.name(char, "unnamed character")
            found.append(f"U+{ord(char):04X} {name} at position {index + 1}")
            if len(found) == limit:
                break
    return "; ".join(found) if found else None


def repaired(text: str, pattern: str) -> str | None:
    """A value close to `text` that matches `pattern` (look-alikes and invisible characters replaced, then a
    '/' written with another separator), or None when no such small change makes it match."""
    try:
        compiled = re.compile(pattern)
    except re.error:
        return None
    cleaned = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    cleaned = "".join(_LOOK_ALIKES.get(c) or _digit(c) for c in cleaned).strip()
    candidates = [cleaned]
    if cleaned.count("/") == 1:
        candidates += [cleaned.replace("/", sep) for sep in _SEPARATORS]
    for candidate in candidates:
        if candidate != text and candidate.isascii() and compiled.search(candidate):
            return candidate
    return None
