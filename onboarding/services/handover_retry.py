"""A manager retries a failed pager handover: back to pending and queued again."""

import contextlib

from django.conf import settings
from django.db import transaction

from ..models import Handover, TimelineEvent
from ..rules import addon as rules
from .errors import ActionRefused
from .timeline import event_record

RETRYABLE = {Handover.Status.FAILED, Handover.Status.NOT_CONFIGURED}


def handover_retry(*, handover: Handover, by) -> Handover:
    addon = handover.addon
    rules.handover_retry.enforce(by, addon)
    if not (settings.PAGERDUTY_API_URL and settings.PAGERDUTY_TOKEN):
        raise ActionRefused("PagerDuty is not configured (PAGERDUTY_API_URL, PAGERDUTY_TOKEN).")
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.status not in RETRYABLE:
            raise ActionRefused(f"The handover is {locked.get_status_display().lower()}.")
        locked.status = Handover.Status.PENDING
        locked.escalation_policy_id = settings.ADDON_SRE_ESCALATION_POLICY_ID
        locked.save(update_fields=["status", "escalation_policy_id", "updated_at"])
        event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.HANDOVER,
            message=f"Pager handover retried by {by} (last error: {locked.last_error or 'none'}).",
            payload={"status": locked.status, "action": "retry"},
        )
        transaction.on_commit(lambda: _enqueue(locked.pk))
    return locked


def _enqueue(handover_id: int) -> None:
    from ..tasks import run_handover

    # With the broker down the handover stays pending and visible; the manager can retry.
    with contextlib.suppress(Exception):
        run_handover.delay(handover_id)
