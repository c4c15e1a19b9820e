"""Muted kinds are left out when a notification is queued; mailing lists and reminders stay."""

import pytest

from onboarding.errors import ActionRefused
from onboarding.models import Notification, NotificationPreference, State, Team, TimelineEvent
from onboarding.services import transitions as t
from onboarding.services.notification_preferences import notification_preference_save
from onboarding.services.reminders import weekly_digest_send
from onboarding.services.review import comment_post
from onboarding.services.sops import sop_review

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _assign(addon, personas):
    t.addon_assign(
        addon=addon,
        by=personas["manager"],
        sre_team=Team.objects.get(slug="addon-sre"),
        sre_lead=personas["lead"],
        engineers=[personas["sre"]],
        sprint_slot="2026-S30",
    )
    return TimelineEvent.objects.filter(addon=addon, payload__transition="assign").get()


def test_assignment_reaches_lead_engineers_and_owners_as_its_own_kind(
    make_addon, personas, outbox_of
):
    event = _assign(make_addon(State.ACCEPTED), personas)
    assert outbox_of(event) == (
        "assignment",
        {"lead@example.com", "sre@example.com", "owner@example.com", "ds@example.com"},
    )


def test_a_muted_kind_skips_that_person_and_still_reaches_the_others(
    make_addon, personas, outbox_of
):
    notification_preference_save(user=personas["lead"], muted_kinds=["assignment"])
    event = _assign(make_addon(State.ACCEPTED), personas)
    assert outbox_of(event) == (
        "assignment",
        {"sre@example.com", "owner@example.com", "ds@example.com"},
    )


def test_muting_one_kind_leaves_the_others_coming(make_addon, personas, outbox_of):
    notification_preference_save(user=personas["owner"], muted_kinds=["objection", "assignment"])
    addon = make_addon(State.SUBMITTED)
    comment_post(addon=addon, by=personas["architect1"], body="A question.")
    _, to = outbox_of(TimelineEvent.objects.get(addon=addon, kind="comment"))
    assert "owner@example.com" in to


def test_the_team_mailing_list_is_no_person_and_is_never_muted(make_addon, personas, outbox_of):
    notification_preference_save(user=personas["owner"], muted_kinds=["comment"])
    addon = make_addon(State.SUBMITTED)
    comment_post(addon=addon, by=personas["architect1"], body="A question.")
    _, to = outbox_of(TimelineEvent.objects.get(addon=addon, kind="comment"))
    assert "owner@example.com" not in to
    assert {"ds@example.com", "architect2@example.com", "lead@example.com"} <= to


def test_when_everybody_muted_the_kind_no_outbox_row_is_written(make_addon, personas):
    addon = make_addon(State.TRANSITION)
    Team.objects.filter(pk=addon.team_id).update(mailing_list="")
    notification_preference_save(user=personas["owner"], muted_kinds=["review_changes_requested"])
    sop = addon.sops.create(title="Pod down", url="https://sops.example.com/p")
    sop_review(sop=sop, by=personas["sre"], approve=False, comment="Add the escalation path.")
    event = TimelineEvent.objects.filter(addon=addon, kind="sop").latest("pk")
    assert "changes requested" in event.message
    assert not Notification.objects.filter(event=event).exists()


def test_reminders_and_the_digest_cannot_be_muted(personas):
    with pytest.raises(ActionRefused) as refused:
        notification_preference_save(user=personas["manager"], muted_kinds=["reminder"])
    assert "cannot be muted" in refused.value.field_errors["wanted"]
    # Even a preference written behind the service's back does not hold the digest back.
    NotificationPreference.objects.create(user=personas["manager"], muted_kinds=["reminder"])
    digest = weekly_digest_send()
    assert digest.kind == "reminder"
    assert digest.recipients == ["manager@example.com"]
