"""The SLI kinds as owners write them: what the portal sends, and what it refuses at save —
each bullet of the original report, re-tried as written."""

from datetime import timedelta

import pytest
from django.urls import reverse

from onboarding.integrations.prometheus.promql import QueryRefused, events_query, ratio_query
from onboarding.integrations.prometheus.recording_rules import rule_name
from onboarding.models import SLO, State

FORM = {
    "name": "dashboard",
    "sli_type": "availability",
    "description": "RHODS dashboard reachable",
    "objective": "99.5",
    "window_days": "28",
    "source": "prometheus",
}


@pytest.mark.parametrize(
    ("expr", "sent"),
    [
        ('http_requests_total{code!~"5.."}', 'sum(increase(http_requests_total{code!~"5.."}[1h]))'),
        ("  apiserver_request_total ", "sum(increase(apiserver_request_total[1h]))"),
        (
            'sum(increase(x_total{code!~"5.."}[1h]))',
            'sum(increase(x_total{code!~"5.."}[1h]))',
        ),
        ("sum(increase(a_total[1h])) - sum(increase(b_total[1h]))",) * 2,
    ],
)
def test_events_wrap_a_bare_counter_and_send_an_expression_as_written(expr, sent):
    assert events_query(expr) == sent


@pytest.mark.parametrize(
    ("expr", "sent"),
    [
        ('probe_success{job="blackbox"}', 'avg_over_time(probe_success{job="blackbox"}[1h])'),
        ("slo:availability:ratio_rate1h", "last_over_time(slo:availability:ratio_rate1h[1m])"),
        (
            "1 - haproxy_backend_http_responses_total:burnrate1h",
            "1 - last_over_time(haproxy_backend_http_responses_total:burnrate1h[1m])",
        ),
        (
            'min(1 - slo:sli_error:ratio_rate1h{sloth_id="a:b"}) * avg_over_time(x:y[1h])',
            'min(1 - last_over_time(slo:sli_error:ratio_rate1h{sloth_id="a:b"}[1m])) '
            "* avg_over_time(x:y[1h])",
        ),
        ("avg_over_time(probe_success[1h])",) * 2,
    ],
)
def test_ratios_average_a_bare_gauge_and_read_rules_from_a_fresh_sample(expr, sent):
    assert ratio_query(expr) == sent


@pytest.mark.parametrize(
    ("kind", "field", "expr", "says"),
    [
        # The report's first bullet: these were accepted and stored as garbage.
        (
            "events",
            "good_query",
            "haproxy_backend_http_responses_total:burnrate1h",
            "is a recording rule",
        ),
        ("events", "good_query", "probe_success", "choose the ratio kind"),
        (
            "ratio",
            "ratio_query",
            "haproxy_backend_http_responses_total:burnrate1h",
            "stores 1 - haproxy_backend_http_responses_total:burnrate1h",
        ),
        ("ratio", "ratio_query", "http_requests_total", "Use the events kind"),
    ],
)
def test_definitions_that_would_store_garbage_are_refused_next_to_the_field(
    client, make_addon, owner, kind, field, expr, says
):
    addon = make_addon(State.ONBOARDING)
    client.force_login(owner)
    data = {
        **FORM,
        "kind": kind,
        "good_query": "",
        "total_query": "requests_total",
        "ratio_query": "",
        field: expr,
    }
    response = client.post(reverse("slo_new", args=[addon.addon_id]), data)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not addon.slos.filter(name="dashboard").exists()
    with pytest.raises(QueryRefused):
        (ratio_query if kind == "ratio" else events_query)(expr)


def test_a_probe_availability_slo_is_saved_as_a_ratio(client, make_addon, owner):
    addon = make_addon(State.ONBOARDING)
    client.force_login(owner)
    data = {**FORM, "kind": "ratio", "ratio_query": 'probe_success{job="blackbox"}'}
    assert client.post(reverse("slo_new", args=[addon.addon_id]), data).status_code == 302
    slo = addon.slos.get(name="dashboard")
    assert (slo.kind, slo.prometheus_source) == (SLO.Kind.RATIO, None)
    page = client.get(reverse("addon_slos", args=[addon.addon_id])).content.decode()
    assert "avg_over_time(probe_success{job=&quot;blackbox&quot;}[1h])" in page


def test_only_owners_and_the_assigned_sre_test_queries(client, make_addon, architect1):
    addon = make_addon(State.ONBOARDING)
    client.force_login(architect1)
    response = client.post(reverse("slo_query_test", args=[addon.addon_id]), FORM)
    assert response.status_code == 403


def test_testing_a_blank_query_says_so_without_asking_prometheus(client, make_addon, owner):
    addon = make_addon(State.ONBOARDING)
    client.force_login(owner)
    url = reverse("slo_query_test", args=[addon.addon_id])
    body = client.post(url, {**FORM, "kind": "events"}, headers={"HX-Request": "true"})
    assert "Write the good and total query first." in body.content.decode()


@pytest.mark.parametrize(
    ("name", "holds", "convention", "hours"),
    [
        ("slo:sli_error:ratio_rate1h", "error ratio", "Sloth", 1),  # not by its last part
        ("slo:sli_error:ratio_rate30d", "error ratio", "Sloth", 720),
        ("slo:period_burn_rate:ratio", "a description of the SLO", "Sloth", None),
        ("http_requests:burnrate5m", "error ratio", "Pyrra", 5 / 60),
        ("http_requests:increase4w", "counts", "Pyrra", 672),
        ("apiserver_request:availability30d", "good ratio", "", None),
        ("job:http_errors:ratio_rate1h", "error ratio", "", 1),
        ("job:request_latency_seconds:mean5m", "unknown", "", None),
    ],
)
def test_a_rules_name_says_what_it_holds_by_every_level_and_its_period(
    name, holds, convention, hours
):
    rule = rule_name(name)
    assert (rule.holds, rule.convention) == (holds, convention)
    assert rule.period == (timedelta(hours=hours) if hours is not None else None)
