"""Issue 13: the addon page says whom the addon as a whole waits on, whoever looks at it."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from onboarding.models import Addon, ChecklistItem, State
from tests.factories import AddonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _waiting_on(client, user, addon):
    client.force_login(user)
    html = client.get(addon.get_absolute_url()).content.decode()
    found = re.search(r'<p [^>]*data-testid="waiting-on">(.*?)</p>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def test_a_draft_waits_on_its_owners_with_the_count_of_missing_fields(
    client, owner_team, owner, manager
):
    addon = AddonFactory(team=owner_team, dependencies="", load_testing="")
    expected = (
        "Waits on the owner team (Data Science): fill in 2 missing intake fields, then submit the "
        "intake."
    )
    assert _waiting_on(client, owner, addon) == expected
    assert _waiting_on(client, manager, addon) == expected


def test_changes_requested_wait_on_the_owners(client, make_addon, architect1):
    addon = make_addon(State.CHANGES_REQUESTED)
    assert _waiting_on(client, architect1, addon) == (
        "Waits on the owner team (Data Science): "
        "make the requested changes, then resubmit the intake."
    )


def test_a_submitted_addon_waits_on_the_architects_until_the_quorum(
    client, make_addon, owner, architect1, architect2
):
    from tests.journey import sign_off

    addon = make_addon(State.SUBMITTED)
    assert _waiting_on(client, owner, addon) == (
        "Waits on the architects: 0 of 2 sign-offs in round 1."
    )
    sign_off(addon, architect1, architect2)
    assert _waiting_on(client, owner, addon) == (
        "Waits on an architect: accept or reject (the quorum of 2 sign-offs is met)."
    )


def test_accepted_and_assigned_addons_name_the_manager_then_the_lead(
    client, make_addon, owner, lead
):
    accepted = make_addon(State.ACCEPTED)
    assert _waiting_on(client, owner, accepted) == (
        "Waits on an Addon SRE manager: assign the addon to a lead and engineers."
    )
    assigned = make_addon(State.ASSIGNED)
    assert _waiting_on(client, owner, assigned) == f"Waits on {lead} (SRE lead): record the scope."


def test_onboarding_names_each_side_with_its_work(client, make_addon, owner, sre):
    addon = make_addon(State.ONBOARDING)
    owner_todo = ChecklistItem.objects.filter(addon=addon, side="owner").count()
    sre_todo = ChecklistItem.objects.filter(addon=addon, side="sre").count()
    assert _waiting_on(client, sre, addon) == (
        "Waits on the owner team (Data Science): the stage deploy date, "
        f"{owner_todo} checklist items to do, the SLOs, the SOPs; "
        f"the assigned Addon SRE: {sre_todo} checklist items to do."
    )


def test_the_transition_period_waits_on_the_window_with_its_end_date(client, make_addon, sre):
    addon = make_addon(State.TRANSITION)
    started = timezone.now() - timedelta(days=10)
    Addon.objects.filter(pk=addon.pk).update(transition_started_at=started)
    ends = timezone.localtime(started + timedelta(days=28))
    assert _waiting_on(client, sre, addon).endswith(
        f"; the SLO window: it elapses on {ends.day} {ends:%b %Y}."
    )


def test_a_transitioned_addon_waits_on_its_handover_until_merged_and_verified(
    client, make_addon, owner
):
    from onboarding.models import Handover

    addon = make_addon(State.TRANSITIONED)
    handover = Handover.objects.get(addon=addon)
    handover.status, handover.escalation_policy_id = Handover.Status.REQUESTED, "PSRE247"
    handover.save()
    assert _waiting_on(client, owner, addon) == (
        "Waits on the pager handover: The owners' team (Data Science) carries the pager: the "
        "handover merge request is open; Addon SRE takes it once the merge request is merged "
        "and verified."
    )
    handover.status, handover.verification = Handover.Status.DONE, Handover.Verification.VERIFIED
    handover.save()
    assert _waiting_on(client, owner, addon) == (
        "Waits on no one: Addon SRE carries the pager (merged and verified)."
    )


def test_the_change_request_is_quoted_with_its_author_on_both_pages(client, make_addon, owner):
    addon = make_addon(State.CHANGES_REQUESTED)
    event = addon.events.filter(to_state=State.CHANGES_REQUESTED).get()
    client.force_login(owner)
    when = timezone.localtime(event.created_at)
    quoted = f"— {event.actor}, {when.day} {when:%b %Y}"
    for url in (addon.get_absolute_url(), "/"):
        html = unescape(client.get(url).content.decode())
        quote = re.search(r'data-testid="step-quote">(.*?)</figure>', html, re.S).group(1)
        assert "Please add the capacity forecast for the next year." in quote
        assert quoted in quote


def _window_ended_without_data(make_addon):
    """A transition whose window elapsed, its gate passed and SOP approved, and whose one SLO
    never received data: completing is blocked until the owners send it."""
    from onboarding.models import SLO, SOP
    from tests.journey import pass_gate

    addon = make_addon(State.TRANSITION)
    Addon.objects.filter(pk=addon.pk).update(
        transition_started_at=timezone.now() - timedelta(days=29)
    )
    pass_gate(addon, "handover")
    SOP.objects.create(
        addon=addon, title="Disk full", url="https://sops.example.com/d", status="approved"
    )
    addon.slos.all().delete()
    SLO.objects.create(
        addon=addon,
        name="latency",
        sli_type=SLO.SLIType.LATENCY,
        description="Requests under 300 ms",
        objective="99.000",
        review=SLO.Review.APPROVED,
    )
    return addon


def test_after_a_window_without_data_the_addon_waits_on_the_owners_not_on_completion(
    client, make_addon, owner, sre
):
    addon = _window_ended_without_data(make_addon)
    said = _waiting_on(client, sre, addon)
    assert "complete the transition" not in said
    assert "the owner team (Data Science): SLO data for latency" in said
    assert _waiting_on(client, owner, addon) == said


def test_onboarding_waits_on_the_owners_for_the_metadata_production_approval_needs(
    client, make_addon, owner, sre
):
    from onboarding.models import AddonMetadata

    addon = make_addon(State.ONBOARDING)
    assert "managed-tenants metadata" not in _waiting_on(client, sre, addon)
    AddonMetadata.objects.filter(addon=addon).delete()
    said = _waiting_on(client, sre, addon)
    owners = said.split(";")[0]
    assert owners.startswith("Waits on the owner team (Data Science):")
    assert "the managed-tenants metadata" in owners
