"""Review rounds (issue 13): each submit opens a round; only the current round's sign-offs count."""

import pytest
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.models import ReviewRound, State
from onboarding.services import review as r
from onboarding.services import transitions as t
from onboarding.services.intake import intake_update


def test_reject_reopen_edit_submit_needs_a_fresh_quorum(make_addon, owner, architect1, architect2):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    addon = t.addon_reject(addon=addon, by=architect1, rationale="Not yet.")
    addon = t.addon_reopen(addon=addon, by=owner)
    addon, _ = intake_update(addon=addon, by=owner, fields={"load_testing": "1,000 users."})
    addon = t.addon_submit(addon=addon, by=owner)
    assert addon.intake_revision == 2
    with pytest.raises(ActionRefused, match="has 0"):
        t.addon_accept(addon=addon, by=architect1, priority="P2")
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    assert t.addon_accept(addon=addon, by=architect1, priority="P2").state == State.ACCEPTED


def test_withdraw_reopen_submit_without_edits_also_starts_afresh(
    make_addon, owner, architect1, architect2
):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    addon = t.addon_withdraw(addon=addon, by=owner, reason="Re-planning.")
    addon = t.addon_submit(addon=t.addon_reopen(addon=addon, by=owner), by=owner)
    with pytest.raises(ActionRefused, match="has 0"):
        t.addon_accept(addon=addon, by=architect1, priority="P2")
    assert list(addon.review_rounds.values_list("number", flat=True)) == [1, 2]


def test_an_objection_of_an_earlier_round_no_longer_blocks(
    make_addon, owner, architect1, architect2, architect3
):
    addon = make_addon(State.SUBMITTED)
    r.objection_raise(addon=addon, by=architect3, note="No DR plan.")
    addon = t.addon_request_changes(addon=addon, by=architect3, comment="Add the DR plan.")
    addon, _ = intake_update(addon=addon, by=owner, fields={"continuity_plan": "Hourly."})
    addon = t.addon_resubmit(addon=addon, by=owner)
    assert not addon.signoffs.open_objections().exists()
    # The objector may now sign off the new round; their old objection gives way.
    r.signoff_give(addon=addon, by=architect3)
    r.signoff_give(addon=addon, by=architect1)
    assert t.addon_accept(addon=addon, by=architect1, priority="P3").state == State.ACCEPTED


def test_a_concurrence_belongs_to_its_round(make_addon, owner, lead, architect1):
    addon = make_addon(State.SUBMITTED)
    r.concurrence_give(addon=addon, by=lead)
    with pytest.raises(ActionRefused, match="already concurred in review round 1"):
        r.concurrence_give(addon=addon, by=lead)
    addon = t.addon_request_changes(addon=addon, by=architect1, comment="More detail.")
    addon = t.addon_resubmit(addon=addon, by=owner)
    assert r.concurrence_give(addon=addon, by=lead).payload["intake_revision"] == 2


def test_the_review_page_shows_the_round_and_what_changed(client, make_addon, owner, architect1):
    addon = make_addon(State.SUBMITTED)
    addon = t.addon_request_changes(addon=addon, by=architect1, comment="Forecast please.")
    before = addon.capacity_forecast
    addon, _ = intake_update(
        addon=addon, by=owner, fields={"capacity_forecast": "Doubling in 2027."}
    )
    addon = t.addon_resubmit(addon=addon, by=owner)
    [first, second] = ReviewRound.objects.filter(addon=addon)
    assert first.intake["capacity_forecast"] == before
    assert second.intake["capacity_forecast"] == "Doubling in 2027."
    client.force_login(architect1)
    page = client.get(reverse("addon_review", args=[addon.addon_id])).content.decode()
    assert "review round 2" in page and "Changed since round 1" in page
    table = page[page.index('data-testid="round-changes"') :]
    table = table[: table.index("</table>")]
    assert "Capacity forecast" in table and "Doubling in 2027." in table and before in table
    assert "Load testing" not in table  # unchanged fields are not listed


def test_an_architect_of_the_owner_team_is_not_offered_the_sign_off(
    client, make_addon, owner_team, architect1
):
    owner_team.members.add(architect1)
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    page = client.get(reverse("addon_review", args=[addon.addon_id])).content.decode()
    assert 'data-action="sign-off"' not in page
    assert "an architect cannot sign off an addon of their own team" in page
