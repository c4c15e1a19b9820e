import pytest
from django.core.exceptions import PermissionDenied

from onboarding.errors import ActionRefused
from onboarding.models import ChecklistItem, State, TimelineEvent
from onboarding.services import checklist as c

Status = ChecklistItem.Status
EVIDENCE = "https://docs.example.com/dr-plan"


def events(addon):
    return list(TimelineEvent.objects.filter(addon=addon, kind__in=["checklist", "waiver"]))


def set_status(item, status, **fields):
    ChecklistItem.objects.filter(pk=item.pk).update(status=status, **fields)
    item.refresh_from_db()
    return item


def test_owner_marks_owner_item_done_with_evidence(onboarding_addon, item_of, owner):
    item = c.item_mark_done(item=item_of("CONT-2"), by=owner, evidence_url=EVIDENCE, notes="Drill")
    assert (item.status, item.done_by, item.evidence_url, item.notes) == (
        Status.DONE,
        owner,
        EVIDENCE,
        "Drill",
    )
    assert item.done_at is not None
    [event] = events(onboarding_addon)
    assert event.kind == "checklist" and event.actor == owner
    assert event.payload.items() >= {"item": "CONT-2", "from": "todo", "to": "done"}.items()


@pytest.mark.parametrize("evidence", ["", "   ", "docs.example.com/x", "ftp://x.example.com/a"])
def test_evidence_url_is_required_where_the_item_says_so(
    onboarding_addon, item_of, owner, evidence
):
    with pytest.raises(ActionRefused) as refusal:
        c.item_mark_done(item=item_of("CONT-2"), by=owner, evidence_url=evidence)
    assert "evidence_url" in refusal.value.field_errors
    assert item_of("CONT-2").status == Status.TO_DO
    assert events(onboarding_addon) == []


def test_item_without_evidence_requirement_is_done_without_url(item_of, owner):
    assert c.item_mark_done(item=item_of("INC-1"), by=owner).status == Status.DONE


@pytest.mark.parametrize("persona", ["sre", "lead", "owner2", "architect1", "manager"])
def test_only_the_owner_side_marks_owner_items_done(item_of, personas, persona):
    with pytest.raises(PermissionDenied):
        c.item_mark_done(item=item_of("INC-1"), by=personas[persona])
    assert item_of("INC-1").status == Status.TO_DO


def test_assigned_sre_marks_sre_items_done_and_owner_cannot(item_of, owner, sre):
    with pytest.raises(PermissionDenied):
        c.item_mark_done(item=item_of("RELI-5"), by=owner)
    assert c.item_mark_done(item=item_of("RELI-5"), by=sre).done_by == sre


def test_sre_not_assigned_to_the_addon_cannot_act(item_of, sre, onboarding_addon):
    onboarding_addon.engineers.clear()
    with pytest.raises(PermissionDenied):
        c.item_mark_done(item=item_of("RELI-5"), by=sre)


def test_done_item_cannot_be_marked_done_again(item_of, owner):
    item = c.item_mark_done(item=item_of("INC-1"), by=owner)
    with pytest.raises(ActionRefused):
        c.item_mark_done(item=item, by=owner)


def test_assigned_sre_verifies_a_done_item(onboarding_addon, item_of, owner, sre):
    item = c.item_mark_done(item=item_of("INC-1"), by=owner)
    item = c.item_verify(item=item, by=sre)
    assert (item.status, item.verified_by) == (Status.VERIFIED, sre)
    assert len(events(onboarding_addon)) == 2


@pytest.mark.parametrize("persona", ["owner", "owner2", "architect1", "manager"])
def test_only_addon_sre_verifies(item_of, personas, persona):
    item = set_status(item_of("INC-1"), Status.DONE)
    with pytest.raises(PermissionDenied):
        c.item_verify(item=item, by=personas[persona])
    assert item_of("INC-1").status == Status.DONE


@pytest.mark.parametrize("status", [Status.TO_DO, Status.VERIFIED, Status.WAIVER_REQUESTED])
def test_verify_needs_a_done_item(item_of, sre, status):
    item = set_status(item_of("INC-1"), status)
    with pytest.raises(ActionRefused):
        c.item_verify(item=item, by=sre)
    assert item_of("INC-1").status == status


def test_sre_reopens_a_verified_item_with_a_reason(onboarding_addon, item_of, owner, sre):
    item = c.item_verify(item=c.item_mark_done(item=item_of("INC-1"), by=owner), by=sre)
    item = c.item_reopen(item=item, by=sre, reason="The mailing list bounces.")
    assert (item.status, item.reopen_reason, item.verified_by, item.done_by) == (
        Status.TO_DO,
        "The mailing list bounces.",
        None,
        None,
    )
    assert events(onboarding_addon)[0].payload["reason"] == "The mailing list bounces."


