"""A failed, closed or not configured handover is retried by a manager or the addon's assigned
lead or Addon SRE (rules/addon.py): queued again, the same job runs."""

from django.conf import settings
from django.db import transaction

from ..models import Handover
from ..rules import addon as rules
from .errors import ActionRefused
from .handover import handover_config_problem, handover_enqueue, handover_event, handover_locked


def handover_retry(*, handover: Handover, by) -> Handover:
    with transaction.atomic():
        locked = handover_locked(pk=handover.pk)
        rules.handover_retry.enforce(by, locked.addon)
        if problem := handover_config_problem():
            raise ActionRefused(f"The handover cannot run: {problem}")
        last_error = locked.last_error or "none"
        locked.status = Handover.Status.PENDING
        locked.escalation_policy_id = settings.ADDON_SRE_ESCALATION_POLICY_ID
        locked.save(update_fields=["status", "escalation_policy_id", "updated_at"])
        handover_event(
            locked,
            f"Pager handover retried by {by} (last error: {last_error}).",
            payload={"status": locked.status, "action": "retry"},
            notify=False,
            actor=by,
        )
        transaction.on_commit(lambda: handover_enqueue(locked.pk))
    return locked
