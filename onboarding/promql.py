"""The PromQL the portal sends for an SLO: one value per hour, evaluated at the hour's end.

*Events* SLIs give good and total counts per hour. A bare counter selector such as
`http_requests_total{code!~"5.."}` is wrapped as `sum(increase(<selector>[1h]))`; any other
expression is sent as written and must itself give the hour's count, e.g.
`sum(increase(http_requests_total[1h])) - sum(increase(http_requests_total{code=~"5.."}[1h]))`.

*Ratio* SLIs give the good fraction of each hour (0..1). A bare gauge selector such as
`probe_success{job="blackbox"}` becomes `avg_over_time(<selector>[1h])`; a recording rule
(a name with a colon, e.g. `slo:availability:ratio_rate1h`) and any expression are sent as
written. The bucket that starts at hour H holds the value at H + 1h, i.e. over [H, H + 1h].
"""

import re

# A metric name with an optional label matcher list, and nothing else.
_SELECTOR = re.compile(
    r"""^\s*(?P<name>[A-Za-z_:][A-Za-z0-9_:]*)\s*(\{(?:[^{}"']|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')*\})?\s*$"""
)
COUNTER_SUFFIXES = ("_total", "_count", "_sum", "_bucket")
BAD_FRACTION_HINTS = ("burnrate", "error", "errors", "failure", "bad")


class QueryRefused(ValueError):
    """The expression cannot give what its SLI kind needs; the message says what to write."""


def bare_metric(expr: str) -> str | None:
    """The metric name when `expr` is a bare selector, else None."""
    match = _SELECTOR.match(expr)
    return match["name"] if match else None


def events_query(expr: str) -> str:
    expr = expr.strip()
    name = bare_metric(expr)
    if name is None:
        return expr
    if ":" in name:
        raise QueryRefused(
            f"{name} is a recording rule, and the portal would sum its increase per hour. "
            "Write the full per-hour count (e.g. sum(increase(x_total[1h]))), or — for a "
            "rule giving a rate or ratio — choose the ratio kind."
        )
    if not name.endswith(COUNTER_SUFFIXES):
        raise QueryRefused(
            f"{name} does not look like a counter (their names end in _total, _count, _sum "
            "or _bucket). A gauge such as probe_success is a ratio SLI: choose the ratio "
            f"kind, e.g. avg_over_time({name}[1h])."
        )
    return f"sum(increase({expr}[1h]))"


def ratio_query(expr: str) -> str:
    expr = expr.strip()
    name = bare_metric(expr)
    if name is None:
        return expr
    if ":" in name:
        if any(hint in name.split(":")[-1].lower() for hint in BAD_FRACTION_HINTS):
            raise QueryRefused(
                f"{name} reads as the bad fraction (a burn or error rate); the ratio kind "
                f"needs the good fraction: write 1 - {expr}."
            )
        return expr
    if name.endswith(COUNTER_SUFFIXES):
        raise QueryRefused(
            f"{name} is a counter; its average is no fraction. Use the events kind with "
            "good and total counters instead."
        )
    return f"avg_over_time({expr}[1h])"


def hourly_queries(kind: str, *, good: str = "", total: str = "", ratio: str = "") -> dict:
    """{"good": …, "total": …} or {"ratio": …}: what is sent; QueryRefused if unusable."""
    if kind == "ratio":
        return {"ratio": ratio_query(ratio)}
    return {"good": events_query(good), "total": events_query(total)}
