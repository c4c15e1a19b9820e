"""The portal's own Prometheus metrics at /metrics."""

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from onboarding.models import Addon, Handover, Notification, State, TimelineEvent


def _samples(response):
    text = response.content.decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


@pytest.mark.django_db
def test_metrics_refused_from_another_address_without_a_token(client):
    response = client.get("/metrics", REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 403


@pytest.mark.django_db
def test_metrics_refused_with_a_wrong_token(client, settings):
    settings.METRICS_TOKEN = "scrape-secret"
    response = client.get(
        "/metrics", REMOTE_ADDR="10.0.0.5", HTTP_AUTHORIZATION="Bearer not-the-secret"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_metrics_served_with_the_bearer_token(client, settings):
    settings.METRICS_TOKEN = "scrape-secret"
    response = client.get(
        "/metrics", REMOTE_ADDR="10.0.0.5", HTTP_AUTHORIZATION="Bearer scrape-secret"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_metrics_count_addons_per_state_and_queue_age(client, make_addon):
    make_addon(State.DRAFT)
    submitted = make_addon(State.SUBMITTED)
    Addon.objects.filter(pk=submitted.pk).update(
        state_changed_at=timezone.now() - timedelta(hours=2)
    )
    samples = _samples(client.get("/metrics"))
    assert samples[("portal_addons", (("state", "draft"),))] == 1
    assert samples[("portal_addons", (("state", "submitted"),))] == 1
    assert samples[("portal_addons", (("state", "transitioned"),))] == 0
    age = samples[("portal_review_queue_oldest_seconds", ())]
    assert 7200 <= age < 7300


@pytest.mark.django_db
def test_metrics_count_pending_notifications_and_failed_handovers(client, addon, owner):
    event = TimelineEvent.objects.create(addon=addon, actor=owner, kind="comment")
    Notification.objects.create(event=event, subject="a", body="b")
    Notification.objects.create(event=event, subject="c", body="d", sent_at=timezone.now())
    Handover.objects.create(addon=addon, status=Handover.Status.FAILED, escalation_policy_id="P1")
    samples = _samples(client.get("/metrics"))
    assert samples[("portal_notifications_pending", ())] == 1
    assert samples[("portal_handovers_failed", ())] == 1
    assert samples[("portal_review_queue_oldest_seconds", ())] == 0


@pytest.mark.django_db
def test_request_latency_is_recorded_by_view_name(client, owner):
    key = (
        "portal_request_duration_seconds_count",
        (("method", "GET"), ("view", "addon_list")),
    )
    before = _samples(client.get("/metrics")).get(key, 0)
    client.force_login(owner)
    assert client.get("/addons/").status_code == 200
    assert _samples(client.get("/metrics"))[key] == before + 1
