"""Configuration: discovery (nearest file wins, command line overrides), validation (exit 2 with file and line),
and every key's effect on a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from validator import config as configuration
from validator.cli import main

ROOT = Path(__file__).parent.parent

BAD_TICK = """venue: kucoin
operation: add_order
order:
  symbol: BTC-USDT
  side: buy
  type: limit
  price: "50000.05"
  size: "0.001"
"""
CLEAN = BAD_TICK.replace("50000.05", "50000.1")
RAW_BAD_TICK = {"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": "50000.05", "size": "0.001"}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)  # output: stdout and stderr


def codes_of(output: str) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in output.splitlines() if ": " in line and "[" in line and not line.startswith("Checked")]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "tick.yaml").write_text(BAD_TICK, encoding="utf-8")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_configuration_means_defaults(project):
    result = run("check", "--format", "concise", "orders")
    assert result.exit_code == 1 and "R101" in result.output


def test_pyproject_table_is_read_and_one_without_it_is_passed_over(project):
    write(project / "pyproject.toml", '[project]\nname = "strategy"\n')
    assert run("check", "--format", "concise", "orders").exit_code == 1
    write(project / "pyproject.toml", '[project]\nname = "strategy"\n\n[tool.orderlint]\nignore = ["R101"]\n')
    result = run("check", "--format", "concise", "orders")
    assert result.exit_code == 0 and "R101" not in result.output


def test_nearest_configuration_wins_and_orderlint_toml_beats_pyproject(project, monkeypatch):
    write(project / "pyproject.toml", '[tool.orderlint]\nignore = ["R101"]\n')
    sub = project / "orders"
    monkeypatch.chdir(sub)
    assert run("check", "tick.yaml").exit_code == 0  # the parent's pyproject applies
    write(sub / "orderlint.toml", 'fail-on = "error"\n')  # nearer: its settings alone (R101 reported again)
    assert run("check", "tick.yaml").exit_code == 1
    write(sub / "pyproject.toml", '[tool.orderlint]\nignore = ["R101"]\n')  # same folder: orderlint.toml first
    assert run("check", "tick.yaml").exit_code == 1
    assert configuration.discover(sub) == sub / "orderlint.toml"


def test_isolated_and_explicit_config(project):
    write(project / "pyproject.toml", '[tool.orderlint]\nignore = ["R101"]\n')
    assert run("check", "--isolated", "orders").exit_code == 1
    other = write(project / "ci" / "strict.toml", 'select = ["S"]\n')
    assert run("check", "--config", str(other), "orders").exit_code == 0


@pytest.mark.parametrize("text, line, words", [
    ('[tool.orderlint]\nfail-on = "error"\nignroe = ["R101"]\n', 3, "unknown key 'ignroe'; did you mean 'ignore'?"),
    ('[tool.orderlint]\n\nfail-on = "sometimes"\n', 3, "fail-on must be one of error, warning, info"),
    ('[tool.orderlint]\nignore = ["R999"]\n', 2, "unknown code or name 'R999'"),
    ('[tool.orderlint]\nselect = ["price-incremnt"]\n', 2, "did you mean 'price-increment'?"),
    ('[tool.orderlint]\nstrict = "yes"\n', 2, "strict must be true or false"),
    ('[tool.orderlint]\nplaceholders = ["{{ ("]\n', 2, "is not a regular expression"),
    ('[tool.orderlint]\nmarkets = ["nowhere.json"]\n', 2, "no such file"),
    ('[tool.orderlint]\nignore = ["E099"]\n', 2, "cannot be ignored"),
    ('[tool.orderlint]\n\n[tool.orderlint.severity]\nR101 = "fatal"\n', 4, "must be one of error, warning, info, off"),
    ('[tool.orderlint.per-file-ignores]\n"a.json#price" = ["R101"]\n', 2, "JSON pointer"),
    ('[tool.orderlint.per-file-ignores]\n"a.json" = []\n', 2, "non-empty list"),
    ('[tool.orderlint.venue-by-path]\n"raw/**" = 3\n', 2, "non-empty string"),
    ('[tool.orderlint]\nselect = "R101"\n', 2, "must be a list of non-empty strings"),
    ('[tool.orderlint]\nselect = [\n', 2, "invalid TOML"),
])
def test_bad_configuration_is_exit_two_with_file_and_line(project, text, line, words):
    write(project / "pyproject.toml", text)
    result = run("check", "orders")
    assert result.exit_code == 2
    assert f"invalid configuration: pyproject.toml:{line}: " in result.output and words in result.output, result.output


def test_unknown_key_in_orderlint_toml_names_its_line(project):
    write(project / "orderlint.toml", '# settings\nselect = ["R"]\n\n[severity]\nR101 = "warning"\n\n[per-file-ignore]\n')
    result = run("check", "orders")
    assert result.exit_code == 2 and "orderlint.toml:7: unknown key 'per-file-ignore'; did you mean 'per-file-ignores'?" in result.output


def test_select_ignore_specificity_and_command_line_override(project):
    write(project / "orders" / "two.yaml", BAD_TICK.replace('size: "0.001"', 'size: "0.000010001"'))
    assert sorted(set(codes_of(run("check", "--isolated", "--format", "concise", "orders/two.yaml").output))) == ["R101", "R102"]
    write(project / "pyproject.toml", '[tool.orderlint]\nignore = ["R1"]\nselect = ["ALL", "R101"]\n')
    assert codes_of(run("check", "--format", "concise", "orders/two.yaml").output) == ["R101"]  # the more specific wins
    assert codes_of(run("check", "--format", "concise", "--ignore", "price-increment", "orders/two.yaml").output) == ["R102"]
    assert codes_of(run("check", "--format", "concise", "--select", "kucoin/size-increment", "orders/two.yaml").output) == ["R102"]
    bad = run("check", "--select", "R9x", "orders/two.yaml")
    assert bad.exit_code == 2 and "--select" in bad.output


def test_severity_overrides_change_the_verdict(project):
    write(project / "pyproject.toml", '[tool.orderlint.severity]\nprice-increment = "warning"\n')
    result = run("check", "--format", "concise", "orders")
    assert result.exit_code == 0 and "R101 [warning]" in result.output
    assert run("check", "--fail-on", "warning", "orders").exit_code == 1  # the command line overrides fail-on
    write(project / "pyproject.toml", '[tool.orderlint]\nfail-on = "warning"\n[tool.orderlint.severity]\nR101 = "warning"\n')
    assert run("check", "orders").exit_code == 1
    write(project / "pyproject.toml", '[tool.orderlint.severity]\nR = "off"\n')
    assert run("check", "--format", "concise", "orders").exit_code == 0


def test_raw_requests_by_path_and_per_file_ignores_narrowed_to_a_pointer(project):
    raw = project / "raw" / "kucoin"
    write(raw / "buy.json", json.dumps(RAW_BAD_TICK))
    write(raw / "two.json", json.dumps({**RAW_BAD_TICK, "size": "0.000010001"}))
    result = run("check", "--isolated", "--format", "concise", "raw")
    assert result.exit_code == 1 and "E003" in result.output
    write(project / "pyproject.toml", '[tool.orderlint.venue-by-path]\n"raw/kucoin/**" = "kucoin"\n'
                                      '[tool.orderlint.operation-by-path]\n"raw/**" = "add_order"\n')
    result = run("check", "--format", "concise", "raw")
    assert sorted(codes_of(result.output)) == ["R101", "R101", "R102"]
    with_ignores = project / "pyproject.toml"
    with_ignores.write_text(with_ignores.read_text() + '[tool.orderlint.per-file-ignores]\n"raw/kucoin/*.json#/price" = ["R101"]\n'
                            '"raw/kucoin/two.json#/symbol" = ["R102"]\n', encoding="utf-8")
    result = run("check", "--format", "concise", "raw")
    assert codes_of(result.output) == ["R102"]  # R101 at /price ignored everywhere; R102 is at /size, not /symbol
    assert run("check", "--venue", "kucoin", "--operation", "add_order_test", "--format", "json", "raw").exit_code == 1


def test_include_exclude_and_force_exclude(project):
    write(project / "orders" / "drafts" / "wip.yaml", BAD_TICK)
    write(project / "orders" / "ok.yaml", CLEAN)
    write(project / "pyproject.toml", '[tool.orderlint]\nexclude = ["orders/drafts/", "tick.yaml"]\n')
    result = run("check", "--format", "json", "orders")
    assert result.exit_code == 0
    assert [r["source"] for r in json.loads(result.output)["results"]] == [str(Path("orders") / "ok.yaml")]
    assert run("check", "orders/tick.yaml").exit_code == 1  # a named file is checked
    assert run("check", "--force-exclude", "orders/tick.yaml", "orders/ok.yaml").exit_code == 0  # unless forced out
    only = run("check", "--force-exclude", "orders/tick.yaml")  # pre-commit staged only excluded files
    assert only.exit_code == 0 and "nothing to check" in only.output
    assert run("check", "orders/drafts").exit_code == 2  # a walked folder with nothing left is still exit 2
    write(project / "pyproject.toml", '[tool.orderlint]\ninclude = ["orders/drafts/*.yaml"]\n')
    result = run("check", "--format", "json", ".")
    assert [Path(r["source"]).name for r in json.loads(result.output)["results"]] == ["wip.yaml"]


def test_markets_strict_session_and_format_from_configuration(project):
    markets = json.loads((ROOT / "tests" / "data" / "markets" / "kucoin_symbol_btc.json").read_text())
    write(project / "data" / "symbols.json", json.dumps(markets))
    write(project / "orders" / "eth.yaml", CLEAN.replace("BTC-USDT", "ETH-USDT"))
    plain = run("check", "--isolated", "--format", "concise", "orders/eth.yaml")
    write(project / "pyproject.toml", '[tool.orderlint]\nmarkets = ["data/symbols.json"]\nstrict = true\n'
                                      'output-format = "json"\nsession = "run"\n')
    result = run("check", "orders/eth.yaml")
    payload = json.loads(result.output)  # output-format applied
    found = [d["code"] for r in payload["results"] for d in r["diagnostics"]]
    assert "M001" in found and result.exit_code == 1  # the configured markets lack ETH-USDT; strict makes it an error
    assert plain.exit_code == 0
    assert run("check", "--format", "concise", "orders/eth.yaml").output.startswith("orders")


def test_line_of_finds_keys_in_tables_and_quoted_keys():
    text = '[tool.orderlint]\nselect = ["R"]\n\n[tool.orderlint.per-file-ignores]\n"a/*.json#/x" = ["R101"]\n'
    assert configuration.line_of(text, ("tool", "orderlint"), "select") == 2
    assert configuration.line_of(text, ("tool", "orderlint", "per-file-ignores"), "a/*.json#/x") == 5
    assert configuration.line_of(text, ("tool", "orderlint", "per-file-ignores")) == 4
    assert configuration.line_of(text, ("tool", "orderlint"), "missing") == 1


def test_unknown_venue_rule_is_a_configuration_error(project):
    write(project / "pyproject.toml", '[tool.orderlint]\nignore = ["kucoin/price-incremnt"]\n')
    result = run("check", "orders")
    assert result.exit_code == 2 and "no venue rule 'kucoin/price-incremnt'; did you mean 'kucoin/price-increment'?" in result.output
    assert run("check", "--isolated", "--select", "kucoin/nope", "orders").exit_code == 2