def test_reopen_needs_a_reason(item_of, sre):
    item = set_status(item_of("INC-1"), Status.VERIFIED)
    with pytest.raises(ActionRefused) as refusal:
        c.item_reopen(item=item, by=sre, reason=" ")
    assert "reason" in refusal.value.field_errors
    assert item_of("INC-1").status == Status.VERIFIED


def test_owner_reopens_own_done_item_but_not_a_verified_one(item_of, owner):
    item = set_status(item_of("INC-1"), Status.DONE)
    assert c.item_reopen(item=item, by=owner, reason="Wrong list").status == Status.TO_DO
    item = set_status(item_of("INC-3"), Status.VERIFIED)
    with pytest.raises(PermissionDenied):
        c.item_reopen(item=item, by=owner, reason="Changed my mind")


def test_todo_item_cannot_be_reopened(item_of, sre):
    with pytest.raises(ActionRefused):
        c.item_reopen(item=item_of("INC-1"), by=sre, reason="Why not")


def test_owner_requests_a_waiver_that_the_lead_approves(onboarding_addon, item_of, owner, lead):
    item = c.item_request_waiver(item=item_of("RELI-4"), by=owner, justification="No TLS")
    assert (item.status, item.waiver_requested_by) == (Status.WAIVER_REQUESTED, owner)
    item = c.item_decide_waiver(item=item, by=lead, approve=True)
    assert (item.status, item.waiver_decided_by) == (Status.WAIVED, lead)
    kinds = [e.kind for e in events(onboarding_addon)]
    assert kinds == ["waiver", "waiver"]


def test_sre_may_request_a_waiver(item_of, sre):
    item = c.item_request_waiver(item=item_of("RELI-4"), by=sre, justification="Not applicable")
    assert item.status == Status.WAIVER_REQUESTED


def test_waiver_needs_a_justification(item_of, owner):
    with pytest.raises(ActionRefused) as refusal:
        c.item_request_waiver(item=item_of("RELI-4"), by=owner, justification="")
    assert "justification" in refusal.value.field_errors


@pytest.mark.parametrize("persona", ["owner2", "architect1", "manager"])
def test_outsiders_cannot_request_a_waiver(item_of, personas, persona):
    with pytest.raises(PermissionDenied):
        c.item_request_waiver(item=item_of("RELI-4"), by=personas[persona], justification="x")


@pytest.mark.parametrize("persona", ["sre", "owner", "manager"])
def test_only_the_assigned_lead_decides_a_waiver(item_of, personas, persona):
    item = set_status(item_of("RELI-4"), Status.WAIVER_REQUESTED)
    with pytest.raises(PermissionDenied):
        c.item_decide_waiver(item=item, by=personas[persona], approve=True)
    assert item_of("RELI-4").status == Status.WAIVER_REQUESTED


def test_refused_waiver_needs_a_reason_and_returns_the_item(item_of, owner, lead):
    item = c.item_request_waiver(item=item_of("RELI-4"), by=owner, justification="No TLS")
    with pytest.raises(ActionRefused):
        c.item_decide_waiver(item=item, by=lead, approve=False, reason="")
    item = c.item_decide_waiver(item=item, by=lead, approve=False, reason="Customers bring certs")
    assert (item.status, item.reopen_reason) == (Status.TO_DO, "Customers bring certs")


def test_refused_waiver_on_a_done_item_returns_it_to_done(item_of, owner, lead):
    item = c.item_mark_done(item=item_of("INC-1"), by=owner)
    item = c.item_request_waiver(item=item, by=owner, justification="Covered by the team list")
    item = c.item_decide_waiver(item=item, by=lead, approve=False, reason="Keep it")
    assert item.status == Status.DONE


def test_waiver_can_only_be_decided_when_requested(item_of, lead):
    with pytest.raises(ActionRefused):
        c.item_decide_waiver(item=item_of("RELI-4"), by=lead, approve=True)


def test_checklist_is_frozen_outside_onboarding_and_transition(make_addon, owner):
    addon = make_addon(State.ONBOARDING)
    item = ChecklistItem.objects.get(addon=addon, key="INC-1")
    type(addon).objects.filter(pk=addon.pk).update(state=State.TRANSITIONED)
    with pytest.raises(ActionRefused, match="only change while"):
        c.item_mark_done(item=item, by=owner)
    assert events(addon) == []


def test_checklist_works_during_the_transition_period(make_addon, owner):
    addon = make_addon(State.TRANSITION)
    item = ChecklistItem.objects.get(addon=addon, key="RELI-9")
    item = c.item_mark_done(item=item, by=owner, evidence_url="https://perf.example.com/run/1")
    assert item.status == Status.DONE
