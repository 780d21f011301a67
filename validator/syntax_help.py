"""Plain-words help for the syntax errors people make most often in YAML and JSON order files."""

from __future__ import annotations

import re


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break
_starts_of: tuple[str, list[int]] | None = None  # the last text's line starts: one pass per text, however many errors


def _line(text: str, line: int) -> tuple[int, str] | None:
    """(offset, text) of the 1-based `line` of `text`."""
    global _starts_of
    if _starts_of is None or _starts_of[0] is not text:
        _starts_of = (text, [0] + [m.end() for m in _BREAK.finditer(text)])
    starts = _starts_of[1]
    if not 1 <= line <= len(starts):
        return None
    start = starts[line - 1]
    found = _BREAK.search(text, start)
    return start, text[start:found.start() if found else len(text)]


def _char_at(text: str, line: int, column: int) -> str | None:
    """The character at 1-based (line, column) of `text`, or None past its end."""
    found = _line(text, line)
    if found is None:
        return None
    row = found[1]
    return row[column - 1] if 1 <= column <= len(row) else None


def _prev_significant(text: str, line: int, column: int) -> str | None:
    """The last non-blank character before 1-based (line, column)."""
    found = _line(text, line)
    if found is None:
        return None
    index = found[0] + min(column - 1, len(found[1])) - 1
    while index >= 0 and text[index].isspace():  # walk back from the error, never copy what precedes it
        index -= 1
    return text[index] if index >= 0 else None


_TABS = "indent with spaces only (most editors can convert tabs to spaces)"


def yaml_help(problem: str, text: str, line: int, column: int) -> tuple[str, str | None]:
    """The problem restated where the reader's words hide the cause, and a hint for fixing it."""
    char = _char_at(text, line, column)
    if "cannot start any token" in problem and char == "\t":
        return ("a tab character (U+0009) cannot start a token: YAML does not allow tabs for indentation", _TABS)
    if "tab character" in problem:
        return (problem, _TABS)
    if "mapping values are not allowed" in problem:
        return (problem, "a value holding ': ' must be quoted, and a nested mapping must be indented under its key; "
                         "check the indentation and quoting of this line and the one above")
    if "could not find expected ':'" in problem:
        return (problem, "each line of a mapping is `key: value` with a space after the colon")
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return (problem, "a flow list [..] or mapping {..} is not closed, or two items lack a comma between them")
    if "found undefined alias" in problem:
        return (problem, "an alias *name needs an anchor &name earlier in the same document")
    if "found character '@'" in problem or "found character '`'" in problem:
        return (problem, "'@' and '`' are reserved in YAML: quote a value that starts with them")
    if "expected <document start>" in problem:
        return (problem, "separate documents with a line holding only '---'")
    return (problem, None)


def json_help(message: str, text: str, line: int, column: int) -> str | None:
    """A hint for a JSON decoding error at 1-based (line, column)."""
    char = _char_at(text, line, column)
    previous = _prev_significant(text, line, column)
    if message.startswith("Expecting property name") and char in ("}", None) and previous == ",":
        return "JSON allows no comma after the last member of an object: remove the trailing comma"
    if message.startswith("Expecting value") and char == "]" and previous == ",":
        return "JSON allows no comma after the last item of an array: remove the trailing comma"
    if message.startswith("Expecting property name") and char == "'":
        return "JSON strings and member names take double quotes, not single quotes"
    if message.startswith("Expecting value") and char == "'":
        return "JSON strings take double quotes, not single quotes"
    if char == "/" and message.startswith("Expecting"):
        return "JSON has no comments: remove them (or write the order as YAML, which has # comments)"
    if message.startswith("Expecting ',' delimiter"):
        return "two members or items lack a comma between them, or a string is not closed"
    if message.startswith("Expecting value") and char is not None and char.isalpha():
        return "a text value must be quoted in JSON; true, false and null are written in lower case"
    if message.startswith("Extra data"):
        return "a JSON file holds one value: wrap several orders in a list [...], or use JSON Lines (.jsonl)"
    return None
