"""The pager handover: queued by complete_transition, carried out by a Celery task."""

import contextlib

from django.conf import settings
from django.db import transaction

from ..models import Handover, TimelineEvent
from .timeline import event_record


def handover_queue(*, addon, by) -> Handover:
    configured = bool(settings.PAGERDUTY_API_URL and settings.PAGERDUTY_TOKEN)
    handover, _ = Handover.objects.update_or_create(
        addon=addon,
        defaults={
            "status": Handover.Status.PENDING if configured else Handover.Status.NOT_CONFIGURED,
            "escalation_policy_id": settings.ADDON_SRE_ESCALATION_POLICY_ID,
            "last_error": "" if configured else "PagerDuty is not configured (PAGERDUTY_API_URL).",
        },
    )
    event_record(
        addon=addon,
        actor=by,
        kind=TimelineEvent.Kind.HANDOVER,
        message="Pager handover queued."
        if configured
        else "Pager handover not configured: PAGERDUTY_API_URL/PAGERDUTY_TOKEN unset.",
        payload={"status": handover.status, "escalation_policy": handover.escalation_policy_id},
    )
    if configured:
        transaction.on_commit(lambda: _enqueue(handover.pk))
    return handover


def _enqueue(handover_id: int) -> None:
    from ..tasks import run_handover

    # A down broker leaves the handover pending, visible on the addon page; managers retry it.
    with contextlib.suppress(Exception):
        run_handover.delay(handover_id)
