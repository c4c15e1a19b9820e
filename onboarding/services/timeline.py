"""Writing the audit trail and the notification outbox.

Both are rows in the caller's transaction: an event exists exactly when its change does,
and delivery is queued only once that transaction commits.
"""

import logging

from django.db import transaction

from .. import bounds
from ..models import Notification, NotificationKind, TimelineEvent
from . import recipients as audiences

log = logging.getLogger(__name__)


def event_record(
    *, addon, actor, kind, message="", from_state="", to_state="", payload=None
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        addon=addon,
        actor=actor,
        kind=kind,
        message=message,
        from_state=from_state,
        to_state=to_state,
        payload=payload or {},
    )


def notification_queue(
    *, event, recipients, subject, body, kind: str = NotificationKind.OTHER
) -> Notification | None:
    """Write an outbox row and hand it to Celery after commit.

    Nobody is mailed about what they did themselves (the event's actor), nor about a kind
    they muted; if that leaves no one, no row is written. If the broker is unreachable the
    row simply stays pending: the periodic sweep (`deliver_pending_notifications`) sends it
    once the broker is back.
    """
    author = event.actor.email if event is not None and event.actor else None
    recipients = sorted({r for r in recipients if r and r != author})
    recipients = audiences.unmuted(recipients, kind) if recipients else []
    if not recipients:
        return None
    notification = Notification.objects.create(
        event=event,
        kind=kind,
        recipients=recipients,
        subject=bounds.subject_line(subject),
        body=body,
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id: int) -> None:
    from ..tasks import deliver_notification

    try:
        deliver_notification.delay(notification_id)
    except Exception:  # the broker being down must never undo or fail the change
        log.warning("Broker unavailable; notification %s left for the sweep", notification_id)
