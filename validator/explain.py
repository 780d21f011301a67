"""`orderlint explain`: what a rule checks and why, or every reason one file's orders would be rejected."""

from __future__ import annotations

import textwrap
import typing as t

from .engine import Validator
from .codes import CodeInfo
from .conditions import describe
from .documents import DocumentResult
from .reporters import dumps, safe_text
from .ruleset import Rule

WIDTH = 96


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent)


def _example(value: t.Any) -> str:
    return dumps(value)


UNCHECKED = frozenset({"E005", "M001", "E007"})  # findings that mean some checks could not run


def verdict(result: DocumentResult) -> str:
    """"would be ACCEPTED", "would be REJECTED (…)" or, when some checks could not run, "NOT fully checked (…)"."""
    errors = sum(d.severity == "error" for d in result.diagnostics)
    others = len(result.diagnostics) - errors
    counted = ", ".join(part for part in (_count(errors, "error"), _count(others, "other finding")) if part)
    if not result.valid:
        return f"would be REJECTED ({counted})"
    skipped = sorted({d.code for d in result.diagnostics if d.code in UNCHECKED})
    if skipped:
        return f"passed what could be checked, but was NOT fully checked ({', '.join(skipped)}; {counted})"
    return "would be ACCEPTED" + (f" ({counted})" if counted else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}" if n else ""


def explain_code(info: CodeInfo, rules: t.Sequence[Rule]) -> str:
    """A ruff-style page: what it does, why the venue rejects it, where, examples, the fix."""
    out = [f"{info.code} {info.name} [{info.severity} by default]", "", info.summary, ""]
    if info.what:
        out += ["What it checks", _wrap(info.what), ""]
    if info.why:
        out += ["Why it matters", _wrap(info.why), ""]
    for rule in rules:
        out.append(f"{rule.venue} / {rule.id} [{rule.severity}{', ' + rule.strict_severity + ' with --strict' if rule.strict_severity else ''}]")
        out.append(_wrap(f"Applies to: {', '.join(rule.operations)}; when {describe(rule.when)}."))
        out.append(_wrap(rule.explanation))
        out.append(_wrap(f"Venue reference: {rule.reference}"))
        out.append(_wrap(f"Message: {rule.message}"))
        for example in rule.examples:
            for earlier in example.get("history", ()):
                out.append(f"  Accepted earlier in the session ({example['operation']}): {_example(earlier)}")
            out.append(f"  Rejected ({example['operation']}): {_example(example['bad'])}")
            out.append(f"  Accepted: {_example(example['good'])}")
        if rule.help:
            out.append(_wrap(f"Fix: {rule.help}"))
        out.append("")
    if info.fix:
        out += ["How to fix", _wrap(info.fix), ""]
    if info.example:
        out += ["Example", _wrap(_example(info.example)), ""]
    return safe_text("\n".join(out).rstrip() + "\n")


def explain_results(results: t.Sequence[DocumentResult], validator: Validator) -> str:
    """For each document: its verdict and, for every finding, what is wrong, the bound, the rule's reason and the fix."""
    rules = {(rule.venue, rule.id): rule for rule in validator.rules}
    out = []
    for result in results:
        target = f"{result.venue or '?'} {result.operation or '?'}"
        out.append(f"{result.source}, document {result.document + 1} ({target}): {verdict(result)}")
        if not result.diagnostics:
            out.append("  No findings: every check orderlint has for this operation passed.")
        for number, diag in enumerate(result.diagnostics, start=1):
            where = f"line {diag.line}, column {diag.column}" if diag.line else "no source position"
            out.append(f"  {number}. [{diag.severity}] {diag.code} {diag.name} at {diag.pointer or '(the request)'} ({where})")
            out.append(_wrap(diag.message, "     "))
            rule = rules.get((result.venue or "", diag.rule or ""))
            if rule is not None:
                out.append(_wrap(f"Why: {rule.explanation}", "     "))
                out.append(_wrap(f"Venue reference: {rule.reference}", "     "))
            if diag.help:
                out.append(_wrap(f"Help: {diag.help}", "     "))
            if diag.fix is not None:
                out.append(_wrap(f"Fix ({diag.fix.applicability}): set {diag.fix.pointer} to {dumps(diag.fix.value)}", "     "))
        out.append("")
    return safe_text("\n".join(out).rstrip() + "\n")
