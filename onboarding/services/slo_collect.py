"""Pulling hourly buckets of Prometheus-sourced SLOs through the HTTP API.

The SLO's PromQL expressions select counters (e.g. `http_requests_total{code!~"5.."}`).
The bucket that starts at hour H holds the events of [H, H+1h): the portal asks for
`sum(increase(<expr>[1h]))` evaluated at H+1h, one step per hour. Both series are fetched
and checked before anything is written, so a failed or odd pull stores nothing; the next
run pulls the same hours again (writes are idempotent upserts).
"""

import math
from datetime import UTC, datetime, timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from ..models import SLO, State, TimelineEvent
from ..rules import slos as slo_rules
from ..selectors.slo_evaluation import window_end
from .errors import ActionRefused
from .slo_measurements import Measurement, measurements_store
from .timeline import event_record

HOUR = timedelta(hours=1)
COLLECTED_STATES = [State.ONBOARDING, State.PRODUCTION_APPROVED, State.TRANSITION]
# Each hourly run re-pulls a few recent hours: late scrapes and failed runs get filled in.
OVERLAP_HOURS = 3


class CollectionError(Exception):
    pass


def hourly_query(expr: str) -> str:
    return f"sum(increase({expr.strip()}[1h]))"


def _query_range(expr: str, first: datetime, last: datetime) -> dict[datetime, float]:
    """{bucket start: value} for the buckets first..last (inclusive)."""
    if not settings.PROMETHEUS_URL:
        raise CollectionError("PROMETHEUS_URL is not configured.")
    try:
        response = requests.get(
            settings.PROMETHEUS_URL.rstrip("/") + "/api/v1/query_range",
            params={
                "query": hourly_query(expr),
                "start": (first + HOUR).timestamp(),
                "end": (last + HOUR).timestamp(),
                "step": "3600",
            },
            timeout=settings.PROMETHEUS_TIMEOUT,
        )
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise CollectionError(f"Prometheus unreachable or not JSON: {exc}") from exc
    if response.status_code != 200 or body.get("status") != "success":
        raise CollectionError(
            f"Prometheus answered {response.status_code}: {body.get('error', 'no error given')}"
        )
    result = body.get("data", {}).get("result", [])
    if len(result) > 1:
        raise CollectionError("The query returned several series; it must sum to one.")
    values = {}
    for ts, raw in result[0]["values"] if result else []:
        value = float(raw)
        if math.isnan(value) or value < 0:
            raise CollectionError(f"Prometheus returned {raw} at {ts}.")
        values[datetime.fromtimestamp(float(ts), tz=UTC) - HOUR] = value
    return values


def _pull(slo: SLO, first: datetime, last: datetime) -> list[Measurement]:
    """Both series for buckets first..last (hour starts, inclusive); a failure is recorded."""
    try:
        good = _query_range(slo.good_query, first, last)
        total = _query_range(slo.total_query, first, last)
    except CollectionError as exc:
        SLO.objects.filter(pk=slo.pk).update(last_collection_error=str(exc)[:2000])
        raise
    measurements = []
    for start in sorted(total):
        count = round(total[start])
        # Counters scraped apart can make good overshoot total by a rounding hair.
        measurements.append(Measurement(start, min(round(good.get(start, 0)), count), count))
    return measurements


def _store(slo: SLO, measurements: list[Measurement]) -> int:
    written = measurements_store(slo=slo, measurements=measurements) if measurements else 0
    SLO.objects.filter(pk=slo.pk).update(last_collected_at=timezone.now(), last_collection_error="")
    return written


def slo_collect(*, slo: SLO, first: datetime, last: datetime) -> int:
    measurements = _pull(slo, first, last)
    with transaction.atomic():
        return _store(slo, measurements)


def slo_collect_recent(*, slo: SLO, now: datetime | None = None) -> int:
    end = window_end(now)
    latest = slo.buckets.order_by("-start").values_list("start", flat=True).first()
    first = end - timedelta(days=slo.window_days)
    if latest is not None:
        first = max(first, min(latest + HOUR, end - OVERLAP_HOURS * HOUR))
    return slo_collect(slo=slo, first=first, last=end - HOUR)


def slo_backfill(*, slo: SLO, by, now: datetime | None = None) -> int:
    """The whole window, on an Addon SRE's request from the SLO page."""
    slo_rules.slo_backfill.enforce(by, slo.addon)
    if slo.source != SLO.Source.PROMETHEUS:
        raise ActionRefused("Only Prometheus-sourced SLOs can be backfilled.")
    end = window_end(now)
    try:
        measurements = _pull(slo, end - timedelta(days=slo.window_days), end - HOUR)
    except CollectionError as exc:
        raise ActionRefused(f"Backfill failed, nothing was stored: {exc}") from exc
    with transaction.atomic():
        written = _store(slo, measurements)
        event_record(
            addon=slo.addon,
            actor=by,
            kind=TimelineEvent.Kind.SLO,
            message=f"SLO {slo.name} backfilled from Prometheus: {written} hour{pluralize(written)} of data.",
            payload={"slo": slo.pk, "action": "backfill", "hours": written},
        )
    return written


def prometheus_slos():
    return SLO.objects.filter(
        source=SLO.Source.PROMETHEUS, addon__state__in=COLLECTED_STATES
    ).select_related("addon")
