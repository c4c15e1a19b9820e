"""Collection against a real Prometheus (`prometheus_env.py`): the original counters case,
backfill, and failures. Needs /usr/bin/prometheus and /usr/bin/promtool (Debian package
`prometheus`; `.ci/run` installs it). Without them the tests fail, they are never skipped.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from onboarding.models import SLO, SLOBucket, State
from onboarding.selectors.slo_evaluation import evaluate
from onboarding.services.slo_collection_run import collection_run

from .conftest import make_slo
from .prometheus_env import free_port


@pytest.fixture
def prom_slo(prometheus_data, settings, make_addon):
    url, data = prometheus_data
    settings.PROMETHEUS_URL = url
    addon = make_addon(State.TRANSITION)
    slo = make_slo(
        addon,
        name="requests",
        window_days=28,
        source=SLO.Source.PROMETHEUS,
        good_query="portal_demo_good_total",
        total_query="portal_demo_all_total",
    )
    per_hour = {}
    for hour in _hours(data.end - timedelta(days=28), data.end):
        good = data.increase("portal_demo_good_total", hour)
        per_hour[hour] = (good, data.increase("portal_demo_all_total", hour))
    return slo, per_hour, data.end


def _hours(start, end):
    while start < end:
        yield start
        start += timedelta(hours=1)


def _expected(result, per_hour):
    hours = [h for h in per_hour if result.window_start <= h < result.window_end]
    good = sum(per_hour[h][0] for h in hours)
    total = sum(per_hour[h][1] for h in hours)
    return len(hours), good, total


def test_hourly_run_collects_the_window_and_compliance_matches_the_generated_data(
    prom_slo, run_collection
):
    slo, per_hour, end = prom_slo
    assert run_collection(end + timedelta(minutes=5)) >= 1
    [result] = evaluate([slo])  # at the collection clock, which the run moved to `end`
    assert result.window_end == end
    hours, good, total = _expected(result, per_hour)
    assert hours == 28 * 24
    assert (result.hours_with_data, result.good, result.total) == (hours, good, total)
    assert result.compliance == Decimal(good) / Decimal(total)
    slo.refresh_from_db()
    assert slo.last_collected_at is not None and slo.last_collection_error == ""
    # Each stored hour is exactly the generated one.
    stored = {b.start: (b.good, b.total) for b in SLOBucket.objects.filter(slo=slo)}
    assert all(stored[h] == per_hour[h] for h in stored)


def test_sre_backfills_from_the_slo_page_idempotently(prom_slo, client, sre):
    slo, per_hour, end = prom_slo
    if datetime.now(tz=UTC) >= end + timedelta(hours=1):
        pytest.skip("The hour turned since the data was generated; the run's end moved on.")
    client.force_login(sre)
    url = reverse("slo_backfill", args=[slo.addon.addon_id, slo.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert SLOBucket.objects.filter(slo=slo).count() == 28 * 24
    [result] = evaluate([slo], end)
    _, good, total = _expected(result, per_hour)
    assert result.compliance == Decimal(good) / Decimal(total)
    page = client.get(reverse("addon_slos", args=[slo.addon.addon_id])).content.decode()
    assert "Last collected: never" not in page
    events = slo.addon.events.filter(kind="slo", payload__action="backfill")
    assert [e.payload["hours"] for e in events] == [672, 672]


def test_owner_cannot_backfill(prom_slo, client, owner):
    slo, _, _ = prom_slo
    client.force_login(owner)
    response = client.post(reverse("slo_backfill", args=[slo.addon.addon_id, slo.pk]))
    assert response.status_code == 403
    assert not SLOBucket.objects.filter(slo=slo).exists()


def test_a_failed_pull_writes_nothing_and_shows_the_error(prom_slo, settings, client, sre):
    slo, _, end = prom_slo
    SLO.objects.filter(pk=slo.pk).update(good_query="portal_demo_good_total{")
    collection_run(now=end + timedelta(minutes=5))
    slo.refresh_from_db()
    assert "answered 400" in slo.last_collection_error
    assert not SLOBucket.objects.filter(slo=slo).exists()
    settings.PROMETHEUS_URL = f"http://127.0.0.1:{free_port()}"
    SLO.objects.filter(pk=slo.pk).update(good_query="portal_demo_good_total")
    collection_run(now=end + timedelta(minutes=5))
    slo.refresh_from_db()
    assert "unreachable" in slo.last_collection_error
    assert not SLOBucket.objects.filter(slo=slo).exists()
    client.force_login(sre)
    page = client.get(reverse("addon_slos", args=[slo.addon.addon_id])).content.decode()
    assert "Prometheus (default) unreachable" in page
