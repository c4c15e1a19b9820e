"""A manager retries a failed (or not configured) handover: queued again, the same job runs."""

from django.conf import settings
from django.db import transaction

from ..models import Handover, TimelineEvent
from ..rules import addon as rules
from .errors import ActionRefused
from .handover import handover_config_problem, handover_enqueue
from .timeline import event_record

RETRYABLE = {Handover.Status.FAILED, Handover.Status.NOT_CONFIGURED}


def handover_retry(*, handover: Handover, by) -> Handover:
    addon = handover.addon
    rules.handover_retry.enforce(by, addon)
    problem = handover_config_problem()
    if problem:
        raise ActionRefused(f"The handover cannot run: {problem}")
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
        transaction.on_commit(lambda: handover_enqueue(locked.pk))
    return locked
