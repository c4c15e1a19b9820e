"""Delivering the notification outbox: a failed send is recorded where people can see it."""

import pytest

from onboarding import tasks
from onboarding.models import Notification


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_keeps_its_attempt_and_error_on_the_outbox_row(monkeypatch):
    notification = Notification.objects.create(
        recipients=["owners@example.com"], subject="Accepted", body="Accepted."
    )

    def refuse(_notification):
        raise ConnectionRefusedError("SMTP server refused the connection")

    monkeypatch.setattr(tasks, "_send", refuse)
    monkeypatch.setattr(tasks.deliver_notification, "max_retries", 0)
    tasks.deliver_notification.apply(args=[notification.pk])

    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.attempts == 1
    assert "SMTP server refused the connection" in notification.last_error


class _Response:
    def __init__(self, status):
        self.status = status

    def raise_for_status(self):
        import requests

        if self.status >= 400:
            raise requests.HTTPError(f"{self.status} Server Error")


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "error"), [(200, ""), (500, "Slack: 500 Server Error")])
def test_slack_mirrors_the_line_and_its_failure_never_sends_the_email_twice(
    monkeypatch, settings, mailoutbox, status, error
):
    settings.SLACK_WEBHOOK_URL = "https://hooks.slack.example.com/services/T0/B0/x"
    posted = []

    def post(url, json, timeout):
        posted.append((url, json))
        return _Response(status)

    monkeypatch.setattr("requests.post", post)
    notification = Notification.objects.create(
        recipients=["owners@example.com"], subject="[notebooks] Accepted (P2)", body="Accepted."
    )

    tasks.deliver_notification.apply(args=[notification.pk])
    tasks.deliver_pending_notifications.apply()

    notification.refresh_from_db()
    assert posted == [(settings.SLACK_WEBHOOK_URL, {"text": "[notebooks] Accepted (P2)"})]
    assert [m.subject for m in mailoutbox] == ["[notebooks] Accepted (P2)"]
    assert notification.sent_at is not None
    assert notification.last_error == error


@pytest.mark.django_db
def test_a_database_blip_after_sending_is_waited_out_not_sent_again(monkeypatch, mailoutbox):
    from django.db import OperationalError
    from django.db.models import QuerySet

    notification = Notification.objects.create(
        recipients=["owners@example.com"], subject="Scoped", body="Onboarding started."
    )
    real_update = QuerySet.update
    failures = []

    def update_after_a_restart(self, **values):
        if "sent_at" in values and not failures:
            failures.append(values)
            raise OperationalError("server closed the connection unexpectedly")
        return real_update(self, **values)

    monkeypatch.setattr(QuerySet, "update", update_after_a_restart)
    monkeypatch.setattr(tasks.time, "sleep", lambda seconds: None)

    tasks.deliver_notification.apply(args=[notification.pk])
    tasks.deliver_pending_notifications.apply()

    notification.refresh_from_db()
    assert len(failures) == 1
    assert [m.subject for m in mailoutbox] == ["Scoped"]
    assert notification.sent_at is not None and notification.claimed_until is None


@pytest.mark.django_db
def test_a_row_claimed_by_another_worker_is_left_alone(mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    notification = Notification.objects.create(
        recipients=["owners@example.com"],
        subject="Accepted",
        body="Accepted.",
        claimed_until=timezone.now() + timedelta(minutes=5),
    )
    tasks.deliver_pending_notifications.apply()
    assert mailoutbox == []
    Notification.objects.filter(pk=notification.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    tasks.deliver_pending_notifications.apply()
    assert [m.subject for m in mailoutbox] == ["Accepted"]
