"""Four eyes (issue 13): nobody approves their own work, and no one account passes a gate alone."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from onboarding.errors import ActionRefused
from onboarding.models import ChecklistItem, State
from onboarding.rules.roles import Role
from onboarding.services import checklist as c
from onboarding.services import transitions as t
from tests.factories import UserFactory

Status = ChecklistItem.Status


@pytest.fixture
def addon(make_addon):
    return make_addon(State.ONBOARDING)


def item(addon, key):
    return ChecklistItem.objects.get(addon=addon, key=key)


@pytest.fixture
def lead2(sre_team):
    user = UserFactory(username="lead2")
    user.groups.add(Group.objects.get(name=str(Role.LEAD)))
    return user


@pytest.fixture
def solo(owner_team, sre_team, addon):
    """One account holding every role, in the owner team and assigned as the addon's lead."""
    user = UserFactory(username="solo")
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in Role]))
    owner_team.members.add(user)
    type(addon).objects.filter(pk=addon.pk).update(sre_lead=user)
    addon.engineers.add(user)
    return user


def test_the_sre_who_marked_an_item_done_cannot_verify_it(addon, sre, lead):
    done = c.item_mark_done(item=item(addon, "RELI-5"), by=sre)
    with pytest.raises(ActionRefused, match="You marked this item done; another Addon SRE must"):
        c.item_verify(item=done, by=sre)
    assert item(addon, "RELI-5").status == Status.DONE
    assert c.item_verify(item=done, by=lead).verified_by == lead


def test_the_lead_who_requested_a_waiver_cannot_decide_it(addon, lead, lead2):
    asked = c.item_request_waiver(item=item(addon, "RELI-4"), by=lead, justification="No TLS")
    with pytest.raises(ActionRefused, match="You requested this waiver; another Addon SRE Lead"):
        c.item_decide_waiver(item=asked, by=lead, approve=True)
    assert item(addon, "RELI-4").status == Status.WAIVER_REQUESTED
    # Another SRE lead decides it in the assigned lead's stead.
    assert c.item_decide_waiver(item=asked, by=lead2, approve=True).status == Status.WAIVED


def test_an_unassigned_lead_decides_only_the_assigned_leads_own_requests(addon, owner, lead2):
    asked = c.item_request_waiver(item=item(addon, "RELI-4"), by=owner, justification="No TLS")
    with pytest.raises(PermissionDenied):
        c.item_decide_waiver(item=asked, by=lead2, approve=True)


def test_one_account_with_every_role_cannot_pass_an_item_alone(addon, solo):
    done = c.item_mark_done(item=item(addon, "RELI-5"), by=solo)
    with pytest.raises(ActionRefused, match="another Addon SRE must verify"):
        c.item_verify(item=done, by=solo)
    asked = c.item_request_waiver(item=item(addon, "INC-1"), by=solo, justification="n/a")
    with pytest.raises(ActionRefused, match="another Addon SRE Lead must decide"):
        c.item_decide_waiver(item=asked, by=solo, approve=True)


def test_a_gate_passed_by_one_person_alone_does_not_open(addon, solo, sre):
    """Items verified by their own marker (data from before the rule) do not count."""
    ChecklistItem.objects.filter(addon=addon).update(
        status=Status.VERIFIED, done_by=solo, verified_by=solo
    )
    addon.refresh_from_db()
    addon.stage_deployed_on = addon.state_changed_at.date()
    addon.save(update_fields=["stage_deployed_on"])
    from tests.journey import add_slo_with_data

    add_slo_with_data(addon, now=timezone.now())
    with pytest.raises(ActionRefused, match="Four eyes: .* by one person"):
        t.addon_approve_production(addon=addon, by=sre)
    assert type(addon).objects.get(pk=addon.pk).state == State.ONBOARDING
    # Checked again by two people, the gate opens.
    ChecklistItem.objects.filter(addon=addon).update(verified_by=sre)
    assert t.addon_approve_production(addon=addon, by=sre).state == State.PRODUCTION_APPROVED


def test_the_checklist_says_who_acts_next_and_why_not_me(client, addon, sre):
    done = c.item_mark_done(item=item(addon, "RELI-5"), by=sre)
    client.force_login(sre)
    page = client.get(reverse("checklist", args=[addon.addon_id], query={"show": "all"}))
    assert "You marked this item done; another Addon SRE must verify it." in page.content.decode()
    page = client.get(reverse("checklist_item", args=[addon.addon_id, done.pk])).content.decode()
    assert "Next: an assigned Addon SRE other than sre verifies it." in page
    assert "You marked this item done; another Addon SRE must verify it." in page
