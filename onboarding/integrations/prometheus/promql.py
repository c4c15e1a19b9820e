"""The PromQL the portal sends for an SLO: one value per hour, evaluated at the hour's end.

*Events* SLIs give good and total counts per hour. A bare counter selector such as
`http_requests_total{code!~"5.."}` is wrapped as `sum(increase(<selector>[1h]))`; any other
expression is sent as written and must itself give the hour's count, e.g.
`sum(increase(http_requests_total[1h])) - sum(increase(http_requests_total{code=~"5.."}[1h]))`.

*Ratio* SLIs give the good fraction of each hour (0..1). A bare gauge selector such as
`probe_success{job="blackbox"}` becomes `avg_over_time(<selector>[1h])`; a recording rule
(a name with a colon, e.g. `slo:availability:ratio_rate1h`) and any expression are sent as
written, except that each recording rule is read through `last_over_time(<rule>[1m])`.
The bucket that starts at hour H holds the value at H + 1h, i.e. over [H, H + 1h].

A rule over [1h] evaluated just before H + 1h covers a range that starts just before H.
When its input stops at H (a scrape gap), the rule still has values until almost H + 1h,
computed from the last samples *before* the gap, and the first gap hour would count as
measured from them. So an hour of a rule is taken only when the rule is alive on both sides
of the hour's end: its value as of H + 1h at most one evaluation interval old (Prometheus'
default, 1m; an instant read would look back 5 minutes) — `last_over_time(<rule>[1m])` —
and a value again within one interval after H + 1h, whose range lies inside the hour
(`services/slo_collect.py` asks for both).

A bare rule is judged by what its name says (`recording_rules.py`): an error ratio (Sloth's
`slo:sli_error:ratio_rate1h`, Pyrra's `…:burnrate1h`) is refused unless the person confirms
it is to be inverted — the stored query then reads `1 - <rule>` — and a rule over another
period than the hour is refused with the one-hour rule to use.
"""

import re
from datetime import timedelta

from .recording_rules import HOUR, rule_name

# A metric name with an optional label matcher list, and nothing else.
_SELECTOR = re.compile(
    r"""^\s*(?P<name>[A-Za-z_:][A-Za-z0-9_:]*)\s*(\{(?:[^{}"']|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')*\})?\s*$"""
)
COUNTER_SUFFIXES = ("_total", "_count", "_sum", "_bucket")
RULE_FRESHNESS, RULE_FRESHNESS_PROMQL = timedelta(minutes=1), "1m"
_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`""")
# A recording-rule selector read as an instant vector: not a range, not already modified.
_RULE_SELECTOR = re.compile(
    r"(?<![\w:])(?P<selector>[A-Za-z_][A-Za-z0-9_]*:[A-Za-z0-9_:]*(?:\{[^{}]*\})?)"
    r"(?![\w:{])(?!\s*(?:[\[(]|offset\b|@))"
)
_ONE_MINUS = re.compile(r"^\s*1\s*-\s*(?P<selector>.+?)\s*$", re.DOTALL)


class QueryRefused(ValueError):
    """The expression cannot give what its SLI kind needs; the message says what to write."""


class ErrorRatioRefused(QueryRefused):
    """A bare error-ratio rule: the good fraction is 1 minus it, stored only once confirmed."""

    def __init__(self, message: str, inverted: str):
        super().__init__(message)
        self.inverted = inverted


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


def fresh_rules(expr: str) -> str:
    """Every recording rule in `expr` read from a sample at most RULE_FRESHNESS old."""
    masked, strings = _mask_strings(expr)
    fresh = _RULE_SELECTOR.sub(
        lambda m: f"last_over_time({m['selector']}[{RULE_FRESHNESS_PROMQL}])", masked
    )
    return re.sub("\x00(\\d+)\x00", lambda m: strings[int(m[1])], fresh)


def _mask_strings(expr: str) -> tuple[str, list[str]]:
    """`expr` with its string literals replaced by placeholders (a label value may hold a
    colon), and the literals."""
    strings = []

    def hide(match):
        strings.append(match[0])
        return f"\x00{len(strings) - 1}\x00"

    return _STRING.sub(hide, expr), strings


def reads_rules(expr: str) -> bool:
    """Whether a ratio query as written reads a recording rule (at an hour's end)."""
    return bool(_RULE_SELECTOR.search(_mask_strings(expr)[0]))


def _judge_rule(name: str, written: str, *, inverted: bool) -> None:
    """Refuse a rule whose name says it is not the hour's good fraction (once inverted: its
    bad fraction)."""
    rule = rule_name(name)
    by = f"{rule.convention}'s " if rule.convention else ""
    if rule.holds == "a description of the SLO":
        raise QueryRefused(
            f"{name} is {by}description of the SLO, not an hour of its SLI. For Sloth's "
            'hourly SLI write 1 - slo:sli_error:ratio_rate1h{sloth_id="…"}.'
        )
    if rule.holds == "counts":
        raise QueryRefused(
            f"{name} is {by}count of events over {rule.period_text}, not a fraction: use the "
            "events kind, or the error ratio over one hour (…:burnrate1h) as 1 - <rule>."
        )
    if rule.period is not None and rule.period != HOUR:
        hourly = name[: -len(rule.period_text)] + "1h"
        raise QueryRefused(
            f"{name} is the {rule.holds} over {rule.period_text}; read at the end of each "
            f"hour it is not that hour's. Use the one-hour rule, {hourly}."
        )
    if inverted and rule.holds == "good ratio":
        raise QueryRefused(
            f"{name} reads as the good fraction, so 1 - {name} is the bad one: write the rule "
            "without 1 -."
        )
    if not inverted and rule.holds == "error ratio":
        raise ErrorRatioRefused(
            f"{name} is {by}error ratio, the bad fraction of the hour; the ratio kind needs "
            f"the good fraction. Confirm that the portal stores 1 - {written}, or write it.",
            inverted=f"1 - {written}",
        )


def ratio_query(expr: str) -> str:
    expr = expr.strip()
    name = bare_metric(expr)
    if name is None:
        one_minus = _ONE_MINUS.match(expr)
        inner = bare_metric(one_minus["selector"]) if one_minus else None
        if inner and ":" in inner:
            _judge_rule(inner, one_minus["selector"], inverted=True)
        return fresh_rules(expr)
    if ":" in name:
        _judge_rule(name, expr, inverted=False)
        return fresh_rules(expr)
    if name.endswith(COUNTER_SUFFIXES):
        raise QueryRefused(
            f"{name} is a counter; its average is no fraction. Use the events kind with "
            "good and total counters instead."
        )
    return f"avg_over_time({expr}[1h])"


def inverted_if_error_ratio(expr: str) -> str:
    """`1 - <rule>` for a bare error-ratio rule, which the owner confirmed is to be inverted;
    any other expression unchanged."""
    try:
        ratio_query(expr)
    except ErrorRatioRefused as refused:
        return refused.inverted
    except QueryRefused:
        pass
    return expr


def hourly_queries(kind: str, *, good: str = "", total: str = "", ratio: str = "") -> dict:
    """{"good": …, "total": …} or {"ratio": …}: what is sent; QueryRefused if unusable."""
    if kind == "ratio":
        return {"ratio": ratio_query(ratio)}
    return {"good": events_query(good), "total": events_query(total)}
