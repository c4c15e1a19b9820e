""" "Test the query" on the SLO form: the definition as typed, pulled for the last few hours.

Nothing is stored: the unsaved SLO goes through the same pull as the collection
(`slo_collect.slo_pull`), so what the owner sees — the queries sent, the values per hour,
the hours without data, or Prometheus's error — is what collection would store.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from ..integrations.prometheus.api import HOUR, CollectionError
from ..integrations.prometheus.promql import QueryRefused, hourly_queries, inverted_if_error_ratio
from ..models import SLO
from ..rules import slos as rules
from ..selectors.slo_window import floor_hour
from .slo_collect import slo_pull

TRY_HOURS = 6


@dataclass
class QueryTry:
    queries: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)  # (hour start, good, total, fraction) or None values
    error: str = ""
    ratio: bool = False


def _ratio_as_confirmed(data: dict) -> str:
    """The ratio query as saving would store it: inverted when the owner ticked the box."""
    expr = (data.get("ratio_query") or "").strip()
    return inverted_if_error_ratio(expr) if data.get("invert_error_ratio") else expr


def slo_query_try(*, addon, by, data: dict, now: datetime | None = None) -> QueryTry:
    rules.slo_query_test.enforce(by, addon)
    slo = SLO(
        addon=addon,
        kind=data.get("kind") or SLO.Kind.EVENTS,
        good_query=data.get("good_query") or "",
        total_query=data.get("total_query") or "",
        ratio_query=_ratio_as_confirmed(data),
        prometheus_source=data.get("prometheus_source"),
    )
    outcome = QueryTry(ratio=slo.kind == SLO.Kind.RATIO)
    needed = ("ratio_query",) if outcome.ratio else ("good_query", "total_query")
    if blank := [n.split("_")[0] for n in needed if not getattr(slo, n).strip()]:
        outcome.error = f"Write the {' and '.join(blank)} query first."
        return outcome
    try:
        outcome.queries = hourly_queries(
            slo.kind, good=slo.good_query, total=slo.total_query, ratio=slo.ratio_query
        )
    except QueryRefused as exc:
        outcome.error = str(exc)
        return outcome
    end = floor_hour(now or timezone.now())
    first = end - TRY_HOURS * HOUR
    try:
        pulled = slo_pull(slo, first, end - HOUR)
    except CollectionError as exc:
        outcome.error = str(exc)
        return outcome
    stored = {m.start: m for m in pulled.measurements}
    for hour in (first + timedelta(hours=h) for h in range(TRY_HOURS)):
        m = stored.get(hour)
        fraction = None if m is None or not m.total else m.good / m.total
        outcome.rows.append((hour, m and m.good, m and m.total, fraction if m else None))
    if outcome.ratio:  # a ratio's good/total are its stored milliseconds; show the fraction
        outcome.rows = [(h, None, None, f) for h, _, _, f in outcome.rows]
    return outcome
