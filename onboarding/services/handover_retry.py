"""A failed, closed or not configured handover is retried by a manager or the addon's assigned
lead or Addon SRE (rules/addon.py): queued again, the same job runs — or, when its shadow has
not ended (a handover not configured at complete_transition), back to waiting on its steps."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..errors import ActionRefused
from ..models import Handover
from ..rules import addon as rules
from .handover import handover_config_problem, handover_enqueue, handover_event, handover_locked


def handover_retry(*, handover: Handover, by) -> Handover:
    with transaction.atomic():
        locked = handover_locked(pk=handover.pk)
        rules.handover_retry.enforce(by, locked.addon)
        if problem := handover_config_problem():
            raise ActionRefused(f"The handover cannot run: {problem}")
        last_error = locked.last_error or "none"
        steps_done = locked.shadow_ended(timezone.now())
        locked.status = Handover.Status.PENDING if steps_done else Handover.Status.STEPS
        locked.escalation_policy_id = settings.ADDON_SRE_ESCALATION_POLICY_ID
        locked.save(update_fields=["status", "escalation_policy_id", "updated_at"])
        handover_event(
            locked,
            f"Pager handover retried by {by} (last error: {last_error}).",
            payload={"status": locked.status, "action": "retry"},
            notify=False,
            actor=by,
        )
        if steps_done:
            transaction.on_commit(lambda: handover_enqueue(locked.pk))
    return locked
