from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from onboarding.models import Notification, PortalSettings
from onboarding.tasks import deliver_pending_notifications, send_reminders, send_weekly_digest
from tests.factories import AddonFactory

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


@pytest.fixture
def thresholds(db):
    PortalSettings.objects.update_or_create(
        pk=1, defaults={"review_sla_days": 5, "stuck_after_days": 30}
    )


def test_architects_are_reminded_of_reviews_past_the_sla(
    thresholds, owner_team, architect1, architect2, django_capture_on_commit_callbacks
):
    now = timezone.now()
    AddonFactory(
        team=owner_team,
        addon_id="late",
        name="Late",
        state="submitted",
        state_changed_at=now - 6 * DAY,
    )
    AddonFactory(
        team=owner_team,
        addon_id="fresh",
        name="Fresh",
        state="submitted",
        state_changed_at=now - 2 * DAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
    [message] = mail.outbox
    assert sorted(message.to) == ["architect1@example.com", "architect2@example.com"]
    assert "Late (late)" in message.body and "fresh" not in message.body


def test_responsible_people_of_stuck_addons_are_reminded(
    thresholds, make_addon, django_capture_on_commit_callbacks
):
    addon = make_addon("assigned")
    type(addon).objects.filter(pk=addon.pk).update(state_changed_at=timezone.now() - 31 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
    [message] = mail.outbox
    assert message.to == ["lead@example.com"]
    assert message.subject == f"[{addon.addon_id}] Stuck in assigned"


def test_running_the_daily_task_twice_sends_nothing_twice(
    thresholds, make_addon, django_capture_on_commit_callbacks
):
    addon = make_addon("onboarding")
    type(addon).objects.filter(pk=addon.pk).update(state_changed_at=timezone.now() - 40 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
        assert send_reminders() == 0
    deliver_pending_notifications()  # also the journey's own notifications
    assert [m.subject for m in mail.outbox if "Stuck" in m.subject] == [
        f"[{addon.addon_id}] Stuck in onboarding"
    ]
    assert Notification.objects.get(dedupe_key__startswith="stuck:").event is None


def test_weekly_digest_goes_to_managers_once_a_week(
    thresholds, manager, make_addon, django_capture_on_commit_callbacks
):
    make_addon("accepted")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digest() is True
        assert send_weekly_digest() is False
    [message] = mail.outbox
    assert message.to == ["manager@example.com"]
    assert "Awaiting assignment: 1." in message.body


def test_beat_schedules_the_reminders_daily_and_the_digest_weekly():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["send-reminders"]["task"] == "onboarding.tasks.send_reminders"
    assert schedule["send-weekly-digest"]["schedule"].day_of_week == {1}
