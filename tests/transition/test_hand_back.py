"""The hand-back: when the SLOs keep failing after the handover, the assigned lead returns the
pager to the owners through the same managed-tenants path — a merge request pushed to the real
bare repository (managed_tenants_remote.py) that sets the owners' policy again."""

import pytest
import yaml
from django.urls import reverse

from onboarding.models import SLO, Addon, ApiToken, HandBack, Handover, SLOBucket
from onboarding.selectors.pager import pager
from onboarding.services.handover_sweep import handover_sweep
from onboarding.services.transitions import addon_complete_transition
from tests.transition.handover_steps import push_after_steps
from tests.transition.managed_tenants_remote import POLICY


@pytest.fixture
def handed_over(mt_remote, ready_to_complete, sre, django_capture_on_commit_callbacks):
    """Transition completed, its merge request merged: Addon SRE carries the pager."""
    with django_capture_on_commit_callbacks(execute=True):
        addon_complete_transition(addon=ready_to_complete, by=sre)
    with django_capture_on_commit_callbacks(execute=True):
        push_after_steps(ready_to_complete)
    handover = Handover.objects.get(addon=ready_to_complete)
    mt_remote.merge(handover.branch)
    with django_capture_on_commit_callbacks(execute=True):
        handover_sweep()
    addon = Addon.objects.get(pk=ready_to_complete.pk)
    assert pager(addon).handed_over
    return addon


def _failing_slo(addon):
    [met] = addon.slos.all()
    slo = SLO.objects.create(
        addon=addon,
        name="latency",
        sli_type="latency",
        description="Fast answers",
        objective="99.000",
        window_days=met.window_days,
    )
    SLOBucket.objects.bulk_create(
        SLOBucket(slo=slo, start=b.start, good=b.total // 2, total=b.total)
        for b in met.buckets.all()
    )


def _post(client, addon, reason, capture):
    with capture(execute=True):
        return client.post(reverse("hand_back", args=[addon.addon_id]), {"reason": reason})


def test_the_lead_hands_the_pager_back_through_a_reverse_merge_request(
    mt_remote, handed_over, lead, client, django_capture_on_commit_callbacks
):
    addon, owners = handed_over, handed_over.pagerduty_escalation_policy_id
    _failing_slo(addon)
    client.force_login(lead)
    page = client.get(addon.get_absolute_url()).content.decode()
    assert 'data-action="hand-back"' in page

    response = _post(
        client, addon, "latency missed three windows", django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    back = HandBack.objects.get(handover__addon=addon)
    assert back.status == Handover.Status.REQUESTED and back.escalation_policy_id == owners
    branch = f"addon-sre-hand-back/{addon.addon_id}"
    push = mt_remote.pushes()[-1]
    assert push["refs"] == {f"refs/heads/{branch}": back.commit_sha}
    assert push["options"][:2] == ["merge_request.create", "merge_request.target=main"]
    for env in ("stage", "production"):
        document = yaml.safe_load(
            mt_remote.show(branch, f"addons/{addon.addon_id}/metadata/{env}/addon.yaml")
        )
        assert document["pagerduty"]["escalationPolicy"] == owners
    # Until it is merged, Addon SRE still carries the pager.
    assert pager(addon).handed_over

    mt_remote.merge(branch)
    client.post(reverse("handover_check", args=[addon.addon_id]))

    back.refresh_from_db()
    assert back.status == Handover.Status.DONE
    fact = pager(Addon.objects.get(pk=addon.pk))
    assert fact.carrier == "owners" and fact.policy == owners
    assert "carries the pager again: Addon SRE handed it back" in fact.sentence
    page = client.get(addon.get_absolute_url()).content.decode()
    assert 'data-testid="pager-badge" data-carrier="owners"' in page
    assert 'data-testid="hand-back" data-status="done"' in page
    exported = client.get(reverse("addon_yaml", args=[addon.addon_id]), {"env": "production"})
    assert yaml.safe_load(exported.content)["pagerduty"]["escalationPolicy"] == owners
    _token, raw = ApiToken.issue(user=lead, label="hand-back")
    api = client.get(f"/api/v1/addons/{addon.addon_id}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.json()["pager"]["carrier"] == "owners"
    assert api.json()["handover"]["hand_back"]["status"] == "done"
    assert api.json()["handover"]["hand_back"]["reason"] == "latency missed three windows"
    messages = [e.message for e in addon.events.filter(kind="handover").order_by("created_at")]
    assert any(m.startswith("Hand-back to the owners requested by") for m in messages)
    assert any("Hand-back merge request of" in m and "merged into main" in m for m in messages)
    assert mt_remote.show("main", f"addons/{addon.addon_id}/metadata/production/addon.yaml")


def test_no_hand_back_while_every_slo_meets_its_objective(
    mt_remote, handed_over, lead, client, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    assert (
        'data-action="hand-back"' not in client.get(handed_over.get_absolute_url()).content.decode()
    )
    response = _post(client, handed_over, "just because", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert not HandBack.objects.exists()
    assert pager(handed_over).policy == POLICY


def test_only_the_assigned_lead_hands_back_and_a_reason_is_required(
    mt_remote, handed_over, sre, lead, client, django_capture_on_commit_callbacks
):
    _failing_slo(handed_over)
    client.force_login(sre)
    assert _post(client, handed_over, "slow", django_capture_on_commit_callbacks).status_code == 403
    client.force_login(lead)
    _post(client, handed_over, "  ", django_capture_on_commit_callbacks)
    assert not HandBack.objects.exists()
    assert not handed_over.events.filter(message__startswith="Hand-back").exists()
