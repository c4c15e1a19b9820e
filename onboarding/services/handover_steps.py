"""The handover's steps after the pager test (services/pager_test.py): the assigned lead starts
the shadow — Addon SRE paged alongside the owners for HANDOVER_SHADOW_DAYS, frozen on the
handover — and, once it ended, pushes the merge request that makes Addon SRE's policy primary
(the same job as before: services/handover_run.py). Each has its rule and timeline event; until
the merge request is merged and verified, the owners carry the pager (selectors/pager.py)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Handover
from ..rules import addon as rules
from .handover import handover_enqueue, handover_event, handover_locked


def shadow_start(*, addon, by) -> Handover:
    with transaction.atomic():
        handover = handover_locked(addon=addon)
        rules.shadow_start.enforce(by, handover.addon)
        now = timezone.now()
        handover.shadow_days = settings.HANDOVER_SHADOW_DAYS
        handover.shadow_started_by = by
        handover.shadow_started_at = now
        handover.shadow_ends_at = now + timedelta(days=handover.shadow_days)
        handover.save()
        handover_event(
            handover,
            f"Shadow started by {by}: Addon SRE is paged alongside the owners for "
            f"{handover.shadow_days} days; the handover merge request may be pushed once it ends.",
            payload={
                "shadow": "started",
                "days": handover.shadow_days,
                "ends_at": handover.shadow_ends_at.isoformat(),
            },
            notify=False,
            actor=by,
        )
    return handover


def handover_push(*, addon, by) -> Handover:
    with transaction.atomic():
        handover = handover_locked(addon=addon)
        rules.handover_push.enforce(by, handover.addon)
        handover.status = Handover.Status.PENDING
        handover.save(update_fields=["status", "updated_at"])
        handover_event(
            handover,
            f"Shadow ended; {by} pushed the handover: a managed-tenants merge request will set "
            f"pagerduty.escalationPolicy to {handover.escalation_policy_id}.",
            payload={"status": handover.status, "shadow": "ended", "action": "push"},
            notify=False,
            actor=by,
        )
        transaction.on_commit(lambda: handover_enqueue(handover.pk))
    return handover
