"""SLO data as addons produce it, against a real Prometheus (`prometheus_env.py`): router
counters, the odh-deployer recording rules evaluated by Prometheus itself, a probe with an
outage, scrape gaps, a vanishing series and wrong queries. The oracle is the generated data:
each stored hour and each compliance must equal what that data gives.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from onboarding.models import SLO, SLOBucket, State
from onboarding.selectors.slo_evaluation import evaluate
from onboarding.selectors.slo_gaps import Gap
from onboarding.services.slo_collect import slo_backfill

from .conftest import make_slo
from .prometheus_env import HOUR, RATIO_SCALE

ROUTE = 'route="rhods-dashboard"'
OK = f'haproxy_backend_http_responses_total{{code="200",{ROUTE}}}'
BAD = f'haproxy_backend_http_responses_total{{code="503",{ROUTE}}}'
PROBE = 'probe_success{instance="rhods-dashboard-route",job="user_facing_endpoints_status"}'
SPAWNER = 'probe_success{instance="notebook-spawner-route",job="user_facing_endpoints_status"}'


@pytest.fixture
def env(prometheus_data, settings, make_addon, run_collection):
    url, data = prometheus_data
    settings.PROMETHEUS_URL = url
    return make_addon(State.TRANSITION), data, run_collection


def _slo(addon, name, **queries):
    kind = SLO.Kind.RATIO if "ratio_query" in queries else SLO.Kind.EVENTS
    return make_slo(
        addon, name=name, window_days=7, source=SLO.Source.PROMETHEUS, kind=kind, **queries
    )


def _collect(run, data, hours_later=0):
    run(data.end + timedelta(hours=hours_later, minutes=5))


def _window(data):
    hour, end = data.end - timedelta(days=7), data.end
    while hour < end:
        yield hour
        hour += HOUR


def _stored(slo):
    return {b.start: (b.good, b.total) for b in SLOBucket.objects.filter(slo=slo)}


def _assert_compliance(slo, data, expected: dict):
    """Stored hours == expected hours, and compliance == sum(good) / sum(total) of them."""
    assert _stored(slo) == expected
    [result] = evaluate([slo])
    assert result.window_end == data.end
    good = sum(g for g, _ in expected.values())
    total = sum(t for _, t in expected.values())
    assert (result.good, result.total, result.hours_with_data) == (good, total, len(expected))
    assert result.compliance == Decimal(good) / Decimal(total)
    return result


def _ratio_hours(data, fraction_of):
    expected = {}
    for hour in _window(data):
        fraction = fraction_of(hour)
        if fraction is not None:
            expected[hour] = (round(fraction * RATIO_SCALE), RATIO_SCALE)
    return expected


def test_router_counters_as_a_full_expression_and_a_bare_selector(env):
    addon, data, run = env
    slo = _slo(
        addon,
        "dashboard-requests",
        good_query=f'sum(increase(haproxy_backend_http_responses_total{{{ROUTE},code!~"5.."}}[1h]))',
        total_query=f"haproxy_backend_http_responses_total{{{ROUTE}}}",
    )
    _collect(run, data)
    expected = {
        h: (data.increase(OK, h), data.increase(OK, h) + data.increase(BAD, h))
        for h in _window(data)
    }
    result = _assert_compliance(slo, data, expected)
    assert result.coverage == 1
    burst = expected[data.end - timedelta(hours=40)]
    assert burst[1] - burst[0] == 30 * 12  # the error burst is in its hour, and only there


def test_the_odh_deployer_burn_rate_rule_as_a_ratio(env):
    """`haproxy_backend_http_responses_total:burnrate1h` is the bad fraction: the SLO asks
    for 1 minus it. Prometheus evaluated the vendored rule; the oracle is the counters."""
    addon, data, run = env
    slo = _slo(
        addon,
        "dashboard-availability",
        ratio_query=f"1 - haproxy_backend_http_responses_total:burnrate1h{{{ROUTE}}}",
    )
    _collect(run, data)

    def good_share(hour):
        bad, ok = data.increase(BAD, hour), data.increase(OK, hour)
        return 1 - bad / (ok + bad)

    result = _assert_compliance(slo, data, _ratio_hours(data, good_share))
    exact = sum(good_share(h) for h in _window(data)) / (7 * 24)
    assert abs(float(result.compliance) - exact) < 1e-6  # the millisecond resolution


@pytest.mark.parametrize(
    ("query", "rule"),
    [
        (f"avg_over_time({PROBE}[1h])", False),
        (PROBE, False),  # a bare gauge: the portal asks for avg_over_time(...[1h])
        ('1 - probe_success:burnrate1h{instance="rhods-dashboard"}', True),  # vendored rule
    ],
)
def test_a_probe_with_an_outage_is_its_time_weighted_success(env, query, rule):
    addon, data, run = env
    slo = _slo(addon, "dashboard-probe", ratio_query=query)
    SLO.objects.filter(pk=slo.pk).update(objective=Decimal("99.5"))
    slo.refresh_from_db()
    _collect(run, data)
    expected = _ratio_hours(data, lambda hour: data.mean(PROBE, hour, right_open=rule))
    result = _assert_compliance(slo, data, expected)
    outage = {h for h, (good, total) in expected.items() if good < total}
    start = data.end - timedelta(hours=50)
    assert outage == {start, start + HOUR}  # 40 + 15 minutes down, across the hour boundary
    assert result.status == SLO.Status.MISSED  # 55 minutes down in a week: below 99.5 %


def test_a_probe_scrape_gap_is_missing_hours_listed_on_the_page(env, client, owner):
    addon, data, run = env
    slo = _slo(addon, "spawner-probe", ratio_query=f"avg_over_time({SPAWNER}[1h])")
    _collect(run, data)
    expected = _ratio_hours(data, lambda hour: data.mean(SPAWNER, hour))
    result = _assert_compliance(slo, data, expected)
    gap_start = data.end - timedelta(hours=100)
    # Scrapes stop after gap_start and resume at gap_start + 4h: the two hours whose
    # ranges hold no sample at all are missing; never stored as 0.
    assert set(_window(data)) - set(expected) == {gap_start + HOUR, gap_start + 2 * HOUR}
    assert result.coverage == (7 * 24 - 2) / (7 * 24) and result.status == SLO.Status.MET
    client.force_login(owner)
    page = client.get(reverse("addon_slos", args=[addon.addon_id])).content.decode()
    first = gap_start + HOUR
    assert f"missing</strong> {first:%Y-%m-%d %H:00}–" in page
    assert f"as of <strong>{data.end:%Y-%m-%d %H:%M} UTC" in page.replace("Windows as", "as")


def test_a_counter_scrape_gap_is_missing_and_an_sre_accepts_it(env, client, sre):
    addon, data, run = env
    slo = _slo(
        addon,
        "gap-requests",
        good_query="portal_gap_good_total",
        total_query="portal_gap_all_total",
    )
    _collect(run, data)
    good, total = "portal_gap_good_total", "portal_gap_all_total"
    expected = {
        h: (data.increase(good, h), data.increase(total, h))
        for h in _window(data)
        if data.increase(total, h) is not None
    }
    result = _assert_compliance(slo, data, expected)
    gap = data.end - timedelta(hours=80)
    assert set(_window(data)) - set(expected) == {gap, gap + HOUR, gap + 2 * HOUR}
    assert result.missing_hours == 3

    client.force_login(sre)
    page = client.get(reverse("addon_slos", args=[addon.addon_id])).content.decode()
    assert f"{Gap(gap, gap + 3 * HOUR)} UTC (3 hours)" in page  # the end's date when it differs
    url = reverse("slo_gap_accept", args=[addon.addon_id, slo.pk])
    span = {"start": gap.isoformat(), "end": (gap + 3 * HOUR).isoformat()}
    client.post(url, {**span, "reason": ""})
    assert not slo.accepted_gaps.exists()  # no reason, nothing accepted
    client.post(url, {**span, "reason": "Prometheus restarted during a node drain."})
    [result] = evaluate([slo])
    assert (result.accepted_hours, result.coverage) == (3, 1)
    assert result.compliance == Decimal(sum(g for g, _ in expected.values())) / Decimal(
        sum(t for _, t in expected.values())
    )  # compliance is the measured hours only
    event = addon.events.get(kind="slo", payload__action="gap_accepted")
    assert "node drain" in event.message and event.actor == sre


def test_a_vanishing_series_leaves_gaps_then_a_collection_error(env, client, owner):
    addon, data, run = env
    slo = _slo(
        addon,
        "vanishing",
        good_query="portal_vanishing_good_total",
        total_query="portal_vanishing_all_total",
    )
    _collect(run, data)
    vanished = data.end - timedelta(hours=30)
    expected = {h: (240, 240) for h in _window(data) if h < vanished}
    result = _assert_compliance(slo, data, expected)
    assert result.missing_hours == 30 and result.status == SLO.Status.INSUFFICIENT
    slo.refresh_from_db()
    collected_at = slo.last_collected_at
    assert collected_at is not None and slo.last_collection_error == ""

    _collect(run, data, hours_later=1)  # the next hour: only hours after the series vanished
    slo.refresh_from_db()
    assert "The good query matched nothing" in slo.last_collection_error
    assert "sum(increase(portal_vanishing_good_total[1h]))" in slo.last_collection_error
    assert slo.last_collected_at == collected_at  # no success recorded without data
    assert _stored(slo) == expected  # and never a zero
    client.force_login(owner)
    page = client.get(addon.get_absolute_url()).content.decode()
    assert 'data-kind="slo-collection"' in page and "matched nothing" in page


def test_a_wrong_query_stores_nothing_and_records_no_success(env):
    """The issue's typo case: total's metric misspelt. Before, good stored zeros and the run
    counted as a success; now the run says which query matched nothing."""
    addon, data, run = env
    slo = _slo(
        addon,
        "typo",
        good_query=f'haproxy_backend_http_responses_total{{{ROUTE},code!~"5.."}}',
        total_query=f"haproxy_backend_http_response_total{{{ROUTE}}}",
    )
    _collect(run, data)
    slo.refresh_from_db()
    assert slo.last_collection_error.startswith("The total query matched nothing")
    assert "haproxy_backend_http_response_total" in slo.last_collection_error
    assert slo.last_collected_at is None and not SLOBucket.objects.filter(slo=slo).exists()


def test_a_ratio_out_of_range_is_an_error_not_a_stored_value(env):
    addon, data, run = env
    slo = _slo(addon, "percent", ratio_query=f"avg_over_time({PROBE}[1h]) * 100")
    _collect(run, data)
    slo.refresh_from_db()
    assert "a fraction is between 0 and 1" in slo.last_collection_error
    assert not SLOBucket.objects.filter(slo=slo).exists()


def test_test_the_query_shows_prometheus_numbers_and_its_errors(env, client, owner):
    addon, data, run = env
    client.force_login(owner)
    url = reverse("slo_query_test", args=[addon.addon_id])
    form = {"source": "prometheus", "kind": "ratio", "ratio_query": PROBE}
    response = client.post(url, form, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body  # the fragment only
    assert f"avg_over_time({PROBE}[1h])".replace('"', "&quot;") in body
    assert body.count("100.000 %") >= 1 and "missing" not in body
    broken = {**form, "ratio_query": "avg_over_time(probe_success[1h]"}
    body = client.post(url, broken, headers={"HX-Request": "true"}).content.decode()
    assert "Nothing would be stored" in body and "parse error" in body
    # Without htmx the whole form comes back, the result in it, the form as typed.
    slos = addon.slos.count()
    page = client.post(url, broken).content.decode()
    assert "<html" in page and "parse error" in page and "Define an SLO" in page
    assert addon.slos.count() == slos  # testing saves nothing


def test_backfill_stores_what_prometheus_has_and_names_what_it_has_not(env, client, sre):
    addon, data, _ = env
    slo = _slo(
        addon,
        "vanishing",
        good_query="portal_vanishing_good_total",
        total_query="portal_vanishing_all_total",
    )
    written, unavailable = slo_backfill(slo=slo, by=sre, now=data.end + timedelta(minutes=5))
    vanished = data.end - timedelta(hours=30)
    assert written == 7 * 24 - 30
    assert unavailable == f"{vanished:%Y-%m-%d %H:00}–{data.end:%Y-%m-%d %H:00} (30 hours)"
    event = addon.events.get(kind="slo", payload__action="backfill")
    assert f"Prometheus no longer has {unavailable}" in event.message
    client.force_login(sre)
    response = client.post(reverse("slo_backfill", args=[addon.addon_id, slo.pk]), follow=True)
    assert "Prometheus no longer has" in response.content.decode()  # said on the page too
