"""Collection against a real Prometheus, backfilled with 29 days of generated counters.

Needs /usr/bin/prometheus and /usr/bin/promtool (Debian package `prometheus`; `.ci/run`
installs it). Without them the test fails, it is never skipped.
"""

import shutil
import socket
import subprocess
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import requests
from django.urls import reverse

from onboarding.models import SLO, SLOBucket, State
from onboarding.selectors.slo_evaluation import evaluate
from onboarding.tasks import collect_all_slo_measurements

from .conftest import make_slo

STEP = timedelta(minutes=5)


def _binary(name):
    path = shutil.which(name)
    if not path:
        pytest.fail(
            f"`{name}` not found: install the Debian package `prometheus` "
            "(apt-get install prometheus; .ci/run does this)."
        )
    return path


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _generate(end: datetime):
    """29 days of 5-minute samples of two counters; returns {hour start: (good, total)}."""
    start = end - timedelta(days=29)
    lines_good, lines_all, per_hour = [], [], {}
    good = total = 0
    t = start
    while t <= end:
        ts = int(t.timestamp())
        lines_good.append(f"portal_demo_good_total {good} {ts}")
        lines_all.append(f"portal_demo_all_total {total} {ts}")
        hour = t.replace(minute=0)
        h = int((hour - start) / timedelta(hours=1))
        step_total = 100 + (h % 7) * 10
        step_bad = 3 if h % 5 == 0 else (1 if h % 3 == 0 else 0)
        good, total = good + step_total - step_bad, total + step_total
        g, a = per_hour.get(hour, (0, 0))
        per_hour[hour] = (g + step_total - step_bad, a + step_total)
        t += STEP
    text = "# TYPE portal_demo_good counter\n" + "\n".join(lines_good) + "\n"
    text += "# TYPE portal_demo_all counter\n" + "\n".join(lines_all) + "\n# EOF\n"
    return text, per_hour


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory):
    prometheus_bin, promtool = _binary("prometheus"), _binary("promtool")
    now = datetime.now(tz=UTC)
    if now.minute == 59:  # keep generation and collection inside the same hour
        time.sleep(65 - now.second)
    end = datetime.now(tz=UTC).replace(minute=0, second=0, microsecond=0)
    base = tmp_path_factory.mktemp("prometheus")
    text, per_hour = _generate(end)
    (base / "data.om").write_text(text)
    data = base / "tsdb"
    subprocess.run(  # noqa: S603 - fixed arguments, binaries found on PATH
        [promtool, "tsdb", "create-blocks-from", "openmetrics", str(base / "data.om"), str(data)],
        check=True,
        capture_output=True,
    )
    (base / "prometheus.yml").write_text("global:\n  scrape_interval: 1h\n")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            prometheus_bin,
            f"--config.file={base / 'prometheus.yml'}",
            f"--storage.tsdb.path={data}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=60d",
        ],
        stdout=subprocess.DEVNULL,
        stderr=open(base / "prometheus.log", "w"),  # noqa: SIM115 - closed with the process
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if requests.get(f"{url}/-/ready", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail(
                "Prometheus did not become ready:\n" + (base / "prometheus.log").read_text()
            )
        yield url, per_hour
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def prom_slo(prometheus, settings, make_addon):
    url, per_hour = prometheus
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
    return slo, per_hour


def _expected(result, per_hour):
    hours = [h for h in per_hour if result.window_start <= h < result.window_end]
    good = sum(per_hour[h][0] for h in hours)
    total = sum(per_hour[h][1] for h in hours)
    return len(hours), good, total


def test_hourly_task_collects_the_window_and_compliance_matches_the_generated_data(prom_slo):
    slo, per_hour = prom_slo
    assert collect_all_slo_measurements() >= 1
    [result] = evaluate([slo])
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
    slo, per_hour = prom_slo
    client.force_login(sre)
    url = reverse("slo_backfill", args=[slo.addon.addon_id, slo.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert SLOBucket.objects.filter(slo=slo).count() == 28 * 24
    [result] = evaluate([slo])
    _, good, total = _expected(result, per_hour)
    assert result.compliance == Decimal(good) / Decimal(total)
    page = client.get(reverse("addon_slos", args=[slo.addon.addon_id])).content.decode()
    assert "Last collected: never" not in page
    events = slo.addon.events.filter(kind="slo", payload__action="backfill")
    assert [e.payload["hours"] for e in events] == [672, 672]


def test_owner_cannot_backfill(prom_slo, client, owner):
    slo, _ = prom_slo
    client.force_login(owner)
    response = client.post(reverse("slo_backfill", args=[slo.addon.addon_id, slo.pk]))
    assert response.status_code == 403
    assert not SLOBucket.objects.filter(slo=slo).exists()


def test_a_failed_pull_writes_nothing_and_shows_the_error(prom_slo, settings, client, sre):
    slo, _ = prom_slo
    SLO.objects.filter(pk=slo.pk).update(good_query="portal_demo_good_total{")
    collect_all_slo_measurements()
    slo.refresh_from_db()
    assert "Prometheus answered 400" in slo.last_collection_error
    assert not SLOBucket.objects.filter(slo=slo).exists()
    settings.PROMETHEUS_URL = f"http://127.0.0.1:{_free_port()}"
    SLO.objects.filter(pk=slo.pk).update(good_query="portal_demo_good_total")
    collect_all_slo_measurements()
    slo.refresh_from_db()
    assert "unreachable" in slo.last_collection_error
    assert not SLOBucket.objects.filter(slo=slo).exists()
    client.force_login(sre)
    page = client.get(reverse("addon_slos", args=[slo.addon.addon_id])).content.decode()
    assert "last error: Prometheus unreachable" in page
