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
