"""The command line explains itself: command summaries are whole, and `explain` completes codes and rule ids."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner

from validator.cli import main


def test_command_summaries_are_not_cut():
    out = CliRunner().invoke(main, ["--help"]).output
    commands = out.split("Commands:", 1)[1]
    assert "..." not in commands
    for command in ("check", "explain", "markets", "rules", "venues"):
        assert f"  {command} " in commands


def _complete(words: str) -> list[str]:
    env = dict(os.environ, COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1), _ORDERLINT_COMPLETE="bash_complete")
    done = subprocess.run([sys.executable, "-c", "from validator.cli import main; main(prog_name=\"orderlint\")"], env=env,
                          capture_output=True, text=True, timeout=60)
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if "," in line]


def test_explain_completes_codes_names_and_rule_ids():
    assert "R101" in _complete("orderlint explain R10")
    assert "price-increment" in _complete("orderlint explain price-inc")
    assert "kucoin/price-increment" in _complete("orderlint explain kucoin/price-in")
