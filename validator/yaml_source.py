"""YAML text to values with positions: safe composition only, exact decimals, nothing constructed from tags.

PyYAML composes the node graph (no object is ever constructed from a tag); the values are built here
from the nodes, so every scalar keeps its source text, every member its position, and every hostile
construct (unknown tags, duplicate keys, alias bombs, deep nesting) becomes a diagnostic.
"""

from __future__ import annotations

import dataclasses
import re
import typing as t
from decimal import Decimal, InvalidOperation

import yaml

from .codes import diagnostic
from .decimals import is_sane
from .diagnostics import Diagnostic, join_pointer
from .limits import DEFAULT, NOT_FINITE, Limits
from .scalars import shorten
from .sourcemap import NodeSourceMap, Position
from .syntax_help import yaml_help

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    _Loader = yaml.SafeLoader


_TAG = "tag:yaml.org,2002:"
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_STRICT_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOLS = {"yes": True, "Yes": True, "YES": True, "on": True, "On": True, "ON": True,
                 "no": False, "No": False, "NO": False, "off": False, "Off": False, "OFF": False}
_YAML12_OCTAL = re.compile(r"[-+]?0o[0-7]+")
_NON_FINITE = {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"}


@dataclasses.dataclass
class YamlDocument:
    index: int
    data: t.Any
    sourcemap: NodeSourceMap | None
    problems: list[Diagnostic]
    ok: bool


class _Abort(Exception):
    def __init__(self, diag: Diagnostic) -> None:
        self.diag = diag


def _pos(mark: t.Any) -> Position:
    return mark.line + 1, mark.column + 1


class _Builder:
    def __init__(self, limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.values: dict[str, Position] = {}
        self.keys: dict[str, Position] = {}
        self.value_ends: dict[str, Position] = {}
        self.key_ends: dict[str, Position] = {}
        self.problems: list[Diagnostic] = []
        self.nodes = 0

    def build(self, node: yaml.Node, pointer: str, depth: int) -> t.Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            line, col = _pos(node.start_mark)
            raise _Abort(diagnostic("P006", f"document expands to more than {self.limits.max_nodes} nodes (aliases?); refused",
                                    pointer="", line=line, column=col))
        if depth >= self.limits.max_depth and not isinstance(node, yaml.ScalarNode):  # this container is one level too many
            line, col = _pos(node.start_mark)
            raise _Abort(diagnostic("P006", self.limits.too_deep,
                                    pointer="", line=line, column=col))
        if pointer not in self.values:
            self.values[pointer] = _pos(node.start_mark)
            self.value_ends[pointer] = _pos(node.end_mark)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, pointer)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, pointer, _TAG + "seq")
            return [self.build(item, join_pointer(pointer, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node, pointer, _TAG + "map")
            return self.mapping(node, pointer, depth)
        return None  # pragma: no cover - PyYAML has no other node kinds

    def _check_tag(self, node: yaml.Node, pointer: str, expected: str) -> None:
        if node.tag != expected:
            line, col = _pos(node.start_mark)
            raise _Abort(diagnostic("P005", f"YAML tag {node.tag!r} is not allowed in an order document; refused (never constructed)",
                                    pointer=pointer, line=line, column=col))

    def mapping(self, node: yaml.MappingNode, pointer: str, depth: int) -> dict[str, t.Any]:
        result: dict[str, t.Any] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merges.append(value_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _pos(key_node.start_mark)
                raise _Abort(diagnostic("P001", "a mapping key must be a plain scalar", pointer=pointer, line=line, column=col))
            key = str(key_node.value)
            child = join_pointer(pointer, key)
            if key in result:
                line, col = _pos(key_node.start_mark)
                first = self.keys.get(child)
                where = f" (first at line {first[0]})" if first else ""
                self.problems.append(diagnostic("P002", f"duplicate key {key!r}{where}: parsers disagree on which value wins",
                                                pointer=child, line=line, column=col))
            self.keys[child] = _pos(key_node.start_mark)
            self.key_ends[child] = _pos(key_node.end_mark)
            self.values.pop(child, None)
            result[key] = self.build(value_node, child, depth + 1)
        for source in merges:
            sources = source.value if isinstance(source, yaml.SequenceNode) else [source]
            for merged in sources:
                if not isinstance(merged, yaml.MappingNode):
                    line, col = _pos(merged.start_mark)
                    raise _Abort(diagnostic("P001", "a merge key ('<<') needs a mapping or a list of mappings",
                                            pointer=pointer, line=line, column=col))
                sub = _Builder(self.limits)
                sub.nodes = self.nodes
                values = sub.mapping(merged, pointer, depth + 1)
                self.nodes = sub.nodes
                self.problems.extend(sub.problems)
                for key, value in values.items():
                    if key in result:
                        continue  # explicit keys win over merged ones
                    result[key] = value
                    child = join_pointer(pointer, key)
                    for table, sub_table in ((self.values, sub.values), (self.keys, sub.keys)):
                        for ptr, pos in sub_table.items():
                            if ptr == child or ptr.startswith(child + "/"):
                                table[ptr] = pos
        return result

    def scalar(self, node: yaml.ScalarNode, pointer: str) -> t.Any:
        tag, text = node.tag, node.value
        line, col = _pos(node.start_mark)
        if len(text) > self.limits.max_string:
            self.problems.append(diagnostic("P010", f"a value of {len(text)} characters; the limit is {self.limits.max_string}",
                                            pointer=pointer, line=line, column=col))
        if tag == _TAG + "str":
            if not node.style and _YAML12_OCTAL.fullmatch(text):  # plain: style is None (Python) or "" (libyaml)
                self.problems.append(diagnostic("P003", f"{text!r} is the octal number {int(text.replace('0o', ''), 8)} in YAML 1.2 but a string in YAML 1.1; quote it",
                                                pointer=pointer, line=line, column=col))
            elif not node.style and _YAML12_EXPONENT.fullmatch(text):
                self.problems.append(diagnostic("P003", f"{text!r} is a string in YAML 1.1 (PyYAML) but the number {text} in YAML 1.2; "
                                                "quote it to mean a string, or write it without an exponent",
                                                pointer=pointer, line=line, column=col))
            return text
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            if text in _STRICT_BOOLS:
                return _STRICT_BOOLS[text]
            value = _YAML11_BOOLS.get(text, False)
            self.problems.append(diagnostic("P003", f"{text!r} reads as {str(value).lower()} in YAML 1.1 but as a string in YAML 1.2 "
                                                     f"(orderlint reads {str(value).lower()}, as PyYAML does); write true/false, or quote it",
                                            pointer=pointer, line=line, column=col))
            return value
        if tag == _TAG + "int":
            if _PLAIN_INT.fullmatch(text):
                return self._integer(text, pointer, line, col)
            return self._yaml11_number(node, pointer, int)
        if tag == _TAG + "float":
            if text in _NON_FINITE:
                self.problems.append(diagnostic("P004", f"{text!r} {NOT_FINITE}",
                                                pointer=pointer, line=line, column=col))
                return text
            if _PLAIN_FLOAT.fullmatch(text):
                return self._decimal(text, pointer, line, col)
            return self._yaml11_number(node, pointer, Decimal)
        if tag == _TAG + "timestamp":
            if pointer == "/now":  # the envelope's moment: a time is what it means in either YAML version
                return text
            # keep what was written (a string in YAML 1.2); the schema decides what the field may hold
            self.problems.append(diagnostic("P003", f"{text!r} reads as a date or time in YAML 1.1 (PyYAML gives a datetime) but as a string in YAML 1.2; quote it",
                                            pointer=pointer, line=line, column=col))
            return text
        raise _Abort(diagnostic("P005", f"YAML tag {tag!r} is not allowed in an order document; refused (never constructed)",
                                pointer=pointer, line=line, column=col))

    def _integer(self, text: str, pointer: str, line: int, col: int) -> t.Any:
        """An integer, its magnitude decided from the text first (never int() on thousands of digits)."""
        if len(text.lstrip("+-").lstrip("0")) <= 61:
            return int(text)
        return self._decimal(text, pointer, line, col)

    def _decimal(self, text: str, pointer: str, line: int, col: int) -> t.Any:
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):  # an exponent beyond what a decimal holds
            self.problems.append(diagnostic("P007", f"number out of range: {shorten(text)} cannot be represented exactly; no venue accepts it",
                                            pointer=pointer, line=line, column=col))
            return text
        if not is_sane(number):
            self.problems.append(diagnostic("P007", f"number out of range: {shorten(text)} is out of any sensible range for an order",
                                            pointer=pointer, line=line, column=col))
        return number

    def _yaml11_number(self, node: yaml.ScalarNode, pointer: str, kind: type) -> t.Any:
        """Octal, hex, sexagesimal or underscored numbers: YAML 1.1 and 1.2 read them differently."""
        text = node.value
        line, col = _pos(node.start_mark)
        if "_" in text and ":" not in text:
            cleaned = text.replace("_", "")
            if _PLAIN_INT.fullmatch(cleaned) or _PLAIN_FLOAT.fullmatch(cleaned):
                self.problems.append(diagnostic("P003", f"{text!r} reads as the number {cleaned} in YAML 1.1 but as a string in YAML 1.2; quote it",
                                                pointer=pointer, line=line, column=col))
                return self._integer(cleaned, pointer, line, col) if kind is int else self._decimal(cleaned, pointer, line, col)
        try:
            constructor = yaml.SafeLoader("")
            value = constructor.construct_yaml_int(node) if kind is int else constructor.construct_yaml_float(node)
        except Exception:
            value = None
        if value is None or (kind is int and abs(value) > 10**60):
            self.problems.append(diagnostic("P003", f"{text!r} is an ambiguous YAML number; quote it", pointer=pointer, line=line, column=col))
            return text
        shown = value if kind is int else repr(value)
        self.problems.append(diagnostic("P003", f"{text!r} reads as {shown} in YAML 1.1 (a different value in YAML 1.2); quote it",
                                        pointer=pointer, line=line, column=col))
        return value if kind is int else Decimal(repr(value))


_YAML12_EXPONENT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+")


def load_yaml(text: str, limits: Limits = DEFAULT) -> list[YamlDocument]:
    """Every document of a YAML stream, each with its own verdict; a syntax error costs only its document.

    The whole stream is composed at once when it can be; otherwise each document (the text from one `---`
    line to the next, whatever the line ends) is composed on its own, once, so recovery is linear in the size.
    """
    if _LINE_BOM.search(text):  # YAML 1.2 allows a byte-order mark at the start of any document
        text = _LINE_BOM.sub(lambda m: m.group(1), text)
    if _NON_PRINTABLE.search(text) is None:
        documents: list[YamlDocument] = []
        if _compose_stream(text, text, documents, limits) is None:
            return documents
    documents = []
    for offset, chunk in split_documents(text):
        _compose_chunk(chunk, offset, text, documents, limits)
    return documents


_LINE_BOM = re.compile("(^|\r\n|\r|\n)\ufeff")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MARKER_LINE = re.compile(r"---(?:[ \t\r\n]|\Z)")
_PREAMBLE_LINE = re.compile(r"[ \t]*(?:[#%].*)?")


def split_documents(text: str) -> list[tuple[int, str]]:
    """The stream cut before every `---` line: (0-based line of the piece's start, piece text)."""
    pieces: list[tuple[int, str]] = []
    start_offset, start_line, line = 0, 0, 0
    position = 0
    for brk in _LINE_BREAK.finditer(text):
        line += 1
        position = brk.end()
        if _MARKER_LINE.match(text, position) and position > start_offset:
            pieces.append((start_line, text[start_offset:position]))
            start_offset, start_line = position, line
    pieces.append((start_line, text[start_offset:]))
    if len(pieces) > 1 and all(_PREAMBLE_LINE.fullmatch(row) for row in _LINE_BREAK.split(pieces[0][1])):
        pieces[1] = (pieces[0][0], pieces[0][1] + pieces[1][1])  # directives and comments belong to what follows
        del pieces[0]
    if len(pieces) > 1 and not pieces[-1][1].strip():
        del pieces[-1]
    return pieces


def load_yaml_pieces(pieces: t.Sequence[tuple[int, str | Diagnostic]], text: str, limits: Limits = DEFAULT) -> list[YamlDocument]:
    """Documents of a stream already cut by split_documents' rule, where some pieces could not be decoded
    (a Diagnostic in place of their text); `text` is the whole stream as best read, for source lines."""
    documents: list[YamlDocument] = []
    for offset, piece in pieces:
        if isinstance(piece, Diagnostic):
            documents.append(YamlDocument(len(documents), None, None, [piece], ok=False))
            continue
        if _LINE_BOM.search(piece):
            piece = _LINE_BOM.sub(lambda m: m.group(1), piece)
        _compose_chunk(piece, offset, text, documents, limits)
    return documents


def _compose_chunk(chunk: str, offset: int, text: str, out: list[YamlDocument], limits: Limits) -> None:
    """Append the documents of one piece of a stream, positions shifted down by `offset` lines."""
    bad = _NON_PRINTABLE.search(chunk)
    if bad is not None:
        line = chunk.count("\n", 0, bad.start()) + chunk.count("\r", 0, bad.start()) - chunk.count("\r\n", 0, bad.start())
        column = bad.start() - max(chunk.rfind("\n", 0, bad.start()), chunk.rfind("\r", 0, bad.start()))
        diag = diagnostic("P001", f"invalid YAML: control character U+{ord(bad.group()):04X} is not allowed in YAML text",
                          pointer="", line=offset + line + 1, column=column)
        out.append(YamlDocument(len(out), None, None, [diag], ok=False))
        return
    _compose_stream(chunk, text, out, limits, offset)


def _shift(node: yaml.Node | None, offset: int) -> None:
    """Move every mark of a composed tree down by `offset` lines (each node once, aliases included)."""
    if node is None or not offset:
        return
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.start_mark = _moved(current.start_mark, offset)
        current.end_mark = _moved(current.end_mark, offset)
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _moved(mark: t.Any, offset: int) -> t.Any:
    if mark is None:
        return None
    return yaml.Mark(mark.name, mark.index, mark.line + offset, mark.column, None, None)  # type: ignore[arg-type]


def _compose_stream(source: str, text: str, out: list[YamlDocument], limits: Limits, offset: int = 0) -> int | None:
    """Append the documents of `source` (free of characters the reader refuses) to `out`; on a syntax error,
    append an error document and return the 0-based line of the failure."""
    loader = _loader_for(source)
    try:
        while loader.check_node():
            node = loader.get_node()
            _shift(node, offset)
            out.append(_build_document(len(out), node, text, limits))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (_pos(mark) if mark else (1, 1))
        line += offset
        problem = exc.problem or "invalid YAML"
        context = ""
        shown_line, shown_col = line, col
        if exc.context:
            where = exc.context_mark
            if where and exc.problem_mark and where.line != exc.problem_mark.line:
                if exc.context.startswith("while parsing a flow"):
                    # an unclosed [ or {: point at it, not at the later line where the parser gave up
                    shown_line, shown_col = where.line + 1 + offset, where.column + 1
                    context = f" ({exc.context} that starts here; the parser stopped at line {line}, column {col})"
                else:
                    context = f" ({exc.context} that starts at line {where.line + 1 + offset}, column {where.column + 1})"
            else:
                context = f" ({exc.context})"
        problem, hint = yaml_help(problem, text, line, col)
        diag = diagnostic("P001", f"invalid YAML: {problem}{context}", pointer="", line=shown_line, column=shown_col, help=hint)
        out.append(YamlDocument(len(out), None, None, [diag], ok=False))
        return line - 1
    except RecursionError:  # the pure-Python composer on a deeply nested document: find where, without recursing
        line, col = _too_deep_at(source, limits.max_depth)
        line += offset
        diag = diagnostic("P006", limits.too_deep, pointer="", line=line, column=col)
        out.append(YamlDocument(len(out), None, None, [diag], ok=False))
        return line - 1
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors are caught before composing
        diag = diagnostic("P001", f"invalid YAML: {str(exc).splitlines()[0]}", pointer="", line=1, column=1)
        out.append(YamlDocument(len(out), None, None, [diag], ok=False))
        return None
    finally:
        loader.dispose()
    return None


# libyaml's composer recurses in C once per nesting level and crashes the process (no exception) at
# some tens of thousands of levels, fewer on small thread stacks. Flow nesting cannot exceed the
# number of brackets; block nesting cannot exceed twice the indentation plus indicators (- ? :) of the
# deepest line, plus one (a block sequence may sit at its key's indentation, one level for free per
# indentation step). Text under the bound goes to the fast C composer, anything else to the
# pure-Python one, whose recursion raises RecursionError instead.
_C_COMPOSER_MAX_NESTING = 1000


def _nesting_bound(text: str) -> int:
    flow = text.count("[") + text.count("{")
    if flow > _C_COMPOSER_MAX_NESTING:
        return flow
    deepest = 0
    for line in text.split("\n"):
        if flow + 2 * len(line) + 1 > _C_COMPOSER_MAX_NESTING:  # only long lines can hold that many levels
            levels = len(line) - len(line.lstrip(" \t")) + line.count("-") + line.count("?") + line.count(":")
            deepest = max(deepest, 2 * levels + 1)
    return flow + deepest


def _loader_for(text: str) -> t.Any:
    return _Loader(text) if _nesting_bound(text) <= _C_COMPOSER_MAX_NESTING else yaml.SafeLoader(text)


def _too_deep_at(text: str, max_depth: int) -> Position:
    """Where the first container nested more than `max_depth` levels starts (parser events; no recursion)."""
    depth = 0
    loader = yaml.SafeLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > max_depth:
                    return _pos(event.start_mark)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return 1, 1


# What YAML's reader refuses (PyYAML's own definition of printable text, negated).
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _build_document(index: int, node: yaml.Node | None, text: str, limits: Limits) -> YamlDocument:
    builder = _Builder(limits)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null" and node.value in ("", "~", "null")):
        line, col = _pos(node.start_mark) if node is not None else (1, 1)
        diag = diagnostic("P008", "empty document", pointer="", line=line, column=col)
        return YamlDocument(index, None, None, [diag], ok=False)
    try:
        data = builder.build(node, "", 0)
    except _Abort as abort:
        return YamlDocument(index, None, None, builder.problems + [abort.diag], ok=False)
    except RecursionError:
        line, col = _pos(node.start_mark)
        diag = diagnostic("P006", "document nests too deeply; refused", pointer="", line=line, column=col)
        return YamlDocument(index, None, None, [diag], ok=False)
    return YamlDocument(index, data, NodeSourceMap(text, builder.values, builder.keys, builder.value_ends, builder.key_ends), builder.problems, ok=True)


class _PlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading as `load_yaml` reads values (decimals from their text, times kept as text), without positions."""


def _plain_decimal(loader: t.Any, node: yaml.ScalarNode) -> t.Any:
    return Decimal(node.value)


def _plain_text(loader: t.Any, node: yaml.ScalarNode) -> t.Any:
    return node.value


_PlainLoader.add_constructor(_TAG + "float", _plain_decimal)
_PlainLoader.add_constructor(_TAG + "timestamp", _plain_text)


def load_plain_yaml(text: str) -> t.Any:
    """One document of a data file orderlint ships (tested to read the same as through `load_yaml`)."""
    return yaml.load(text, Loader=_PlainLoader)  # noqa: S506 - a safe loader
