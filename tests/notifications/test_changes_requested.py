"""An SOP or SLO sent back with changes requested: the owner team gets the reviewer's comment."""

import pytest

from onboarding.models import SOP, Notification, State, TimelineEvent
from onboarding.services.slos import slo_review
from onboarding.services.sops import sop_review

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
