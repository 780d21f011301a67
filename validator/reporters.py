"""Reports over many document results: text for people, JSON for programs (DESIGN section 5)."""

from __future__ import annotations

import json
import re
import secrets
import typing as t
from decimal import Decimal

from .diagnostics import Diagnostic
from .documents import DocumentResult

_SCALAR_END = re.compile(r"\s+#|[,\]}]|:(?:\s|$)|\s*$")
_SURROGATE = re.compile("[\ud800-\udfff]")
EXCERPT_WIDTH = 120  # characters of a source line shown around the finding's column
MESSAGE_WIDTH = 400  # longest message shown in full in text formats
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


_TOKEN = secrets.token_hex(8)  # no request text can forge the mark of a number
_NUMBER_MARK = re.compile(r'"\\u0000' + _TOKEN + r'([-+0-9.eE]+)\\u0000"')


def _decimal_mark(value: t.Any) -> t.Any:
    if isinstance(value, Decimal) and value.is_finite():
        return f"\0{_TOKEN}{value}\0"  # written back as the number itself below, digits unchanged
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value: t.Any, **options: t.Any) -> str:
    """JSON text that can always be written as UTF-8: a lone surrogate becomes a \\uXXXX escape, and a decimal
    (a JSON number read exactly) is written as the number it is, with its own digits."""
    text = json.dumps(value, ensure_ascii=False, default=_decimal_mark, **options)
    if _TOKEN in text:
        text = _NUMBER_MARK.sub(lambda m: m.group(1), text)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_text(text: str) -> str:
    """`text` with lone surrogates shown as \\uXXXX, so it can be written as UTF-8."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def shorten(text: str, limit: int = MESSAGE_WIDTH) -> str:
    """`text` cut to `limit` characters with an ellipsis in the middle."""
    if len(text) <= limit:
        return text
    tail = (limit - 1) // 2
    return text[:limit - 1 - tail] + "…" + text[len(text) - tail:]


def window(line: str, column: int, width: int, span: int) -> tuple[str, int, int]:
    """A piece of `line` around `column` (1-based) no wider than about EXCERPT_WIDTH, with "…" where cut.

    Returns the shown text, the caret's 1-based column in it, and the caret width.
    """
    if len(line) <= width:
        return line, column, span
    start = max(0, column - 1 - width // 3)
    end = min(len(line), start + width)
    start = max(0, min(start, end - width))
    shown = line[start:end]
    caret = column - start
    if start > 0:
        shown = "…" + shown
        caret += 1
    if end < len(line):
        shown += "…"
    return shown, caret, max(1, min(span, len(shown) - caret + 1))


class Tally:
    """Running counts for the summary: documents, valid documents, error and warning diagnostics."""

    def __init__(self) -> None:
        self.documents = self.valid = self.errors = self.warnings = 0
        self.sources: set[str] = set()

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.valid += result.valid
        self.sources.add(result.source)
        for diag in result.diagnostics:
            self.errors += diag.severity == "error"
            self.warnings += diag.severity == "warning"

    def as_dict(self) -> dict[str, int]:
        return {"documents": self.documents, "valid": self.valid, "errors": self.errors, "warnings": self.warnings}


class Reporter(t.Protocol):
    """Takes results one at a time (returning text to write now) and ends the report."""

    def add(self, result: DocumentResult) -> str: ...

    def finish(self) -> str: ...


def metadata_note(origin: t.Any) -> dict[str, t.Any]:
    """Which market metadata a verdict rests on: its source (a shipped snapshot by its name in the package, so
    that reports do not depend on where orderlint is installed), kind, format, size and when it was taken."""
    source = origin.source
    if origin.kind == "shipped":
        source = "markets/" + source.replace("\\", "/").rsplit("/", 1)[-1]
    elif source.startswith("/") or ":" in source[:3]:  # a file: as a path from the working folder, like the results'
        import os

        try:
            source = os.path.relpath(source).replace(os.sep, "/")
        except ValueError:  # another drive (Windows): keep it absolute
            pass
    return {"venue": origin.venue, "source": source, "kind": origin.kind, "format": origin.format, "symbols": origin.symbols,
            "fetched_at": origin.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ") if origin.fetched_at else None,
            "stale": origin.stale()}


class _MarketNotes:
    """The metadata behind each venue's verdicts, looked up once per venue."""

    def __init__(self, markets: t.Any = None) -> None:
        self.markets = markets
        self.seen: dict[str, dict[str, t.Any] | None] = {}

    def note(self, venue: t.Any) -> dict[str, t.Any] | None:
        if self.markets is None or not isinstance(venue, str):
            return None
        if venue not in self.seen:
            origin = self.markets.source_of(venue)
            self.seen[venue] = metadata_note(origin) if origin is not None else None
        return self.seen[venue]

    def used(self) -> list[dict[str, t.Any]]:
        return [note for note in self.seen.values() if note is not None]


