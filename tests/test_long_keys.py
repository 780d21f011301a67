"""Keys are echoed short: a huge key costs neither megabytes of output nor a slow "did you mean"."""

from __future__ import annotations

import json

from click.testing import CliRunner

from validator.cli import main

ORDER = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000", "size": "0.001"}


def _run(tmp_path, key: str, *, nested: bool = False) -> dict:
    order = dict(ORDER, o={key: 1}) if nested else dict(ORDER, **{key: 1})
    path = tmp_path / "order.json"
    path.write_text(json.dumps({"venue": "kucoin", "operation": "add_order", "order": order}))
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert len(result.output) < 5000, len(result.output)
    return json.loads(result.output)


def test_key_beyond_the_cap_is_refused_with_a_short_pointer(tmp_path):
    out = _run(tmp_path, "k" * 1_000_000)
    [diag] = out["results"][0]["diagnostics"]
    assert diag["code"] == "P010" and "1000000 characters" in diag["message"]
    assert diag["pointer"].startswith("/kkkk") and diag["pointer"].endswith("(1000000 characters)")
    assert (diag["line"], diag["column"]) == (1, 146)
    assert out["results"][0]["valid"] is False


def test_nested_key_beyond_the_cap(tmp_path):
    out = _run(tmp_path, "a/b~" * 30_000, nested=True)
    codes = [d["code"] for d in out["results"][0]["diagnostics"]]
    assert "P010" in codes
    assert all(len(d["pointer"]) < 200 for d in out["results"][0]["diagnostics"])


def test_long_unknown_key_is_shortened_in_the_message(tmp_path):
    key = "z" * 60_000  # under the cap: an ordinary unknown member, but echoed short
    path = tmp_path / "order.json"
    path.write_text(json.dumps({"venue": "kucoin", "operation": "add_order", "order": dict(ORDER, **{key: 1})}))
    result = CliRunner().invoke(main, ["check", "--format", "concise", str(path)])
    line = next(x for x in result.output.splitlines() if "S004" in x)
    assert "(60000 characters)" in line and len(line) < 300
