"""Four eyes per person, not per account: a second account waits out a cooldown before it may
act on a gate, and whoever assigns an addon is never its lead or engineer."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from onboarding.errors import ActionRefused
from onboarding.models import State, Team
from onboarding.rules import review as review_rules
from onboarding.rules.roles import Role
from onboarding.services import review as r
from onboarding.services.role_grants import role_grant, role_revoke
from onboarding.services.transitions import addon_accept, addon_assign

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def second_account(manager, reference_data):
    """`arch2nd`: an account created today and made an architect by the manager."""
    user = User.objects.create_user("arch2nd", email="arch2nd@example.com")
    role_grant(user=user, role=Role.ARCHITECT, by=manager)
    return User.objects.get(pk=user.pk)


def test_a_second_account_cannot_sign_off_within_the_cooldown(
    make_addon, architect1, second_account
):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    with pytest.raises(ActionRefused, match="less than 7 days ago: it may act on gates from"):
        r.signoff_give(addon=addon, by=second_account)
    # With only one person's sign-off, nobody can accept.
    with pytest.raises(ActionRefused, match="Needs sign-off from 2 architects; has 1."):
        addon_accept(addon=addon, by=architect1, priority="P2")
    addon.refresh_from_db()
    assert addon.state == State.SUBMITTED


def test_a_second_account_cannot_accept_within_the_cooldown(
    make_addon, architect1, architect2, second_account
):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    with pytest.raises(ActionRefused, match="may act on gates from"):
        addon_accept(addon=addon, by=second_account, priority="P2")
    assert addon_accept(addon=addon, by=architect1, priority="P2").state == State.ACCEPTED


def test_the_review_page_says_why_the_fresh_account_may_not_sign_off(
    client, make_addon, second_account
):
    addon = make_addon(State.SUBMITTED)
    client.force_login(second_account)
    page = client.get(reverse("addon_review", args=[addon.addon_id])).content.decode()
    assert "may act on gates from" in page


def test_a_role_change_restarts_the_cooldown_of_an_old_account(
    make_addon, manager, architect1, architect2
):
    addon = make_addon(State.SUBMITTED)
    role_revoke(user=architect2, role=Role.ARCHITECT, by=manager)
    role_grant(user=architect2, role=Role.ARCHITECT, by=manager)
    architect2 = User.objects.get(pk=architect2.pk)
    reason = review_rules.sign_off.why_not(architect2, addon)
    assert reason is not None and "may act on gates from" in reason
    assert review_rules.sign_off.allows(architect1, addon)


@override_settings(ROLE_COOLDOWN_DAYS=7)
def test_the_cooldown_ends_after_its_days(make_addon, manager, architect1, second_account):
    addon = make_addon(State.SUBMITTED)
    User.objects.filter(pk=second_account.pk).update(date_joined=timezone.now() - timedelta(days=8))
    # The grant was today: the cooldown counts from the later of creation and last grant.
    assert not review_rules.sign_off.allows(User.objects.get(pk=second_account.pk), addon)
    with override_settings(ROLE_COOLDOWN_DAYS=0):
        assert review_rules.sign_off.allows(User.objects.get(pk=second_account.pk), addon)


@pytest.fixture
def manager_lead(manager):
    """The manager also holds the lead role (granted long ago by someone else)."""
    manager.groups.add(*manager.groups.model.objects.filter(name__in=[Role.LEAD, Role.SRE]))
    return User.objects.get(pk=manager.pk)


def test_a_manager_cannot_assign_himself_as_lead_or_engineer(make_addon, manager_lead, lead):
    addon = make_addon(State.ACCEPTED)
    team = Team.objects.get(slug="addon-sre")
    with pytest.raises(ActionRefused) as refused:
        addon_assign(
            addon=addon, by=manager_lead, sre_team=team, sre_lead=manager_lead, sprint_slot="S1"
        )
    assert refused.value.field_errors == {
        "sre_lead": "You assign this addon: choose someone else as its SRE lead."
    }
    with pytest.raises(ActionRefused) as refused:
        addon_assign(
            addon=addon,
            by=manager_lead,
            sre_team=team,
            sre_lead=lead,
            engineers=[manager_lead],
            sprint_slot="S1",
        )
    assert "engineers" in refused.value.field_errors
    addon.refresh_from_db()
    assert addon.state == State.ACCEPTED and addon.sre_lead is None
    assert not addon.events.filter(to_state=State.ASSIGNED).exists()


def test_the_assign_form_says_it_next_to_the_lead_field(client, make_addon, manager_lead):
    addon = make_addon(State.ACCEPTED)
    team = Team.objects.get(slug="addon-sre")
    team.members.add(manager_lead)
    client.force_login(manager_lead)
    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "assign"]),
        {
            "assign-seen_state": addon.state,
            "assign-sre_team": team.pk,
            "assign-sre_lead": manager_lead.pk,
            "assign-sprint_slot": "S1",
        },
        follow=True,
    )
    assert "You assign this addon: choose someone else as its SRE lead." in (
        response.content.decode()
    )
    addon.refresh_from_db()
    assert addon.state == State.ACCEPTED