class JsonReporter:
    """One JSON object for the whole run (DESIGN section 5), written at the end. Each result says which market
    metadata its verdict rests on (`markets`, null when the venue has none)."""

    def __init__(self, markets: t.Any = None) -> None:
        self.tally = Tally()
        self.results: list[dict[str, t.Any]] = []
        self.notes = _MarketNotes(markets)

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        entry = result.to_dict()
        if self.notes.markets is not None:
            entry["markets"] = self.notes.note(result.venue)
        self.results.append(entry)
        return ""

    def finish(self) -> str:
        return dumps({"version": 1, "summary": self.tally.as_dict(), "results": self.results}, indent=2) + "\n"


class JsonLinesReporter:
    """One compact JSON object per document as soon as it is checked, then one `{"summary": …}` line, which also
    lists the market metadata the verdicts rest on (`markets`)."""

    def __init__(self, markets: t.Any = None) -> None:
        self.tally = Tally()
        self.notes = _MarketNotes(markets)

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        self.notes.note(result.venue)
        return dumps(result.to_dict(), separators=(",", ":")) + "\n"

    def finish(self) -> str:
        closing: dict[str, t.Any] = {"summary": self.tally.as_dict()}
        if self.notes.markets is not None:
            closing["markets"] = self.notes.used()
        return dumps(closing, separators=(",", ":")) + "\n"


def _token_width(line: str, column: int) -> int:
    """How many characters the value starting at `column` (1-based) spans on its line."""
    rest = line[column - 1:]
    if not rest:
        return 1
    if rest[0] in "\"'":
        quote = rest[0]
        end = 1
        while end < len(rest):
            if rest[end] == "\\" and quote == '"':
                end += 2
                continue
            if rest[end] == quote:
                return end + 1
            end += 1
        return len(rest)
    if rest[0] in "{[":
        return 1
    match = _SCALAR_END.search(rest, 1 if len(rest) > 1 else 0)
    width = match.start() if match else len(rest)
    return max(1, width)


def format_diagnostic(result: DocumentResult, diag: Diagnostic, color: bool = False) -> str:
    """`path:line:col: CODE [severity] message`, the source line with a caret under the value, help and fix."""
    where = result.source
    if diag.line is not None:
        where += f":{diag.line}:{diag.column or 1}"
    else:
        where += f" (document {result.document + 1})"
    pointer = f" ({diag.pointer})" if diag.pointer else ""
    message = safe_text(shorten(diag.message))
    head = f"{where}: {diag.code} [{diag.severity}] {message}"
    if color:
        tint = {"error": "31", "warning": "33", "info": "36"}.get(diag.severity, "0")
        head = f"\033[1m{where}:\033[0m \033[{tint}m{diag.code} [{diag.severity}]\033[0m {message}"
    lines = [safe_text(head)]
    text = result.sourcemap.line_text(diag.line) if (result.sourcemap and diag.line) else None
    if text is not None:
        gutter = str(diag.line)
        pad = " " * len(gutter)
        full = text.replace("\t", " ")
        column = diag.column or 1
        if diag.end_line == diag.line and diag.end_column and diag.end_column > column:
            span = diag.end_column - column
        else:
            span = _token_width(full, column)
        shown, caret, span = window(full, column, EXCERPT_WIDTH, span)
        lines.append(f" {pad} |")
        lines.append(safe_text(f" {gutter} | {shown}"))
        lines.append(f" {pad} | {' ' * (caret - 1)}{'^' * span}")
    elif pointer:
        lines.append(safe_text(f"    at {shorten(diag.pointer, EXCERPT_WIDTH)}"))
    if diag.help:
        lines.append(safe_text(f"  = help: {shorten(diag.help)}"))
    if diag.fix is not None:
        lines.append(safe_text(f"  = fix ({diag.fix.applicability}): set {diag.fix.pointer} to {shorten(dumps(diag.fix.value))}"))
    return "\n".join(lines)


