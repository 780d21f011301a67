"""Fuzz harness (hypothesis-driven): mutated corpus files and generated documents through the whole
pipeline, bytes to reported verdicts. It must never raise, never hang, and give every document a
well-formed verdict.

CI runs a bounded number of inputs; run it longer by hand, for example:

    ORDERLINT_FUZZ_EXAMPLES=100000 python -m pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import io
import json
import os
import typing as t
from pathlib import Path

from helpers import deadline as _deadline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import Validator
from validator.codes import catalog
from validator.diagnostics import SEVERITIES
from validator.documents import DocumentResult, check_document
from validator.limits import Limits
from validator.loading import Document, decode, load_text, stream_jsonl

ROOT = Path(__file__).parent.parent
EXAMPLES = int(os.environ.get("ORDERLINT_FUZZ_EXAMPLES", "250"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES <= 1000)
NOW = "2026-11-21T09:30:00Z"
VALIDATOR = Validator()
# Coverage tracing under hypothesis slows parsing several-fold: the fuzz deadline is looser than the
# hostile corpus's 5 s; it still catches a hang.


def deadline():
    return _deadline(30.0)


LIMITS = Limits(max_bytes=1 << 20, max_nodes=20_000)  # smaller caps keep each input quick; the caps are what is under test

SEEDS = sorted({p.read_bytes() for folder in ("examples", "tests/cases", "tests/hostile") for p in (ROOT / folder).rglob("*")
                if p.is_file() and p.stat().st_size < 200_000})
TOKENS = [b"---\n", b"...\n", b"&a ", b"*a", b"<<: *a\n", b"!!python/object/apply:os.system [x]", b"!!binary ", b"!tag ", b"{", b"}",
          b"[", b"]", b", ", b": ", b"- ", b"? ", b"|\n", b">-\n", b'"', b"'", b"\\u0000", b"\\", b"#", b"%YAML 1.1\n", b"NaN",
          b"Infinity", b"-0", b"1e999999999", b"0o17", b"0x1F", b"1:20", b"yes", b"~", b"null", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
          b"\t", b"\r\n", b"\r", "\u2028".encode(), "\uff15".encode(), b"price", b"size", b"orderList", b"clientOid", b"venue",
          b"operation", b"order", b"kucoin", b"add_order", b"batch_add_orders", b"BTC-USDT", b'"0.1"', b"50000.05", b"-1",
          b"9" * 40]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=0, max_value=10))):
        where = draw(st.integers(min_value=0, max_value=len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "token", "repeat"]))
        if action == "flip" and where < len(data):
            data[where] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[where:where + draw(st.integers(min_value=1, max_value=40))]
        elif action == "token":
            data[where:where] = draw(st.sampled_from(TOKENS))
        elif action == "repeat":
            chunk = bytes(data[where:where + draw(st.integers(min_value=1, max_value=30))])
            data[where:where] = chunk * draw(st.integers(min_value=1, max_value=50))
    return bytes(data)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.text(max_size=30),
                     st.sampled_from(["buy", "sell", "limit", "market", "GTC", "GTT", "BTC-USDT", "50000.1", "0.001", "-1", "1e5"]),
                     st.floats(allow_nan=False, allow_infinity=False))
_members = st.sampled_from(["symbol", "side", "type", "price", "size", "funds", "clientOid", "timeInForce", "cancelAfter", "postOnly",
                            "hidden", "iceberg", "visibleSize", "remark", "tags", "stp", "orderList", "allowMaxTimeWindow",
                            "clientTimestamp", "x"])
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(_members, inner, max_size=8)),
                       max_leaves=30)


@st.composite
def generated(draw: st.DrawFn) -> bytes:
    """A document written by a serializer: envelope or not, JSON or YAML, valid or odd values."""
    order = draw(st.dictionaries(_members, _values, max_size=10))
    envelope = draw(st.booleans())
    value: t.Any = {"venue": draw(st.sampled_from(["kucoin", "KuCoin", "bigone", 7])),
                    "operation": draw(st.sampled_from(["add_order", "batch_add_orders", "POST /api/v1/hf/orders", "nope"])),
                    "order": order} if envelope else order
    if draw(st.booleans()):
        return json.dumps(value, default=str).encode()
    import yaml

    return yaml.safe_dump(value, default_flow_style=draw(st.sampled_from([None, True, False])), allow_unicode=True).encode()


def _check_verdicts(results: list[DocumentResult], documents: list[Document]) -> None:
    assert len(results) == len(documents) >= 1
    codes = catalog()
    for result in results:
        json.dumps(result.to_dict())  # reportable as JSON, whatever the input
        for diag in result.diagnostics:
            assert diag.code in codes, diag
            assert diag.severity in SEVERITIES, diag
            assert diag.pointer == "" or diag.pointer.startswith("/"), diag
            assert "\n" not in diag.message, diag
            assert diag.line is None or (isinstance(diag.line, int) and diag.line >= 1), diag
            assert diag.column is None or (isinstance(diag.column, int) and diag.column >= 1), diag
        if any(d.severity == "error" for d in result.diagnostics):
            assert not result.valid


def _run(raw: bytes, fmt: str | None) -> None:
    with deadline():
        text, problem = decode(raw, "<fuzz>", LIMITS.max_bytes)
        documents = [Document("<fuzz>", 0, None, None, [problem], ok=False)] if problem else load_text(text or "", "<fuzz>", fmt, LIMITS)
        session = VALIDATOR.session(clock=lambda: NOW)
        results = [check_document(VALIDATOR, doc, session=session) for doc in documents]
    _check_verdicts(results, documents)
    with deadline():
        streamed = list(stream_jsonl(io.BytesIO(raw), "<fuzz>", LIMITS))
        results = [check_document(VALIDATOR, doc, venue="kucoin", operation="add_order") for doc in streamed]
    assert all(isinstance(r, DocumentResult) for r in results)


@FUZZ
@given(mutated(), st.sampled_from([None, "yaml", "json", "jsonl"]))
def test_fuzz_mutated_corpus(raw, fmt):
    _run(raw, fmt)


@FUZZ
@given(generated(), st.sampled_from([None, "yaml", "json"]))
def test_fuzz_generated_documents(raw, fmt):
    _run(raw, fmt)
