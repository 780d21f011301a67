"""Checks on the symbol's market state (not on a member's value)."""

from __future__ import annotations

import typing as t

from ..diagnostics import join_pointer
from ..wording import show
from .base import COMMON_PLACEHOLDERS, NO_FINDINGS, CheckSpec, Context, Finding, register


@register("market_flag", {"required": ["flag"], "flag": {"const": "trading_enabled"}, "expect": {"type": "boolean"},
                          "symbol_field": {"type": "string", "description": "where the finding points (default: the venue's symbol member)"}},
          {"function": "market_flag", "flag": "trading_enabled"})
def market_flag(opts: dict[str, t.Any]) -> CheckSpec:
    """The symbol's metadata flag must have the expected value (trading enabled). Points at the symbol member."""
    flag, expected = opts["flag"], opts.get("expect", True)
    symbol_field = opts.get("symbol_field")

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        actual = ctx.market.get(flag) if ctx.market else None
        if actual is None or actual == expected:
            return NO_FINDINGS
        return (Finding(join_pointer(base, symbol_field or ctx.symbol_member), {"flag": flag, "actual": show(actual)}),)

    return CheckSpec(run, frozenset({flag}), COMMON_PLACEHOLDERS | {"flag", "actual"})
