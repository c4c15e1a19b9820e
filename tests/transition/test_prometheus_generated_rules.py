"""SLO rules as Sloth and Pyrra generate them (vendored in `vendor/` with their commits),
evaluated by a real Prometheus next to odh-deployer's (`prometheus_env.py`). The oracle is the
generated counters: each stored hour is 1 - errors / total of that hour.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from onboarding.models import SLO, State

from .prometheus_env import (
    HOUR,
    PYRRA_BAD,
    PYRRA_BURST_HOURS_BEFORE_END,
    PYRRA_OK,
    RATIO_SCALE,
    SLOTH_BAD,
    SLOTH_GAP_HOURS_BEFORE_END,
    SLOTH_OK,
)
from .test_prometheus_real_world import _assert_compliance, _collect, _ratio_hours

SLOTH = 'slo:sli_error:ratio_rate1h{sloth_id="myservice-requests-availability"}'
PYRRA = 'http_requests:burnrate1h{slo="http"}'


@pytest.fixture
def env(prometheus_data, settings, make_addon, run_collection):
    url, data = prometheus_data
    settings.PROMETHEUS_URL = url
    return make_addon(State.TRANSITION), data, run_collection


def _good_share(data, ok, bad):
    def share(hour):
        good, errors = data.increase(ok, hour), data.increase(bad, hour)
        if good is None or errors is None:
            return None  # a gap: the oracle has no value for the hour
        return 1 - errors / (good + errors)

    return share


def _form(**fields):
    return {
        "name": "requests",
        "sli_type": "availability",
        "description": "Requests answered without a server error.",
        "objective": "99.0",
        "window_days": "28",
        "source": "prometheus",
        "kind": "ratio",
        **fields,
    }


def test_sloths_bare_error_ratio_is_refused_then_stored_inverted_once_confirmed(env, client, owner):
    addon, data, run = env
    client.force_login(owner)
    url = reverse("slo_new", args=[addon.addon_id])
    response = client.post(url, _form(ratio_query=SLOTH))
    assert response.status_code == 400 and not addon.slos.filter(name="requests").exists()
    body = response.content.decode()
    assert "slo:sli_error:ratio_rate1h is Sloth&#x27;s error ratio" in body
    assert 'id="error_1_id_ratio_query"' in body  # next to the field

    response = client.post(url, _form(ratio_query=SLOTH, invert_error_ratio="on"))
    assert response.status_code == 302
    slo = addon.slos.get(name="requests")
    assert slo.ratio_query == f"1 - {SLOTH}"
    event = addon.events.get(kind="slo", payload__action="created")
    assert "stored inverted, as confirmed" in event.message

    SLO.objects.filter(pk=slo.pk).update(window_days=7)
    slo.refresh_from_db()
    _collect(run, data)
    slo.refresh_from_db()
    assert slo.last_collection_error == ""
    expected = _ratio_hours(data, _good_share(data, SLOTH_OK, SLOTH_BAD))
    result = _assert_compliance(slo, data, expected)
    gap = data.end - timedelta(hours=SLOTH_GAP_HOURS_BEFORE_END)
    # Scrapes stop after `gap` and resume at gap + 3h. The rule still has a value a minute
    # before gap + 1h (its [1h] range then holds the two last samples before the gap): read
    # from that stale sample the first gap hour would count as measured. It is a gap.
    assert set(_window_hours(data)) - set(expected) == {gap, gap + HOUR, gap + 2 * HOUR}
    assert result.missing_hours == 3


def test_pyrras_burn_rate_rule_inverted_gives_each_hours_good_share(env):
    addon, data, run = env
    from .conftest import make_slo

    slo = make_slo(
        addon,
        name="pyrra-http",
        window_days=7,
        source=SLO.Source.PROMETHEUS,
        kind=SLO.Kind.RATIO,
        ratio_query=f"1 - {PYRRA}",
    )
    _collect(run, data)
    expected = _ratio_hours(data, _good_share(data, PYRRA_OK, PYRRA_BAD))
    _assert_compliance(slo, data, expected)
    assert len(expected) == 7 * 24  # no gap in these counters
    burst = data.end - timedelta(hours=PYRRA_BURST_HOURS_BEFORE_END)
    worst = min(expected, key=lambda hour: expected[hour][0])
    assert worst == burst and expected[burst][0] < RATIO_SCALE * 0.7


def _window_hours(data):
    hour = data.end - timedelta(days=7)
    while hour < data.end:
        yield hour
        hour += HOUR


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("slo:sli_error:ratio_rate5m", "over 5m; read at the end of each hour it is not"),
        ("1 - slo:sli_error:ratio_rate30d", "Use the one-hour rule, slo:sli_error:ratio_rate1h"),
        ("http_requests:burnrate1h", "is Pyrra&#x27;s error ratio"),
        ("http_requests:increase4w", "is Pyrra&#x27;s count of events over 4w"),
        ("slo:period_error_budget_remaining:ratio", "description of the SLO"),
        ("1 - slo:availability:ratio_rate1h", "so 1 - slo:availability:ratio_rate1h is the bad"),
    ],
)
def test_rules_that_are_not_the_hours_good_fraction_are_refused_on_the_field(
    env, client, owner, query, said
):
    addon, _, _ = env
    client.force_login(owner)
    response = client.post(reverse("slo_new", args=[addon.addon_id]), _form(ratio_query=query))
    assert response.status_code == 400 and not addon.slos.filter(name="requests").exists()
    assert said in response.content.decode()


def test_confirming_an_inversion_of_a_rule_that_is_no_error_ratio_is_refused(env, client, owner):
    addon, _, _ = env
    client.force_login(owner)
    form = _form(ratio_query="slo:availability:ratio_rate1h", invert_error_ratio="on")
    response = client.post(reverse("slo_new", args=[addon.addon_id]), form)
    assert response.status_code == 400 and not addon.slos.filter(name="requests").exists()
    assert "Only a recording rule whose name says it is an error ratio" in response.content.decode()


def test_test_the_query_shows_the_confirmed_inversion_as_it_would_be_stored(env, client, owner):
    addon, _, _ = env
    client.force_login(owner)
    url = reverse("slo_query_test", args=[addon.addon_id])
    form = {"source": "prometheus", "kind": "ratio", "ratio_query": PYRRA}
    body = client.post(url, form, headers={"HX-Request": "true"}).content.decode()
    assert "Nothing would be stored" in body and "Pyrra&#x27;s error ratio" in body
    body = client.post(
        url, {**form, "invert_error_ratio": "on"}, headers={"HX-Request": "true"}
    ).content.decode()
    sent = "1 - last_over_time(http_requests:burnrate1h{slo=&quot;http&quot;}[1m])"
    assert sent in body and "Nothing would be stored" not in body