class TextReporter:
    """For people: each finding with its source line as the document is checked, then one summary line."""

    def __init__(self, color: bool = False) -> None:
        self.color = color
        self.tally = Tally()

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        return "".join(format_diagnostic(result, diag, self.color) + "\n\n" for diag in result.diagnostics)

    def finish(self) -> str:
        counts = self.tally
        invalid = counts.documents - counts.valid
        files = len(counts.sources)
        return (f"Checked {counts.documents} document{'s' if counts.documents != 1 else ''} in {files} file{'s' if files != 1 else ''}: "
                f"{counts.valid} valid, {invalid} rejected ({counts.errors} error{'s' if counts.errors != 1 else ''}, "
                f"{counts.warnings} warning{'s' if counts.warnings != 1 else ''}).\n")


def concise_line(result: DocumentResult, diag: Diagnostic) -> str:
    """`path:line:col: CODE [severity] message` (or `path (document N)` when the position is unknown)."""
    where = result.source + (f":{diag.line}:{diag.column or 1}" if diag.line is not None else f" (document {result.document + 1})")
    if diag.line is None and diag.pointer:
        where += f" at {shorten(diag.pointer, EXCERPT_WIDTH)}"
    return safe_text(f"{where}: {diag.code} [{diag.severity}] {shorten(diag.message)}")


class ConciseReporter(TextReporter):
    """One line per finding, then the summary line (the default when not writing to a terminal)."""

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        return "".join(concise_line(result, diag) + "\n" for diag in result.diagnostics)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """GitHub Actions workflow commands: one `::error file=…,line=…::message` annotation per finding."""

    LEVELS = {"error": "error", "warning": "warning", "info": "notice"}

    def __init__(self) -> None:
        self.tally = Tally()

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        out = []
        for diag in result.diagnostics:
            props = [f"file={_escape_property(result.source)}"]
            if diag.line is not None:
                props.append(f"line={diag.line}")
                props.append(f"col={diag.column or 1}")
                if diag.end_line is not None:
                    props.append(f"endLine={diag.end_line}")
                    if diag.end_column is not None:
                        props.append(f"endColumn={diag.end_column}")
            props.append(f"title={_escape_property(f'orderlint {diag.code} ({diag.name})')}")
            body = shorten(diag.message)
            if diag.line is None:
                body = f"document {result.document + 1}" + (f" at {diag.pointer}" if diag.pointer else "") + f": {body}"
            if diag.help:
                body += f"\nhelp: {shorten(diag.help)}"
            level = self.LEVELS.get(diag.severity, "warning")
            out.append(safe_text(f"::{level} {','.join(props)}::{_escape_data(body)}") + "\n")
        return "".join(out)

    def finish(self) -> str:
        return ""


def statistics(results: t.Iterable[DocumentResult]) -> dict[tuple[str, str], int]:
    """How many findings of each (code, name), most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for result in results:
        for diag in result.diagnostics:
            counts[(diag.code, diag.name)] = counts.get((diag.code, diag.name), 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def statistics_text(counts: dict[tuple[str, str], int]) -> str:
    """One `count  CODE  name` line per code."""
    width = max((len(str(n)) for n in counts.values()), default=1)
    return "".join(f"{n:>{width}}  {code}  {name}\n" for (code, name), n in counts.items())


# ---- SARIF 2.1.0 (GitHub code scanning) ------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
DESCRIPTION_LIMIT = 1024  # GitHub's limit on shortDescription and fullDescription


def artifact_uri(source: str, cwd: str | None = None) -> str:
    """A finding's file as a stable URI reference relative to the working folder (the repository root in CI)."""
    import os
    from urllib.parse import quote

    if source == "<stdin>":
        return "stdin"
    path = source
    cwd = cwd or os.getcwd()
    if os.path.isabs(path):
        rel = os.path.relpath(path, cwd)
        if not rel.startswith(".."):
            path = rel
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return quote(safe_text(path), safe="/:@!$&'()*+,;=-._~")


