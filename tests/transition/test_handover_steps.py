"""The handover's steps after the pager test: the shadow (Addon SRE paged alongside the owners
for HANDOVER_SHADOW_DAYS, frozen when the assigned lead starts it) and the push of the merge
request that makes Addon SRE primary, allowed only once the shadow ended. Complete transition
leaves the handover waiting on the pager test; each step has its rule, event and page state,
and the one pager fact (selectors/pager.py) names the step due."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.models import Addon, ApiToken, Handover, TimelineEvent
from onboarding.rules import addon as rules
from onboarding.selectors.next_steps import next_steps_for
from onboarding.selectors.pager import Carrier, Step, pager, step_due
from onboarding.services.handover_retry import handover_retry
from onboarding.services.handover_steps import handover_push, shadow_start
from onboarding.services.transitions import addon_complete_transition
from tests.transition.handover_steps import acknowledge_pager_test, end_shadow


def _fresh(addon):
    return Addon.objects.get(pk=addon.pk)


@pytest.fixture
def completed(mt_remote, ready_to_complete, sre, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        addon_complete_transition(addon=ready_to_complete, by=sre)
    return _fresh(ready_to_complete)


def _events(addon, key):
    return list(
        TimelineEvent.objects.filter(addon=addon, kind=TimelineEvent.Kind.HANDOVER)
        .exclude(**{f"payload__{key}": None})
        .order_by("pk")
    )


def _steps(addon, user):
    return [s.kind for s in next_steps_for(_fresh(addon), user)]


def test_complete_transition_leaves_the_handover_waiting_on_the_pager_test(
    completed, mt_remote, lead, sre, settings
):
    settings.PAGERDUTY_API_URL = "https://api.pagerduty.example"
    settings.PAGERDUTY_TOKEN = "token"  # noqa: S105 - not a secret
    settings.PAGERDUTY_PAGER_TEST_SERVICE_ID = "PTESTSV"
    assert _steps(completed, lead) == ["pager-test"] and _steps(completed, sre) == ["pager-test"]
    handover = Handover.objects.get(addon=completed)
    assert handover.status == Handover.Status.STEPS
    assert len(mt_remote.pushes()) == 1  # only the remote's initial commit: nothing pushed
    fact = pager(completed)
    assert fact.carrier == Carrier.REQUESTED and not fact.handed_over
    assert fact.sentence == (
        "The owners' team (Data Science) carries the pager; pager test to run (a test incident "
        "on Addon SRE's policy, acknowledged by the on-call Addon SRE)."
    )
    assert step_due(handover) == Step.PAGER_TEST
    transition = completed.events.get(kind="transition", to_state="transitioned")
    assert "waiting on the pager test and the shadow" in transition.message
    assert "pager test to run" in transition.message


def test_the_lead_starts_the_shadow_once_the_pager_test_is_acknowledged(
    completed, lead, sre, owner, settings
):
    refusal = rules.shadow_start.why_not(lead, completed)
    assert refusal == "The pager test comes first: nobody has acknowledged a test incident yet."
    acknowledge_pager_test(completed)
    addon = _fresh(completed)
    assert pager(addon).sentence.endswith(
        "the pager test was acknowledged; the shadow is to start."
    )
    assert rules.shadow_start.why_not(lead, addon) is None
    assert "shadow-start" in _steps(addon, lead)
    for other in (sre, owner):  # wrong role
        with pytest.raises(PermissionDenied):
            shadow_start(addon=addon, by=other)

    settings.HANDOVER_SHADOW_DAYS = 3
    handover = shadow_start(addon=addon, by=lead)

    assert handover.shadow_days == 3 and handover.shadow_started_by == lead
    assert handover.shadow_ends_at == handover.shadow_started_at + timedelta(days=3)
    settings.HANDOVER_SHADOW_DAYS = 10  # frozen on the row when it started
    handover.refresh_from_db()
    assert handover.shadow_days == 3
    until = f"{handover.shadow_ends_at:%Y-%m-%d %H:%M}"
    assert pager(_fresh(addon)).sentence.endswith(f"; Addon SRE shadowing until {until}.")
    [event] = _events(addon, "shadow")
    assert event.actor == lead and event.payload["shadow"] == "started"
    assert event.payload["days"] == 3
    assert "Shadow started by lead" in event.message and "for 3 days" in event.message
    assert f"Addon SRE shadowing until {until}." in event.message
    # Started once: wrong state now.
    assert "The shadow started on" in rules.shadow_start.why_not(lead, _fresh(addon))
    with pytest.raises(ActionRefused):
        shadow_start(addon=_fresh(addon), by=lead)


def test_the_merge_request_is_pushed_only_after_the_shadow_ended(
    completed, lead, sre, mt_remote, django_capture_on_commit_callbacks
):
    assert "The shadow comes first" in rules.handover_push.why_not(lead, completed)
    acknowledge_pager_test(completed)
    shadow_start(addon=_fresh(completed), by=lead)
    addon = _fresh(completed)
    assert "Addon SRE shadows until" in rules.handover_push.why_not(lead, addon)
    with pytest.raises(ActionRefused):
        handover_push(addon=addon, by=lead)
    assert "handover-push" not in _steps(addon, lead)

    ends = Handover.objects.get(addon=addon).shadow_ends_at
    with time_machine.travel(ends + timedelta(minutes=1), tick=False):
        addon = _fresh(completed)
        assert step_due(addon.handover) == Step.PUSH
        assert "the handover merge request is to be pushed" in pager(addon).sentence
        assert rules.handover_push.why_not(lead, addon) is None
        assert "handover-push" in _steps(addon, lead)
        with pytest.raises(PermissionDenied):  # wrong role
            handover_push(addon=addon, by=sre)
        with django_capture_on_commit_callbacks(execute=True):
            handover_push(addon=addon, by=lead)

    handover = Handover.objects.get(addon=addon)
    assert handover.status == Handover.Status.REQUESTED
    assert len(mt_remote.pushes()) == 2
    [event] = [e for e in _events(addon, "action") if e.payload["action"] == "push"]
    assert event.actor == lead and event.payload["shadow"] == "ended"
    assert "lead pushed the handover" in event.message
    # Past its steps: neither step is offered any more.
    addon = _fresh(completed)
    assert "past its steps" in rules.handover_push.why_not(lead, addon)
    assert "past its steps" in rules.shadow_start.why_not(lead, addon)
    assert "comes before the handover merge request" in rules.pager_test.why_not(lead, addon)


def test_the_page_and_the_api_show_the_steps(completed, lead, client):
    acknowledge_pager_test(completed)
    client.force_login(lead)
    page = client.get(completed.get_absolute_url()).content.decode()
    assert 'data-action="shadow-start"' in page and 'data-action="handover-push"' not in page

    response = client.post(reverse("shadow_start", args=[completed.addon_id]), follow=True)
    page = response.content.decode()
    assert "Shadow started: Addon SRE is paged alongside the owners until" in page
    assert 'data-testid="shadow" data-status="running"' in page
    assert 'data-action="shadow-start"' not in page and 'data-action="handover-push"' not in page
    _token, raw = ApiToken.issue(user=lead, label="steps")
    url = f"/api/v1/addons/{completed.addon_id}"
    api = client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert api["handover"]["status"] == "steps" and api["handover"]["step"] == "shadowing"
    shadow = api["handover"]["shadow"]
    assert shadow["days"] == 7 and shadow["started_by"] == "lead" and shadow["ended"] is False
    assert "Addon SRE shadowing until" in api["pager"]["sentence"]

    end_shadow(completed)
    page = client.get(completed.get_absolute_url()).content.decode()
    assert 'data-testid="shadow" data-status="ended"' in page
    assert 'data-action="handover-push"' in page
    api = client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert api["handover"]["step"] == "push" and api["handover"]["shadow"]["ended"] is True
    response = client.post(reverse("handover_push", args=[completed.addon_id]), follow=True)
    assert "Handover merge request queued" in response.content.decode()
    api = client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert api["handover"]["step"] is None


def test_a_retried_unconfigured_handover_goes_back_to_its_steps(completed, lead):
    Handover.objects.filter(addon=completed).update(status=Handover.Status.NOT_CONFIGURED)
    handover = handover_retry(handover=Handover.objects.get(addon=completed), by=lead)
    assert Handover.objects.get(pk=handover.pk).status == Handover.Status.STEPS
    # Nothing queued: the pager test is still due.
    assert step_due(Handover.objects.get(pk=handover.pk)) == Step.PAGER_TEST
