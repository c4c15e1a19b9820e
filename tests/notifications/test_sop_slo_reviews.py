"""SOP and SLO reviews: a new or changed one reaches the assigned Addon SRE; one sent back
with changes requested reaches the owner team with the reviewer's comment."""

from decimal import Decimal

import pytest

from onboarding.models import SOP, Notification, State, TimelineEvent
from onboarding.services.slos import slo_create, slo_review, slo_update
from onboarding.services.sops import sop_create, sop_resubmit, sop_review

ASSIGNED = {"lead@example.com", "sre@example.com"}

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def in_transition(make_addon):
    return make_addon(State.TRANSITION)


def _review_event(addon, kind):
    return TimelineEvent.objects.filter(addon=addon, kind=kind).order_by("-pk").first()


def test_sop_changes_requested_mail_the_owner_team_with_the_comment(in_transition, sre, outbox_of):
    sop = SOP.objects.create(
        addon=in_transition, title="Pod down", url="https://sops.example.com/p"
    )
    sop_review(sop=sop, by=sre, approve=False, comment="Add the escalation path.")
    event = _review_event(in_transition, TimelineEvent.Kind.SOP)
    kind, to = outbox_of(event)
    assert (kind, to) == ("review_changes_requested", {"owner@example.com", "ds@example.com"})
    row = Notification.objects.get(event=event)
    assert row.subject == f"[{in_transition.addon_id}] Changes requested on the SOP Pod down"
    assert "Add the escalation path." in row.body
    assert "resubmit it on the addon's SOPs page" in row.body


def test_slo_changes_requested_mail_the_owner_team_with_the_comment(in_transition, sre, outbox_of):
    slo = in_transition.slos.first()
    slo_review(slo=slo, by=sre, approve=False, comment="Count 5xx as bad, not only timeouts.")
    event = _review_event(in_transition, TimelineEvent.Kind.SLO)
    kind, to = outbox_of(event)
    assert (kind, to) == ("review_changes_requested", {"owner@example.com", "ds@example.com"})
    row = Notification.objects.get(event=event)
    assert f"Changes requested on the SLO {slo.name}" in row.subject
    assert "Count 5xx as bad, not only timeouts." in row.body


def test_an_approval_mails_nobody(in_transition, sre):
    sop = SOP.objects.create(
        addon=in_transition, title="Pod down", url="https://sops.example.com/p"
    )
    sop_review(sop=sop, by=sre, approve=True)
    slo_review(slo=in_transition.slos.first(), by=sre, approve=True)
    assert not Notification.objects.filter(kind="review_changes_requested").exists()


def test_a_listed_and_a_resubmitted_sop_wait_for_the_assigned_sre(
    in_transition, owner, sre, outbox_of
):
    sop = sop_create(
        addon=in_transition, by=owner, title="Pod down", url="https://sops.example.com/p"
    )
    listed = _review_event(in_transition, TimelineEvent.Kind.SOP)
    assert outbox_of(listed) == ("review_requested", ASSIGNED)
    assert Notification.objects.get(event=listed).subject == (
        f"[{in_transition.addon_id}] For your review: the SOP Pod down"
    )
    sop_review(sop=sop, by=sre, approve=False, comment="Add the escalation path.")
    sop_resubmit(sop=sop, by=owner, title="Pod down", url="https://sops.example.com/p2")
    resubmitted = _review_event(in_transition, TimelineEvent.Kind.SOP)
    assert "resubmitted" in resubmitted.message
    assert outbox_of(resubmitted) == ("review_requested", ASSIGNED)


def test_a_new_slo_and_one_changed_in_the_window_wait_for_the_assigned_sre(
    in_transition, owner, outbox_of
):
    slo = slo_create(
        addon=in_transition,
        by=owner,
        data={
            "name": "api-latency",
            "sli_type": "latency",
            "description": "Requests under 300 ms",
            "objective": Decimal("99.0"),
            "window_days": 28,
            "document_url": "",
            "dashboard_url": "",
            "source": "pushed",
            "good_query": "",
            "total_query": "",
        },
    )
    assert outbox_of(_review_event(in_transition, TimelineEvent.Kind.SLO)) == (
        "review_requested",
        ASSIGNED,
    )
    slo_update(slo=slo, by=owner, data={"objective": Decimal("99.5")})
    changed = _review_event(in_transition, TimelineEvent.Kind.SLO)
    assert "back to Addon SRE review" in changed.message
    assert outbox_of(changed) == ("review_requested", ASSIGNED)
    assert "99.5" in Notification.objects.get(event=changed).body
