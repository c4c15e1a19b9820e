"""Notifications are never lost: a down broker leaves them pending, the sweep sends them once."""

import pytest
from django.core import mail

from onboarding.models import Notification
from onboarding.services.transitions import addon_submit
from onboarding.tasks import deliver_pending_notifications
from portal.celery import app

pytestmark = [pytest.mark.django_db, pytest.mark.real_broker]

UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down():
    """Publish to a port nothing listens on: refused at once (transport max_retries=1)."""
    saved = {k: app.conf[k] for k in ("broker_write_url", "task_always_eager")}
    # The app copied the broker URL into broker_write_url when it loaded Django's settings.
    app.conf.broker_write_url = UNREACHABLE
    app.conf.task_always_eager = False
    app._pool = app.amqp._producer_pool = None  # drop connections to the configured broker
    yield
    for key, value in saved.items():
        app.conf[key] = value
    app._pool = app.amqp._producer_pool = None


def test_transition_commits_while_the_broker_is_down_and_is_delivered_once_after(
    broker_down, addon, owner, architect1, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        addon_submit(addon=addon, by=owner)

    assert "left for the sweep" in caplog.text  # publishing really failed
    addon.refresh_from_db()
    assert addon.state == "submitted"
    notification = Notification.objects.get(event__addon=addon)
    assert notification.sent_at is None
    assert mail.outbox == []

    # The broker is back: the periodic sweep runs the delivery in process.
    app.conf.task_always_eager = True
    assert deliver_pending_notifications() == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == notification.recipients

    assert deliver_pending_notifications() == 0
    assert len(mail.outbox) == 1
