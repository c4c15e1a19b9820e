"""The pager handover as a managed-tenants merge request, against a real git remote on loopback.

The remote (managed_tenants_remote.py) is a bare repository served by `git daemon`, with push
options advertised and recorded by a hook, so each test sees what GitLab would receive.
"""

from html import unescape

import pytest
import yaml
from django.urls import reverse

from onboarding.integrations.managed_tenants.schema import document_errors
from onboarding.models import Handover, Notification
from onboarding.services.handover_sweep import handover_sweep
from onboarding.services.transitions import addon_complete_transition
from onboarding.tasks import run_handover
from tests.transition.handover_steps import push_after_steps
from tests.transition.managed_tenants_remote import POLICY


@pytest.fixture
def ready_addon(ready_to_complete):
    return ready_to_complete


def _complete(addon, sre, capture):
    """Complete the transition, then the handover's steps (pager test, shadow) and the push."""
    with capture(execute=True):
        addon_complete_transition(addon=addon, by=sre)
    with capture(execute=True):
        push_after_steps(addon)
    return Handover.objects.get(addon=addon)


def _path(addon, env="production"):
    return f"addons/{addon.addon_id}/metadata/{env}/addon.yaml"


def _messages(addon):
    return [e.message for e in addon.events.filter(kind="handover").order_by("created_at")]


def test_completing_the_transition_opens_a_merge_request_with_gitlab_push_options(
    mt_remote, ready_addon, sre, client, django_capture_on_commit_callbacks
):
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)

    branch = f"addon-sre-handover/{ready_addon.addon_id}"
    assert handover.status == Handover.Status.REQUESTED
    assert handover.branch == branch
    [push] = mt_remote.pushes()[1:]  # the first is the remote's initial commit
    assert push["refs"] == {f"refs/heads/{branch}": handover.commit_sha}
    options = push["options"]
    assert options[:2] == ["merge_request.create", "merge_request.target=main"]
    assert options[2] == (
        f"merge_request.title={ready_addon.addon_id}: page Addon SRE (escalation policy {POLICY})"
    )
    assert options[3].startswith("merge_request.description=The Addon Onboarding Portal")
    for env in ("stage", "production"):
        data = yaml.safe_load(mt_remote.show(branch, _path(ready_addon, env)))
        assert document_errors(data) == []
        assert data["pagerduty"]["escalationPolicy"] == POLICY
    assert mt_remote.branches() == ["addon-sre-handover/" + ready_addon.addon_id, "main"]

    client.force_login(sre)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-status="requested"' in page and "Merge request opened" in page
    assert f"<code>{branch}</code>" in page
    timeline = " ".join(_messages(ready_addon))
    assert "Merge request opened on managed-tenants" in timeline
    assert "handed over" not in timeline.lower()
    transition = ready_addon.events.get(kind="transition", to_state="transitioned")
    assert "handed over" not in transition.message
    assert Notification.objects.filter(
        subject=f"Pager handover merge request opened: {ready_addon.name}"
    ).exists()


def test_the_sweep_marks_it_done_once_the_test_merges_it(
    mt_remote, ready_addon, sre, owner, client, django_capture_on_commit_callbacks
):
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover_sweep() == {"done": 0, "closed": 0, "requested": 1}
    assert Handover.objects.get(pk=handover.pk).status == Handover.Status.REQUESTED

    mt_remote.merge(handover.branch)
    with django_capture_on_commit_callbacks(execute=True):
        assert handover_sweep()["done"] == 1

    handover.refresh_from_db()
    assert handover.status == Handover.Status.DONE and handover.completed_at
    assert handover.verification == Handover.Verification.NOT_CONFIGURED
    client.force_login(owner)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-status="done"' in page and "Merge request merged" in page
    # No PagerDuty API to ask (the check says so): merged is the last word.
    assert 'data-carrier="addon_sre"' in page
    assert f"Addon SRE carries the pager (escalation policy {POLICY})." in page
    data = yaml.safe_load(
        client.get(
            reverse("addon_yaml", args=[ready_addon.addon_id]), {"env": "production"}
        ).content
    )
    assert data["pagerduty"]["escalationPolicy"] == POLICY
    assert "merged into main" in _messages(ready_addon)[-2]
    assert Notification.objects.filter(
        subject=f"Pager handed over to Addon SRE: {ready_addon.name}"
    ).exists()
    assert handover_sweep() == {"done": 0, "closed": 0, "requested": 0}


def test_an_existing_file_is_edited_in_place(
    mt_remote, ready_addon, sre, django_capture_on_commit_callbacks
):
    from onboarding.integrations.managed_tenants.addon_yaml import addon_yaml_render

    for env in ("stage", "production"):
        text = "# kept: the team's comment\n" + addon_yaml_render(
            addon=ready_addon, environment=env
        )
        mt_remote.commit_file(_path(ready_addon, env), text)
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)

    before = mt_remote.show("main", _path(ready_addon))
    after = mt_remote.show(handover.branch, _path(ready_addon))
    assert after.startswith("# kept: the team's comment\n")
    assert after == before.replace("escalationPolicy: POWNER1", f"escalationPolicy: {POLICY}")


