"""Pulling hourly buckets of Prometheus-sourced SLOs (queries: `onboarding/integrations/prometheus/promql.py`).

Every series is fetched and checked before anything is written, so a failed or odd pull
stores nothing; the next run pulls the same hours again (writes are idempotent upserts).
Missing is not zero: an hour without a sample is left without a bucket (a gap people see),
and a query that matches nothing at all is a collection error naming the query — never a
stored zero. A successful collection is recorded only when data was stored.

A ratio hour is stored as good = the fraction × 3,600,000 (milliseconds of the hour) out of
total = 3,600,000, so sum(good) / sum(total) over a window is the time-weighted mean of the
hourly fractions, computed by the same SQL as for events.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from ..errors import ActionRefused
from ..integrations.prometheus.api import HOUR, CollectionError, query_range, source_of
from ..integrations.prometheus.promql import (
    RULE_FRESHNESS,
    QueryRefused,
    hourly_queries,
    reads_rules,
)
from ..models import SLO, State, TimelineEvent
from ..rules import slos as slo_rules
from ..selectors.slo_gaps import format_ranges, missing_ranges
from ..selectors.slo_window import floor_hour
from .slo_measurements import Measurement, measurements_store
from .timeline import event_record

COLLECTED_STATES = [State.ONBOARDING, State.PRODUCTION_APPROVED, State.TRANSITION]
# Each hourly run re-pulls a few recent hours: late scrapes and failed runs get filled in.
OVERLAP_HOURS = 3
RATIO_SCALE = 3_600_000
# Good may overshoot total by a rounding hair when the two counters are scraped apart.
OVERSHOOT = 0.001


@dataclass(frozen=True)
class Pulled:
    measurements: list[Measurement]
    first: datetime
    last: datetime


def _span(first: datetime, last: datetime) -> str:
    return f"{first:%Y-%m-%d %H:00}–{last + HOUR:%Y-%m-%d %H:00} UTC"


def _single_series(name: str, query: str, series: list, first, last) -> dict:
    if not series:
        raise CollectionError(
            f"The {name} query matched nothing for {_span(first, last)}: {query} — "
            "Prometheus returned no series (a typo in a metric or label name, or no data "
            "kept for these hours)."
        )
    if len(series) > 1:
        shown = ", ".join(str(s["labels"]) for s in series[:2])
        raise CollectionError(
            f"The {name} query returned {len(series)} series ({shown}, …); aggregate them "
            f"into one, e.g. sum(…) for counts or min(…) for fractions: {query}"
        )
    return series[0]["values"]


def _events(queries: dict, values: dict) -> list[Measurement]:
    good, total = values["good"], values["total"]
    measurements = []
    for start in sorted(set(good) & set(total)):  # an hour missing either series is a gap
        g, t = round(good[start]), round(total[start])
        if g < 0 or t < 0:
            raise CollectionError(
                f"A count is negative at {start:%Y-%m-%d %H:00}: is the query a counter's "
                f"increase? {queries['good']} / {queries['total']}"
            )
        if g > t + max(1, t * OVERSHOOT):
            raise CollectionError(
                f"Good ({g}) exceeds total ({t}) at {start:%Y-%m-%d %H:00}: are the two "
                "queries swapped?"
            )
        measurements.append(Measurement(start, min(g, t), t))
    return measurements


def _ratios(query: str, values: dict) -> list[Measurement]:
    measurements = []
    for start in sorted(values["ratio"]):
        fraction = values["ratio"][start]
        if not -1e-9 <= fraction <= 1 + 1e-9:
            raise CollectionError(
                f"The ratio query gave {fraction:g} at {start:%Y-%m-%d %H:00}; a fraction is "
                f"between 0 and 1 (a percentage? the bad fraction?): {query}"
            )
        good = round(min(max(fraction, 0.0), 1.0) * RATIO_SCALE)
        measurements.append(Measurement(start, good, RATIO_SCALE))
    return measurements


def _alive_after_the_hour(source, query: str, values: dict, first, last) -> dict:
    """The ratio hours whose rules also have a value just after the hour's end (promql.py:
    a rule fed only by samples from before a gap has none there), the others left as gaps."""
    after = query_range(source, query, first, last, after=RULE_FRESHNESS)
    alive = set().union(*(series["values"] for series in after))
    return {hour: value for hour, value in values["ratio"].items() if hour in alive}


def slo_pull(slo: SLO, first: datetime, last: datetime) -> Pulled:
    """The buckets first..last (hour starts, inclusive); nothing is written here."""
    try:
        queries = hourly_queries(
            slo.kind, good=slo.good_query, total=slo.total_query, ratio=slo.ratio_query
        )
    except QueryRefused as exc:
        raise CollectionError(str(exc)) from exc
    source = source_of(slo)
    values = {
        name: _single_series(name, query, query_range(source, query, first, last), first, last)
        for name, query in queries.items()
    }
    if slo.kind == SLO.Kind.RATIO:
        if reads_rules(slo.ratio_query):
            values["ratio"] = _alive_after_the_hour(source, queries["ratio"], values, first, last)
        measurements = _ratios(queries["ratio"], values)
    else:
        measurements = _events(queries, values)
    if not measurements:
        raise CollectionError(
            f"Prometheus ({source.name}) has no usable sample for {_span(first, last)}: "
            + " / ".join(queries.values())
        )
    return Pulled(measurements, first, last)


def _record_error(slo: SLO, exc: Exception) -> None:
    SLO.objects.filter(pk=slo.pk).update(
        last_collection_error=str(exc)[:2000], last_collection_error_at=timezone.now()
    )


def _store(slo: SLO, pulled: Pulled) -> int:
    written = measurements_store(slo=slo, measurements=pulled.measurements)
    SLO.objects.filter(pk=slo.pk).update(
        last_collected_at=timezone.now(), last_collection_error="", last_collection_error_at=None
    )
    return written


def slo_collect(*, slo: SLO, first: datetime, last: datetime) -> int:
    try:
        pulled = slo_pull(slo, first, last)
    except CollectionError as exc:
        _record_error(slo, exc)
        raise
    with transaction.atomic():
        return _store(slo, pulled)


def slo_collect_recent(*, slo: SLO, end: datetime) -> int:
    """The hours before `end` not collected yet, and a few before them once more."""
    latest = slo.buckets.order_by("-start").values_list("start", flat=True).first()
    first = end - timedelta(days=slo.window_days)
    if latest is not None:
        first = max(first, min(latest + HOUR, end - OVERLAP_HOURS * HOUR))
    return slo_collect(slo=slo, first=first, last=end - HOUR)


def slo_backfill(*, slo: SLO, by, now: datetime | None = None) -> tuple[int, str]:
    """The whole window, on an Addon SRE's request: what Prometheus still has is stored, and
    the answer names the hours it no longer has (retention, scrape gaps)."""
    slo_rules.slo_backfill.enforce(by, slo.addon)
    if slo.source != SLO.Source.PROMETHEUS:
        raise ActionRefused("Only Prometheus-sourced SLOs can be backfilled.")
    end = floor_hour(now or timezone.now())
    start = end - timedelta(days=slo.window_days)
    try:
        pulled = slo_pull(slo, start, end - HOUR)
    except CollectionError as exc:
        _record_error(slo, exc)
        raise ActionRefused(f"Backfill failed, nothing was stored: {exc}") from exc
    with transaction.atomic():
        written = _store(slo, pulled)
        missing = missing_ranges(slo, start, end)
        unavailable = format_ranges(missing) if missing else ""
        event_record(
            addon=slo.addon,
            actor=by,
            kind=TimelineEvent.Kind.SLO,
            message=f"SLO {slo.name} backfilled from Prometheus: {written} "
            f"hour{pluralize(written)} of data"
            + (f"; Prometheus no longer has {unavailable}." if missing else "."),
            payload={"slo": slo.pk, "action": "backfill", "hours": written},
        )
    return written, unavailable


def prometheus_slos():
    return SLO.objects.filter(
        source=SLO.Source.PROMETHEUS, addon__state__in=COLLECTED_STATES
    ).select_related("addon", "prometheus_source")


__all__ = ["CollectionError", "slo_backfill", "slo_collect", "slo_collect_recent"]
