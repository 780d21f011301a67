"""Checks that span the orders of a session: a value (a client order id) not reused."""

from __future__ import annotations

import typing as t

from ..clock import iso_from_ms
from ..diagnostics import join_pointer
from ..wording import show
from .base import COMMON_PLACEHOLDERS, FIELD, NO_FINDINGS, CheckSpec, Context, Finding, Remember, register
from .times import duration_ms


@register("not_reused", {"required": ["field"], "field": FIELD,
                         "window": {"type": "string", "pattern": "^(forever|[0-9]{1,9}(ms|s|m|h|d))$",
                                    "description": "how long an accepted value stays taken: forever, or a duration such as 24h"},
                         "namespace": {"type": "string", "description": "rules with the same namespace share one pool of values (default: the field name)"}},
          {"function": "not_reused", "field": "clientOid", "window": "forever"})
def not_reused(opts: dict[str, t.Any]) -> CheckSpec:
    """Within a session: the member's value must not repeat one an earlier accepted order used (within
    `window`). `{origin}` says where it was used; `{first_seen}` when (ISO time)."""
    field = opts["field"]
    window = opts.get("window")
    window_ms = None if window in (None, "forever") else duration_ms(str(window))
    namespace = opts.get("namespace", field)
    span = "ever" if window_ms is None else f"within {window}"
    remember = Remember(namespace, field, window_ms)

    def run(obj: dict[str, t.Any], base: str, ctx: Context) -> t.Sequence[Finding]:
        if ctx.memory is None:
            return NO_FINDINGS
        value = remember.value_of(obj)
        if value is None:
            return NO_FINDINGS
        earlier = ctx.memory.seen(ctx.venue, namespace, value, ctx.now_ms, window_ms)
        if earlier is None:
            return NO_FINDINGS
        first_ms, origin = earlier
        return (Finding(join_pointer(base, field), {"field": field, "value": show(value), "first_seen": iso_from_ms(first_ms),
                                                    "origin": origin, "window": span}),)

    return CheckSpec(run, placeholders=COMMON_PLACEHOLDERS | {"field", "value", "first_seen", "origin", "window"}, remember=remember, gate=(field,))