def fingerprint(uri: str, result: DocumentResult, diag: Diagnostic) -> str:
    """A hash of what identifies a finding: file, document, code, rule and JSON pointer, but not its line, so the
    finding keeps its identity when lines above it are added or removed."""
    import hashlib

    key = "\0".join((uri, str(result.document), diag.code, diag.rule or "", diag.pointer))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _region(result: DocumentResult, diag: Diagnostic) -> dict[str, int]:
    line = diag.line or 1
    column = diag.column or 1
    if diag.line is not None and diag.end_line is not None and diag.end_column is not None:
        return {"startLine": line, "startColumn": column, "endLine": diag.end_line, "endColumn": max(1, diag.end_column)}
    text = result.sourcemap.line_text(diag.line) if (result.sourcemap and diag.line) else None
    width = _token_width(text.replace("\t", " "), column) if text is not None else 1
    return {"startLine": line, "startColumn": column, "endLine": line, "endColumn": column + width}


class SarifReporter:
    """One SARIF 2.1.0 log for the whole run: rule descriptors from the rule documentation, one result per finding."""

    def __init__(self, codes: t.Mapping[str, t.Any] | None = None, rules: t.Sequence[t.Any] = (), version: str = "",
                 cwd: str | None = None) -> None:
        from .codes import catalog

        self.tally = Tally()
        self.codes = codes if codes is not None else catalog()
        self.rules = {(r.venue, r.id): r for r in rules}
        self.version = version
        self.cwd = cwd
        self.results: list[dict[str, t.Any]] = []
        self.fired: dict[str, dict[tuple[str, str], t.Any]] = {}  # code -> venue rules that reported it
        self.urls: dict[str, set[str]] = {}
        self.occurrences: dict[str, int] = {}

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        uri = artifact_uri(result.source, self.cwd)
        for diag in result.diagnostics:
            fired = self.fired.setdefault(diag.code, {})
            rule = self.rules.get((result.venue, diag.rule)) if diag.rule else None
            if rule is not None:
                fired[(rule.venue, rule.id)] = rule
            if diag.url:
                self.urls.setdefault(diag.code, set()).add(diag.url)
            digest = fingerprint(uri, result, diag)
            count = self.occurrences[digest] = self.occurrences.get(digest, 0) + 1
            properties: dict[str, t.Any] = {"document": result.document, "pointer": diag.pointer}
            if result.venue:
                properties["venue"] = result.venue
            if result.operation:
                properties["operation"] = result.operation
            if diag.rule:
                properties["rule"] = f"{result.venue}/{diag.rule}"
            if diag.help:
                properties["help"] = safe_text(diag.help)
            self.results.append({
                "ruleId": diag.code,
                "level": SARIF_LEVELS.get(diag.severity, "warning"),
                "message": {"text": safe_text(diag.message)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(result, diag)}}],
                "partialFingerprints": {"primaryLocationLineHash": f"{digest[:16]}:{count}", "orderlint/v1": f"{digest}:{count}"},
                "properties": properties,
            })
        return ""

    def _descriptor(self, code: str) -> dict[str, t.Any]:
        from . import ruledoc

        info = self.codes.get(code)
        if info is None:  # a code outside the catalog: describe it by its findings only
            return {"id": code, "shortDescription": {"text": code}, "fullDescription": {"text": code}, "help": {"text": code}}
        fired = sorted(self.fired.get(code, {}).values(), key=lambda r: (r.venue, r.id))
        doc = ruledoc.code_doc(info, fired)
        urls = sorted(self.urls.get(code, set()) | {r.url for r in fired if r.url})
        full = " ".join(part for part in (" ".join(str(info.what).split()), " ".join(str(info.why).split())) if part) or info.summary
        descriptor: dict[str, t.Any] = {
            "id": code,
            "name": info.name,
            "shortDescription": {"text": shorten(info.summary, DESCRIPTION_LIMIT)},
            "fullDescription": {"text": shorten(full, DESCRIPTION_LIMIT)},
            "help": {"text": ruledoc.plain_text(doc), "markdown": ruledoc.markdown(doc, level=2)},
            "defaultConfiguration": {"level": SARIF_LEVELS.get(info.severity, "warning")},
            "properties": {"tags": [ruledoc.FAMILIES.get(code[:1], "orderlint")], "anchor": doc["anchor"]},
        }
        if urls:  # the venue's page; where several venues report the code, the help text names each one's page
            descriptor["helpUri"] = urls[0]
        if len(urls) > 1:
            descriptor["properties"]["urls"] = urls
        return descriptor

    def log(self) -> dict[str, t.Any]:
        order = {code: i for i, code in enumerate(self.codes)}
        used = sorted({r["ruleId"] for r in self.results}, key=lambda c: (order.get(c, len(order)), c))
        index = {code: i for i, code in enumerate(used)}
        results = [{"ruleId": r["ruleId"], "ruleIndex": index[r["ruleId"]], **{k: v for k, v in r.items() if k != "ruleId"}}
                   for r in self.results]
        driver: dict[str, t.Any] = {"name": "orderlint", "rules": [self._descriptor(code) for code in used]}
        if self.version:
            driver["version"] = driver["semanticVersion"] = self.version
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
            "tool": {"driver": driver},
            "automationDetails": {"id": "orderlint/"},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"summary": self.tally.as_dict()},
        }]}

    def finish(self) -> str:
        return dumps(self.log(), indent=2) + "\n"


