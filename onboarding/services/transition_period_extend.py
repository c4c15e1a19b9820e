"""Extending the transition period: a recorded reason, no state change; the window keeps rolling."""

from django.db import transaction

from ..errors import ActionRefused, ConcurrentChange
from ..models import SLO, Addon, TimelineEvent
from ..rules import addon as rules
from ..selectors.slo_evaluation import page_slo_results
from .timeline import event_record

MAX_REASON = 2000


def transition_extend(*, addon: Addon, by, reason: str) -> Addon:
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Addon.objects.select_for_update().get(pk=addon.pk)
        if locked.state != addon.state:
            raise ConcurrentChange()
        rules.extend_transition.enforce(by, locked)
        if not reason:
            message = "Give the reason for the extension."
            raise ActionRefused(message, field_errors={"reason": message})
        if len(reason) > MAX_REASON:
            message = f"Keep the reason to {MAX_REASON} characters (it has {len(reason)})."
            raise ActionRefused(message, field_errors={"reason": message})
        failing = [  # the rule's evaluation of the locked row, read once
            f"{r.slo.name} ({SLO.Status(r.status).label.lower()})"
            for r in page_slo_results(locked)
            if r.status != SLO.Status.MET
        ]
        event_record(
            addon=locked,
            actor=by,
            kind=TimelineEvent.Kind.EXTENSION,
            message=f"Transition extended: {reason} (latest window: {', '.join(failing)})",
            payload={"reason": reason, "failing": failing},
        )
    return locked
