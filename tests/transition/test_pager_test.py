"""The pager test, the handover's first step: a test incident triggered through PagerDuty's
REST API on Addon SRE's escalation policy, and the on-call Addon SRE's acknowledgement read
back (who and when). Every exchange goes through the spec-validating stand-in
(pagerduty_standin.py): a request or answer the OpenAPI document refuses fails the test."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.integrations.pagerduty.client import ACCEPT, PagerDutyClient
from onboarding.models import Addon, ApiToken, Handover, PagerTest, State, TimelineEvent
from onboarding.rules import addon as rules
from onboarding.services.pager_test import pager_test_check, pager_test_trigger

POLICY = "PSRE247"
SERVICE = "PTESTSV"


@pytest.fixture
def transitioned(make_addon, pagerduty, settings):
    settings.PAGERDUTY_PAGER_TEST_SERVICE_ID = SERVICE
    addon = make_addon(State.TRANSITIONED)
    Handover.objects.filter(addon=addon).update(escalation_policy_id=POLICY)
    return Addon.objects.get(pk=addon.pk)  # its handover read afresh


def _client():
    return PagerDutyClient(sleep=lambda s: None)


def _events(addon):
    return list(
        TimelineEvent.objects.filter(addon=addon, kind=TimelineEvent.Kind.HANDOVER)
        .exclude(payload__pager_test=None)
        .order_by("pk")
    )


def test_the_lead_triggers_a_test_incident_as_the_spec_asks(pagerduty, transitioned, lead):
    test = pager_test_trigger(addon=transitioned, by=lead, client=_client())

    [sent] = [r for r in pagerduty.requests if r["method"] == "POST"]
    assert sent["path"] == "/incidents"
    assert sent["headers"]["From"] == lead.email
    assert sent["headers"]["Accept"] == ACCEPT
    incident = sent["body"]["incident"]
    assert incident["type"] == "incident"
    assert incident["service"] == {"id": SERVICE, "type": "service_reference"}
    assert incident["escalation_policy"] == {
        "id": POLICY,
        "type": "escalation_policy_reference",
    }
    assert transitioned.addon_id in incident["title"]
    assert test.incident_id == "PT00001" and test.incident_number == 1
    assert test.incident_url == "https://acme.pagerduty.com/incidents/PT00001"
    assert test.triggered_by == lead and not test.acknowledged
    [event] = _events(transitioned)
    assert event.actor == lead and event.payload["pager_test"] == "triggered"
    assert "triggered test incident #1 on Addon SRE's escalation policy PSRE247" in event.message


def test_check_acknowledgement_records_who_and_when(pagerduty, transitioned, sre):
    test = pager_test_trigger(addon=transitioned, by=sre, client=_client())
    assert pager_test_check(addon=transitioned, by=sre, client=_client()).acknowledged is False
    assert len(_events(transitioned)) == 1  # nobody acknowledged: no event

    pagerduty.acknowledge(test.incident_id, "PU0NCAL", "Olga On-Call", "2026-12-04T10:07:00Z")
    test = pager_test_check(addon=transitioned, by=sre, client=_client())

    assert test.acknowledged_by == "Olga On-Call" and test.acknowledged_by_id == "PU0NCAL"
    assert test.acknowledged_at == datetime(2026, 12, 4, 10, 7, tzinfo=UTC)
    event = _events(transitioned)[-1]
    assert event.payload["pager_test"] == "acknowledged"
    assert event.payload["acknowledged_by"] == "PU0NCAL"
    assert "Olga On-Call (PagerDuty user PU0NCAL) acknowledged" in event.message
    assert "2026-12-04 10:07 UTC" in event.message
    paths = [r["path"] for r in pagerduty.requests if r["method"] == "GET"]
    assert paths[-1] == f"/incidents/{test.incident_id}"


def test_a_resolved_incident_is_read_from_its_log_entries(pagerduty, transitioned, lead):
    test = pager_test_trigger(addon=transitioned, by=lead, client=_client())
    pagerduty.acknowledge(test.incident_id, "PU0NCAL", "Olga On-Call", "2026-12-04T10:07:00Z")
    pagerduty.resolve(test.incident_id)

    test = pager_test_check(addon=transitioned, by=lead, client=_client())

    assert test.acknowledged_by == "Olga On-Call"
    assert any("/log_entries" in r["path"] for r in pagerduty.requests)


@pytest.mark.parametrize(
    "answer, words",
    [
        ("400", "PagerDuty refused the request (400): Invalid Input Provided"),
        ("401", "PagerDuty refused the request (401): Authentication failed"),
        ("403", "PagerDuty refused the request (403): Access Denied"),
        ("429:5", "PagerDuty rate limit"),
        ("500", "PagerDuty answered 500 (not repeated): Internal Server Error"),
    ],
)
def test_a_refused_trigger_says_why_and_changes_nothing(
    pagerduty, transitioned, lead, answer, words
):
    pagerduty.script = [answer]
    events = TimelineEvent.objects.filter(addon=transitioned).count()

    with pytest.raises(ActionRefused) as refused:
        pager_test_trigger(addon=transitioned, by=lead, client=_client())

    assert refused.value.message.startswith("No test incident was triggered: ")
    assert words in refused.value.message
    assert not PagerTest.objects.exists()
    assert TimelineEvent.objects.filter(addon=transitioned).count() == events
    # A trigger is never repeated after a 5xx: it may have created the incident.
    assert len([r for r in pagerduty.requests if r["method"] == "POST"]) == 1


@pytest.mark.parametrize("answer", ["400", "401", "403", "404", "500"])
def test_a_refused_acknowledgement_check_says_why_and_changes_nothing(
    pagerduty, transitioned, lead, answer, settings
):
    settings.PAGERDUTY_MAX_ATTEMPTS = 1
    test = pager_test_trigger(addon=transitioned, by=lead, client=_client())
    pagerduty.acknowledge(test.incident_id, "PU0NCAL", "Olga On-Call", "2026-12-04T10:07:00Z")
    pagerduty.script = [answer]

    with pytest.raises(ActionRefused) as refused:
        pager_test_check(addon=transitioned, by=lead, client=_client())

    assert refused.value.message.startswith("The acknowledgement was not checked: PagerDuty ")
    test.refresh_from_db()
    assert not test.acknowledged and test.checked_at is None
    assert len(_events(transitioned)) == 1


def test_the_rules_refuse_other_roles_and_wrong_states(
    transitioned, make_addon, lead, sre, owner, manager, settings
):
    for person in (owner, manager):
        assert not rules.pager_test.permits_role(person, transitioned)
        assert not rules.pager_test_check.permits_role(person, transitioned)
        with pytest.raises(PermissionDenied):
            pager_test_trigger(addon=transitioned, by=person, client=_client())
    # Before Complete transition there is no handover to test.
    in_transition = make_addon(State.TRANSITION)
    assert "after Complete transition" in rules.pager_test.why_not(lead, in_transition)
    # Nothing triggered: nothing to check.
    assert "No test incident" in rules.pager_test_check.why_not(sre, transitioned)
    with pytest.raises(ActionRefused):
        pager_test_check(addon=transitioned, by=sre, client=_client())
    # PagerDuty's REST API unset: the pager test says which setting is missing.
    settings.PAGERDUTY_PAGER_TEST_SERVICE_ID = ""
    assert "PAGERDUTY_PAGER_TEST_SERVICE_ID is not set" in rules.pager_test.why_not(
        lead, transitioned
    )
    settings.PAGERDUTY_PAGER_TEST_SERVICE_ID = SERVICE
    lead.email = ""
    assert "no e-mail address" in rules.pager_test.why_not(lead, transitioned)


def test_an_acknowledged_pager_test_is_not_run_again(pagerduty, transitioned, lead):
    test = pager_test_trigger(addon=transitioned, by=lead, client=_client())
    pagerduty.acknowledge(test.incident_id, "PU0NCAL", "Olga On-Call", "2026-12-04T10:07:00Z")
    pager_test_check(addon=transitioned, by=lead, client=_client())

    assert "acknowledged by Olga On-Call" in rules.pager_test.why_not(lead, transitioned)
    assert "acknowledged by Olga On-Call" in rules.pager_test_check.why_not(lead, transitioned)
    with pytest.raises(ActionRefused):
        pager_test_trigger(addon=transitioned, by=lead, client=_client())


def test_the_page_runs_the_pager_test_and_its_check(pagerduty, transitioned, lead, client):
    client.force_login(lead)
    page = client.get(transitioned.get_absolute_url()).content.decode()
    assert 'data-action="pager-test"' in page and 'data-action="pager-test-check"' not in page

    response = client.post(reverse("pager_test", args=[transitioned.addon_id]), follow=True)
    page = response.content.decode()
    assert "Test incident PT00001 triggered" in page
    assert 'data-testid="pager-test" data-status="triggered"' in page
    assert 'data-action="pager-test-check"' in page

    pagerduty.acknowledge("PT00001", "PU0NCAL", "Olga On-Call", "2026-12-04T10:07:00Z")
    url = reverse("pager_test_check", args=[transitioned.addon_id])
    page = client.post(url, follow=True).content.decode()
    assert "Pager test acknowledged by Olga On-Call" in page
    assert 'data-testid="pager-test" data-status="acknowledged"' in page
    assert 'data-action="pager-test"' not in page
    _token, raw = ApiToken.issue(user=lead, label="pager test")
    api = client.get(
        f"/api/v1/addons/{transitioned.addon_id}", HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).json()
    assert api["handover"]["pager_test"] | {"triggered_at": None} == {
        "incident": "PT00001",
        "incident_number": 1,
        "escalation_policy": POLICY,
        "triggered_by": "lead",
        "triggered_at": None,
        "acknowledged": True,
        "acknowledged_by": "Olga On-Call",
        "acknowledged_by_id": "PU0NCAL",
        "acknowledged_at": "2026-12-04T10:07:00Z",
    }


def test_the_page_shows_a_refusal_from_pagerduty(pagerduty, transitioned, lead, client):
    client.force_login(lead)
    pagerduty.script = ["403"]
    response = client.post(reverse("pager_test", args=[transitioned.addon_id]), follow=True)
    page = response.content.decode()
    assert "Pager test refused: No test incident was triggered: PagerDuty refused" in page
    assert not PagerTest.objects.exists()