# ---- JUnit XML ------------------------------------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (control characters, lone surrogates): shown as \\uXXXX."""
    return _XML_INVALID.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JunitReporter:
    """JUnit XML: one testsuite per file, one testcase per document; a document with a finding at or above
    `fail_on` is a failure carrying its findings, other findings go to the testcase's system-out."""

    def __init__(self, fail_on: str = "error") -> None:
        self.tally = Tally()
        self.threshold = SEVERITY_RANK[fail_on]
        self.suites: dict[str, list[DocumentResult]] = {}

    def add(self, result: DocumentResult) -> str:
        self.tally.add(result)
        self.suites.setdefault(result.source, []).append(result)
        return ""

    def finish(self) -> str:
        import xml.etree.ElementTree as ET

        root = ET.Element("testsuites", name="orderlint")
        total = failed = 0
        for source, results in self.suites.items():
            suite = ET.SubElement(root, "testsuite", name=xml_text(source))
            suite_failed = 0
            for result in results:
                target = f"{result.venue} {result.operation}" if result.venue and result.operation else "unresolved"
                case = ET.SubElement(suite, "testcase", classname=xml_text(source), name=xml_text(f"document {result.document + 1} ({target})"),
                                     file=xml_text(source))
                first = next((d.line for d in result.diagnostics if d.line is not None), None)
                if first is not None:
                    case.set("line", str(first))
                failing = [d for d in result.diagnostics if SEVERITY_RANK.get(d.severity, 2) >= self.threshold]
                others = [d for d in result.diagnostics if SEVERITY_RANK.get(d.severity, 2) < self.threshold]
                if failing:
                    suite_failed += 1
                    head = failing[0]
                    more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
                    failure = ET.SubElement(case, "failure", type=head.code, message=xml_text(f"{head.code} {shorten(head.message, 200)}{more}"))
                    failure.text = xml_text("\n".join(concise_line(result, d) for d in failing))
                if others:
                    ET.SubElement(case, "system-out").text = xml_text("\n".join(concise_line(result, d) for d in others))
            suite.set("tests", str(len(results)))
            suite.set("failures", str(suite_failed))
            suite.set("errors", "0")
            suite.set("skipped", "0")
            total += len(results)
            failed += suite_failed
        root.set("tests", str(total))
        root.set("failures", str(failed))
        root.set("errors", "0")
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
