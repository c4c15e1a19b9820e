"""Comments and objections reach everyone else taking part in the review, never their author."""

import pytest
from django.core import mail

from onboarding.models import Notification, State, TimelineEvent
from onboarding.services.review import comment_post, objection_raise, objection_withdraw

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

OWNERS = {"owner@example.com", "ds@example.com"}
REVIEWERS = {"architect1@example.com", "architect2@example.com", "architect3@example.com"}


def _last(addon, kind):
    return TimelineEvent.objects.filter(addon=addon, kind=kind).order_by("-pk").first()


def test_a_comment_during_the_review_reaches_owners_and_reviewers_but_not_its_author(
    make_addon, architect1, outbox_of
):
    addon = make_addon(State.SUBMITTED)
    comment_post(addon=addon, by=architect1, body="Which namespace does the operator watch?")
    kind, to = outbox_of(_last(addon, TimelineEvent.Kind.COMMENT))
    assert kind == "comment"
    assert to == OWNERS | (REVIEWERS - {"architect1@example.com"}) | {"lead@example.com"}


def test_after_the_decision_a_comment_reaches_only_those_who_took_part(
    make_addon, owner, outbox_of
):
    # Accepted after architect1 and architect2 signed off; architect3 and the lead stayed out.
    addon = make_addon(State.ACCEPTED)
    comment_post(addon=addon, by=owner, body="Thanks, we start on the SOPs.")
    _, to = outbox_of(_last(addon, TimelineEvent.Kind.COMMENT))
    assert to == {"ds@example.com", "architect1@example.com", "architect2@example.com"}


def test_the_comment_mail_carries_the_comment(
    make_addon, architect1, django_capture_on_commit_callbacks
):
    addon = make_addon(State.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(addon=addon, by=architect1, body="Which namespace does it watch?")
    (message,) = mail.outbox
    assert message.subject == f"[{addon.addon_id}] {architect1} commented on {addon.name}"
    assert "Which namespace does it watch?" in message.body
    assert "architect1@example.com" not in message.to
    # Every mutable kind says what it is and where to turn it off.
    assert "Comments in a discussion you take part in: choose which kinds" in message.body
    assert "/account/notifications/" in message.alternatives[0][0]


def test_an_objection_and_its_withdrawal_reach_the_other_participants(
    make_addon, architect2, outbox_of
):
    addon = make_addon(State.SUBMITTED)
    objection_raise(addon=addon, by=architect2, note="No runbook for the data migration.")
    raised = _last(addon, TimelineEvent.Kind.OBJECTION)
    kind, to = outbox_of(raised)
    assert kind == "objection"
    others = OWNERS | (REVIEWERS - {"architect2@example.com"}) | {"lead@example.com"}
    assert to == others
    row = Notification.objects.get(event=raised)
    assert "No runbook for the data migration." in row.body
    assert "objected" in row.subject

    objection_withdraw(addon=addon, by=architect2)
    kind, to = outbox_of(_last(addon, TimelineEvent.Kind.OBJECTION))
    assert (kind, to) == ("objection", others)


def test_a_refused_comment_writes_no_notification(make_addon, architect1):
    from onboarding.errors import ActionRefused

    addon = make_addon(State.SUBMITTED)
    with pytest.raises(ActionRefused):
        comment_post(addon=addon, by=architect1, body="   ")
    assert not Notification.objects.filter(kind="comment").exists()