def test_a_second_run_finds_the_branch_and_pushes_nothing(
    mt_remote, ready_addon, sre, django_capture_on_commit_callbacks
):
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    pushes = len(mt_remote.pushes())
    Handover.objects.filter(pk=handover.pk).update(status=Handover.Status.PENDING)

    run_handover.apply(args=[handover.pk])

    again = Handover.objects.get(pk=handover.pk)
    assert again.status == Handover.Status.REQUESTED
    assert again.commit_sha == handover.commit_sha
    assert len(mt_remote.pushes()) == pushes
    assert "found on the remote from an earlier run" in _messages(ready_addon)[-1]


def test_a_rejected_push_fails_at_once_and_a_manager_retries_it(
    mt_remote, ready_addon, sre, manager, client, django_capture_on_commit_callbacks
):
    mt_remote.reject_pushes()
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)

    assert handover.status == Handover.Status.FAILED
    assert handover.attempts == 1
    assert "not allowed to push" in handover.last_error
    assert "Pager handover failed" in _messages(ready_addon)[-1]
    client.force_login(manager)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-status="failed"' in page and "Retry the handover" in page

    mt_remote.reject_pushes(False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("handover_retry", args=[ready_addon.addon_id]))
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.status == Handover.Status.REQUESTED
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-status="requested"' in page and "Retry the handover" not in page


def test_a_merge_request_closed_without_merge_is_closed_and_shown_where_people_act(
    mt_remote, ready_addon, sre, lead, manager, client, django_capture_on_commit_callbacks
):
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    mt_remote.delete_branch(handover.branch)

    assert handover_sweep()["closed"] == 1

    handover.refresh_from_db()
    assert handover.status == Handover.Status.CLOSED
    assert "without being merged" in handover.last_error
    client.force_login(manager)
    home = client.get(reverse("home")).content.decode()
    assert "Merge request closed without merge" in home
    assert "No failed pager handovers" not in home
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert ready_addon.name in dashboard.split('data-testid="failed-handovers"')[1]
    client.force_login(lead)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-carrier="failed"' in page
    assert "Retry the pager handover." in page  # the lead's next step
    assert "Retry the pager handover." in client.get(reverse("home")).content.decode()


def test_an_unreachable_repository_is_retried_then_fails(
    mt_remote, settings, ready_addon, sre, django_capture_on_commit_callbacks
):
    settings.MANAGED_TENANTS_REPO_URL = "git://127.0.0.1:9/managed-tenants.git"
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.FAILED
    assert handover.attempts == 1  # one recorded outcome after the task's retries
    assert "git clone failed" in handover.last_error


def test_the_owners_cannot_retry_a_handover(
    mt_remote, ready_addon, sre, owner, client, django_capture_on_commit_callbacks
):
    mt_remote.reject_pushes()
    _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    client.force_login(owner)
    response = client.post(reverse("handover_retry", args=[ready_addon.addon_id]))
    assert response.status_code == 403
    assert Handover.objects.get().status == Handover.Status.FAILED


def test_the_assigned_sre_retries_a_rejected_push_once_it_is_allowed(
    mt_remote, ready_addon, sre, client, django_capture_on_commit_callbacks
):
    mt_remote.reject_pushes()
    _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    client.force_login(sre)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-action="handover-retry"' in page and 'data-carrier="failed"' in page
    mt_remote.reject_pushes(on=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("handover_retry", args=[ready_addon.addon_id]))
    assert response.status_code == 302
    assert Handover.objects.get().status == Handover.Status.REQUESTED
    assert "retried by" in _messages(ready_addon)[-2]


@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ("MANAGED_TENANTS_REPO_URL", "MANAGED_TENANTS_REPO_URL is not set"),
        ("ADDON_SRE_ESCALATION_POLICY_ID", "ADDON_SRE_ESCALATION_POLICY_ID is not set"),
    ],
)
def test_an_unconfigured_handover_cannot_complete_the_transition(
    mt_remote, settings, ready_addon, sre, client, setting, why
):
    setattr(settings, setting, "")
    client.force_login(sre)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-action="complete_transition"' not in page
    blockers = unescape(page.split('data-testid="complete-blockers"')[1].split("</ul>")[0])
    assert why in blockers and "The portal's administrator sets it" in blockers

    response = client.post(
        reverse("addon_transition", args=[ready_addon.addon_id, "complete_transition"]),
        {"complete_transition-seen_state": "transition"},
    )

    assert response.status_code == 302
    ready_addon.refresh_from_db()
    assert ready_addon.state == "transition"
    assert not Handover.objects.filter(addon=ready_addon).exists()
    assert not ready_addon.events.filter(kind="handover").exists()
    assert mt_remote.pushes()[1:] == []


def test_invalid_production_metadata_cannot_complete_the_transition(
    mt_remote, ready_addon, sre, client
):
    from onboarding.models import Addon

    Addon.objects.filter(pk=ready_addon.pk).update(default_channel="nightly")
    client.force_login(sre)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert "addon.yaml with Addon SRE&#x27;s policy is not valid" in page
    assert "The owners fix it on the managed-tenants metadata page." in page
    assert 'data-action="complete_transition"' not in page
