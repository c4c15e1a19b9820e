"""Sign-offs, objections, the discussion and the decision on the review page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.models import Comment, PortalSettings, SignOff, State, TimelineEvent
from onboarding.services import review as r
from onboarding.services.intake import intake_update
from onboarding.services.transitions import addon_accept, addon_resubmit

pytestmark = pytest.mark.django_db


def _act(client, addon, action, **data):
    return client.post(reverse("addon_review_action", args=[addon.addon_id, action]), data)


def _accept(client, addon, priority="P2"):
    return client.post(
        reverse("addon_transition", args=[addon.addon_id, "accept"]),
        {"accept-seen_state": addon.state, "accept-priority": priority},
        follow=True,
    )


def test_architect_signs_off_once_with_a_timeline_event(client, make_addon, architect1):
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    _act(client, addon, "sign-off", **{"signoff-note": "Looks sound."})
    signoff = SignOff.objects.get(addon=addon)
    assert signoff.architect == architect1 and signoff.intake_revision == 1
    event = addon.events.filter(kind=TimelineEvent.Kind.SIGNOFF).get()
    assert "signed off" in event.message and event.actor == architect1
    response = client.post(
        reverse("addon_review_action", args=[addon.addon_id, "sign-off"]), follow=True
    )
    assert "You have already signed off review round 1" in response.content.decode()
    assert SignOff.objects.filter(addon=addon).count() == 1


def test_architect_cannot_accept_without_quorum(client, make_addon, architect1, architect2):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    client.force_login(architect1)
    response = _accept(client, addon)
    assert "Needs sign-off from 2 architects; has 1." in response.content.decode()
    addon.refresh_from_db()
    assert addon.state == State.SUBMITTED and addon.priority == ""


def test_two_sign_offs_of_two_accept_with_the_priority(client, make_addon, architect1, architect2):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    client.force_login(architect1)
    _accept(client, addon, "P2")
    addon.refresh_from_db()
    assert addon.state == State.ACCEPTED and addon.priority == "P2"


def test_the_quorum_setting_changes_the_rule(make_addon, architect1, architect2, architect3):
    settings = PortalSettings.load()
    settings.signoff_quorum = 3
    settings.save()
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    with pytest.raises(ActionRefused, match="Needs sign-off from 3 architects; has 2."):
        addon_accept(addon=addon, by=architect1, priority="P3")
    r.signoff_give(addon=addon, by=architect3)
    assert addon_accept(addon=addon, by=architect1, priority="P3").state == State.ACCEPTED


def test_sign_offs_go_stale_after_a_changed_resubmit(
    client, make_addon, owner, architect1, architect2
):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    from onboarding.services.transitions import addon_request_changes

    addon = addon_request_changes(addon=addon, by=architect1, comment="Add the DR plan.")
    addon, changed = intake_update(
        addon=addon, by=owner, fields={"continuity_plan": "Hourly backups; DR in a 2nd region."}
    )
    assert changed == ["continuity / backup plan"] and addon.intake_revision == 1
    addon = addon_resubmit(addon=addon, by=owner)
    assert addon.intake_revision == 2
    assert addon.signoffs.current().count() == 0
    with pytest.raises(ActionRefused, match="has 0"):
        addon_accept(addon=addon, by=architect1, priority="P2")
    client.force_login(architect1)
    page = client.get(reverse("addon_review", args=[addon.addon_id])).content.decode()
    assert page.count(">stale</span>") == 2
    assert "Sign-offs: 0 of 2" in page
    # Signing the new revision replaces the stale sign-off.
    _act(client, addon, "sign-off")
    assert addon.signoffs.current().get().architect == architect1
    assert addon.signoffs.active().count() == 2


def test_architect_cannot_sign_off_an_addon_of_their_own_team(
    client, make_addon, architect1, owner_team
):
    owner_team.members.add(architect1)
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    response = client.post(
        reverse("addon_review_action", args=[addon.addon_id, "sign-off"]), follow=True
    )
    assert "cannot sign off an addon of their own team" in response.content.decode()
    assert not SignOff.objects.exists()


@pytest.mark.parametrize("persona", ["owner", "lead", "sre", "manager"])
def test_only_architects_sign_off(client, make_addon, personas, persona):
    addon = make_addon(State.SUBMITTED)
    client.force_login(personas[persona])
    assert _act(client, addon, "sign-off").status_code == 403
    assert _act(client, addon, "object", **{"objection-note": "No."}).status_code == 403
    assert not SignOff.objects.exists()


@pytest.mark.parametrize("state", [State.DRAFT, State.CHANGES_REQUESTED, State.ACCEPTED])
def test_sign_off_is_refused_outside_submitted(make_addon, architect3, state):
    addon = make_addon(state)
    with pytest.raises(ActionRefused, match="while the intake is submitted"):
        r.signoff_give(addon=addon, by=architect3)


def test_other_teams_owner_gets_404_on_the_review_page(client, make_addon, owner2):
    addon = make_addon(State.SUBMITTED)
    client.force_login(owner2)
    assert client.get(reverse("addon_review", args=[addon.addon_id])).status_code == 404
    assert _act(client, addon, "comment", body="hi").status_code == 404


def test_sign_off_is_withdrawable_until_the_decision(client, make_addon, architect1, architect3):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect3)
    client.force_login(architect3)
    _act(client, addon, "withdraw-sign-off")
    assert addon.signoffs.active().count() == 0
    assert addon.events.filter(kind="signoff", payload__action="withdraw_sign_off").exists()
    accepted = make_addon(State.ACCEPTED)
    with pytest.raises(ActionRefused, match="review is decided"):
        r.signoff_withdraw(addon=accepted, by=architect1)


def test_open_objection_blocks_accept_until_withdrawn(
    make_addon, architect1, architect2, architect3
):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    with pytest.raises(ActionRefused, match="Say what you object to"):
        r.objection_raise(addon=addon, by=architect3, note="  ")
    r.objection_raise(addon=addon, by=architect3, note="No DR plan.")
    with pytest.raises(ActionRefused, match="1 architect objection"):
        addon_accept(addon=addon, by=architect1, priority="P2")
    r.objection_withdraw(addon=addon, by=architect3)
    assert addon_accept(addon=addon, by=architect1, priority="P2").state == State.ACCEPTED


def test_comments_are_escaped_and_keep_line_breaks(client, make_addon, owner, architect1):
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    _act(client, addon, "comment", body="<script>alert(1)</script>\nsecond line")
    client.force_login(owner)
    _act(client, addon, "comment", body="Answer from the owners.")
    page = client.get(reverse("addon_review", args=[addon.addon_id])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert '<div class="comment-body">&lt;script&gt;alert(1)&lt;/script&gt;\nsecond line' in page
    assert "Answer from the owners." in page
    assert addon.events.filter(kind=TimelineEvent.Kind.COMMENT).count() == 2


def test_empty_comment_is_refused_next_to_the_field(client, make_addon, architect1):
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    response = _act(client, addon, "comment", body="   ")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("persona", ["sre", "manager"])
def test_sre_and_manager_may_not_comment(client, make_addon, personas, persona):
    addon = make_addon(State.SUBMITTED)
    client.force_login(personas[persona])
    assert _act(client, addon, "comment", body="hi").status_code == 403
    assert not Comment.objects.exists()


def test_comments_are_refused_on_a_draft(make_addon, owner):
    addon = make_addon(State.DRAFT)
    with pytest.raises(ActionRefused, match="discussion is open"):
        r.comment_post(addon=addon, by=owner, body="hello")


def test_lead_concurs_once_per_revision(client, make_addon, lead, architect1):
    addon = make_addon(State.SUBMITTED)
    client.force_login(lead)
    _act(client, addon, "concur", **{"concur-note": "Addon SRE can take it in Q3."})
    event = addon.events.get(kind=TimelineEvent.Kind.CONCURRENCE)
    assert event.actor == lead and "Q3" in event.message
    with pytest.raises(ActionRefused, match="already concurred"):
        r.concurrence_give(addon=addon, by=lead)
    with pytest.raises(PermissionDenied):
        r.concurrence_give(addon=addon, by=architect1)
    draft = make_addon(State.DRAFT)
    with pytest.raises(ActionRefused, match="while the intake is submitted"):
        r.concurrence_give(addon=draft, by=lead)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("accept", {"accept-priority": "P2"}),
        ("reject", {"reject-rationale": "No."}),
        ("request_changes", {"request_changes-comment": "More."}),
    ],
)
@pytest.mark.parametrize("persona", ["owner", "sre", "manager"])
def test_decisions_are_refused_for_the_wrong_role(
    client, make_addon, personas, name, data, persona
):
    addon = make_addon(State.SUBMITTED)
    client.force_login(personas[persona])
    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, name]),
        {f"{name}-seen_state": "submitted", **data},
    )
    assert response.status_code == 403
    addon.refresh_from_db()
    assert addon.state == State.SUBMITTED


@pytest.mark.parametrize("name", ["accept", "reject"])
def test_decisions_are_refused_in_the_wrong_state(make_addon, architect1, name):
    addon = make_addon(State.DRAFT)
    from onboarding.services.transitions import SERVICES

    kwargs = {"priority": "P2"} if name == "accept" else {"rationale": "No."}
    with pytest.raises(ActionRefused, match="Not possible while the addon is draft"):
        SERVICES[name](addon=addon, by=architect1, **kwargs)


def test_review_page_offers_accept_with_priority_once_the_quorum_is_there(
    client, make_addon, architect1, architect2, architect3
):
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    page = client.get(reverse("addon_review", args=[addon.addon_id])).content.decode()
    assert "Needs sign-off from 2 architects; has 0." in page
    assert 'data-action="accept"' not in page
    assert 'data-action="reject"' in page and 'data-action="request_changes"' in page
    assert 'data-action="sign-off"' in page and 'data-action="comment"' in page
    r.signoff_give(addon=addon, by=architect2)
    r.signoff_give(addon=addon, by=architect3)
    page = client.get(reverse("addon_review", args=[addon.addon_id])).content.decode()
    assert 'data-action="accept"' in page and 'name="accept-priority"' in page


def test_review_page_with_the_accept_form_does_not_say_nothing_waits(
    client, make_addon, architect1, architect2, architect3
):
    """The review page shows the same "Your next steps" card as the addon page: the Accept
    form and the accept step, never "Nothing waits on you here" under them."""
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect2)
    r.signoff_give(addon=addon, by=architect3)
    client.force_login(architect1)
    page = client.get(reverse("addon_review", args=[addon.addon_id])).content.decode()
    card = page[page.index('id="actions-h"') :]
    assert 'data-action="accept"' in card
    assert 'data-kind="accept"' in card  # the step, as on the addon page
    assert "Nothing waits on you" not in page
