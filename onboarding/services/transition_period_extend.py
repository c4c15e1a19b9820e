"""Extending the transition period: a recorded reason, no state change; the window keeps rolling."""

from django.db import transaction

from ..models import SLO, Addon, State, TimelineEvent
from ..rules import addon as rules
from ..selectors.slo_evaluation import evaluate, page_slo_results
from .errors import ActionRefused, ConcurrentChange
from .timeline import event_record

MAX_REASON = 2000


def extension_blocker(addon: Addon) -> str | None:
    """Why an extension is not allowed now, or None (the latest window missed or has a gap)."""
    if addon.state != State.TRANSITION:
        return "Only an addon in its transition period can be extended."
    results = page_slo_results(addon)
    if not results:
        return "The addon has no SLOs to judge the window by."
    if all(r.status == SLO.Status.MET for r in results):
        return "Every SLO met its objective over the latest window: nothing to extend for."
    return None


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
        blocker = extension_blocker(locked)
        if blocker:
            raise ActionRefused(blocker)
        failing = [
            f"{r.slo.name} ({SLO.Status(r.status).label.lower()})"
            for r in evaluate(locked.slos.all())
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
