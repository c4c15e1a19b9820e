"""Recording the OCM stage deploy, which approve_production needs."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from onboarding.errors import ActionRefused
from onboarding.models import Addon, State, TimelineEvent
from onboarding.services.deploys import addon_record_stage_deploy


@pytest.fixture
def onboarding_addon(make_addon):
    return make_addon(State.ONBOARDING)


def test_owner_records_the_stage_deploy_from_the_addon_page(client, onboarding_addon, owner):
    client.force_login(owner)
    page = client.get(onboarding_addon.get_absolute_url()).content.decode()
    assert 'data-action="stage_deploy"' in page
    assert "Production approval needs the addon to have run on OCM stage first." in page

    day = timezone.localdate() - timedelta(days=3)
    url = reverse("addon_stage_deploy", args=[onboarding_addon.addon_id])
    response = client.post(url, {"deployed_on": day.isoformat()}, follow=True)

    assert f"Recorded: running on OCM stage since {day}." in response.content.decode()
    addon = Addon.objects.get(pk=onboarding_addon.pk)
    assert (addon.stage_enabled, addon.stage_deployed_on) == (True, day)
    event = addon.events.get(kind=TimelineEvent.Kind.DEPLOY)
    assert (event.actor, event.message) == (owner, f"Running on OCM stage since {day}.")


def test_the_assigned_sre_may_correct_the_date_and_the_event_says_so(onboarding_addon, sre):
    first = timezone.localdate() - timedelta(days=10)
    second = timezone.localdate() - timedelta(days=8)
    addon_record_stage_deploy(addon=onboarding_addon, by=sre, deployed_on=first)
    addon_record_stage_deploy(addon=onboarding_addon, by=sre, deployed_on=second)
    messages = list(
        onboarding_addon.events.filter(kind="deploy")
        .order_by("id")
        .values_list("message", flat=True)
    )
    assert messages[-1] == f"Running on OCM stage since {second} (corrected from {first})."


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (None, "Give the date the addon was deployed to OCM stage."),
        (1, "The stage deploy date cannot be in the future."),
    ],
)
def test_a_missing_or_future_date_is_refused_and_nothing_changes(
    onboarding_addon, owner, day, message
):
    deployed_on = None if day is None else timezone.localdate() + timedelta(days=day)
    with pytest.raises(ActionRefused, match=message):
        addon_record_stage_deploy(addon=onboarding_addon, by=owner, deployed_on=deployed_on)
    addon = Addon.objects.get(pk=onboarding_addon.pk)
    assert addon.stage_deployed_on is None
    assert not addon.events.filter(kind="deploy").exists()


@pytest.mark.parametrize("who", ["architect1", "manager", "owner2"])
def test_other_roles_may_not_record_it(onboarding_addon, personas, who):
    with pytest.raises(PermissionDenied):
        addon_record_stage_deploy(
            addon=onboarding_addon, by=personas[who], deployed_on=timezone.localdate()
        )
    assert Addon.objects.get(pk=onboarding_addon.pk).stage_deployed_on is None


def test_it_is_recorded_during_onboarding_only(make_addon, owner):
    addon = make_addon(State.ASSIGNED)
    with pytest.raises(ActionRefused, match="recorded during onboarding; the addon is assigned"):
        addon_record_stage_deploy(addon=addon, by=owner, deployed_on=timezone.localdate())


def test_once_recorded_the_blocker_on_approve_production_is_gone(client, onboarding_addon, sre):
    client.force_login(sre)
    stage_blocker = "must run on the OCM stage environment first"
    assert stage_blocker in client.get(onboarding_addon.get_absolute_url()).content.decode()
    addon_record_stage_deploy(addon=onboarding_addon, by=sre, deployed_on=timezone.localdate())
    assert stage_blocker not in client.get(onboarding_addon.get_absolute_url()).content.decode()
