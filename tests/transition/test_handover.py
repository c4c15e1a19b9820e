"""The pager handover against a local HTTP server speaking PagerDuty's GET/PUT /services/<id>.

The `pagerduty` client only talks https, so the server uses a throwaway self-signed
certificate for 127.0.0.1 that the client trusts through SSL_CERT_FILE.
"""

import pytest
from django.urls import reverse

from onboarding.models import SOP, Handover
from onboarding.services.transitions import addon_complete_transition
from tests.journey import pass_gate
from tests.transition.pagerduty_stub import (  # noqa: F401 - fixtures
    POLICY,
    pagerduty_certificate,
    pagerduty_server,
)


@pytest.fixture
def ready_addon(transition_addon):
    pass_gate(transition_addon, "handover")
    SOP.objects.create(
        addon=transition_addon, title="Down", url="https://sops.example.com/d", status="approved"
    )
    return transition_addon


def _complete(addon, sre, capture):
    with capture(execute=True):
        addon_complete_transition(addon=addon, by=sre)
    return Handover.objects.get(addon=addon)


def _methods(server):
    return [m for m, _, _ in server.requests]


def test_500s_are_retried_and_success_is_recorded_once(
    pagerduty, ready_addon, sre, django_capture_on_commit_callbacks
):
    pagerduty.script = ["500", "500"]
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.DONE
    assert handover.attempts == 3
    assert pagerduty.policies["PSVC123"] == POLICY
    assert _methods(pagerduty) == ["GET", "GET", "GET", "PUT"]
    done = ready_addon.events.filter(kind="handover", payload__status="done")
    assert done.count() == 1


def test_a_timeout_is_retried(pagerduty, ready_addon, sre, django_capture_on_commit_callbacks):
    pagerduty.script = ["slow"]
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.DONE
    assert handover.attempts == 2
    assert pagerduty.policies["PSVC123"] == POLICY


def test_policy_already_set_is_not_written_again(
    pagerduty, ready_addon, sre, django_capture_on_commit_callbacks
):
    pagerduty.policies["PSVC123"] = POLICY
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.DONE
    assert _methods(pagerduty) == ["GET"]


def test_running_a_done_handover_again_changes_nothing(
    pagerduty, ready_addon, sre, django_capture_on_commit_callbacks
):
    from onboarding.tasks import run_handover

    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    count = len(pagerduty.requests)
    run_handover.apply(args=[handover.pk])
    assert len(pagerduty.requests) == count
    assert ready_addon.events.filter(kind="handover", payload__status="done").count() == 1


def test_final_failure_is_visible_and_a_manager_retries_it(
    pagerduty, ready_addon, sre, manager, client, django_capture_on_commit_callbacks
):
    pagerduty.script = ["500"] * 5
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.FAILED
    assert "500" in handover.last_error or "Internal" in handover.last_error
    assert ready_addon.events.filter(kind="handover", payload__status="failed").count() == 1
    client.force_login(manager)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-status="failed"' in page and "Retry the handover" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("handover_retry", args=[ready_addon.addon_id]))
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.status == Handover.Status.DONE
    assert pagerduty.policies["PSVC123"] == POLICY
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-status="done"' in page and "Retry the handover" not in page


def test_sre_cannot_retry_a_handover(
    pagerduty, ready_addon, sre, client, django_capture_on_commit_callbacks
):
    pagerduty.script = ["500"] * 5
    _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    client.force_login(sre)
    response = client.post(reverse("handover_retry", args=[ready_addon.addon_id]))
    assert response.status_code == 403
    assert Handover.objects.get().status == Handover.Status.FAILED


def test_without_pagerduty_configured_the_handover_is_not_configured(
    settings, ready_addon, sre, client, django_capture_on_commit_callbacks
):
    settings.PAGERDUTY_API_URL = ""
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.NOT_CONFIGURED
    client.force_login(sre)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert "Not configured" in page
    assert "-  escalationPolicy: POWNER1" in page
    assert f"+  escalationPolicy: {POLICY}" in page
