"""Findings and verdicts: what every stage of orderlint produces and every reporter consumes."""

from __future__ import annotations

import dataclasses
import typing as t

Severity = t.Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@dataclasses.dataclass(frozen=True, slots=True)
class Fix:
    """A replacement value for the member at `pointer` that would satisfy the rule."""

    pointer: str
    value: t.Any
    applicability: str = "unsafe"  # "safe" | "unsafe" | "display-only", as in ruff

    def to_dict(self) -> dict[str, t.Any]:
        return {"pointer": self.pointer, "value": self.value, "applicability": self.applicability}


@dataclasses.dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about one request, located by an RFC 6901 pointer relative to the request."""

    code: str
    name: str
    severity: Severity
    message: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    fix: Fix | None = None
    help: str | None = None  # a human hint: what to do about it
    rule: str | None = None  # "venue/rule-id" of the venue rule that found it (for `explain`)
    url: str | None = None  # the venue's public documentation of the rule or endpoint
    end_line: int | None = None  # where the offending value ends (inclusive line, exclusive column)
    end_column: int | None = None
    # where to point when `pointer` names a member the request lacks: the member that made the rule apply
    # (allowMaxTimeWindow for "allowMaxTimeWindow needs clientTimestamp"), not the enclosing object
    anchor: str | None = dataclasses.field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, t.Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "fix": self.fix.to_dict() if self.fix else None,
            "help": self.help,
            "rule": self.rule,
            "url": self.url,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


class OrderRejected(Exception):
    """Raised by `Result.raise_for_errors` when a request has error-severity diagnostics."""

    def __init__(self, diagnostics: t.Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        errors = [d for d in self.diagnostics if d.severity == "error"]
        first = errors[0] if errors else None
        text = f"{first.code} {first.message}" if first else "rejected"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(text + more)


@dataclasses.dataclass(frozen=True, slots=True)
class Result:
    """The verdict on one request."""

    venue: str | None
    operation: str | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def valid(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    def raise_for_errors(self) -> None:
        if not self.valid:
            raise OrderRejected(self.diagnostics)


def escape_token(token: str | int) -> str:
    """Escape one reference token for an RFC 6901 pointer."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *tokens: str | int) -> str:
    return base + "".join("/" + escape_token(tok) for tok in tokens)


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [tok.replace("~1", "/").replace("~0", "~") for tok in pointer[1:].split("/")]


def expand(value: t.Any, tokens: t.Sequence[str]) -> list[tuple[t.Any, str]]:
    """The values a pointer pattern's tokens select (with * for every item), with their pointers."""
    found = [(value, "")]
    if not tokens:  # the request itself: the common case, kept cheap
        return found
    for token in tokens:
        nxt: list[tuple[t.Any, str]] = []
        for current, pointer in found:
            if token == "*":
                if isinstance(current, (list, tuple)):
                    nxt.extend((item, join_pointer(pointer, i)) for i, item in enumerate(current))
                elif isinstance(current, dict):
                    nxt.extend((item, join_pointer(pointer, k)) for k, item in current.items())
            elif isinstance(current, dict) and token in current:
                nxt.append((current[token], join_pointer(pointer, token)))
            elif isinstance(current, (list, tuple)) and token.isdigit() and int(token) < len(current):
                nxt.append((current[int(token)], join_pointer(pointer, token)))
        found = nxt
    return found
