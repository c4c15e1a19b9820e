"""The daily evaluation: store each SLO's status, and say on the timeline when it changes.

The numbers come from `slo_evaluation.evaluate` (aggregates in the database). The assigned
Addon SRE is told when an addon in transition becomes viable, once per change of viability.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import SLO, Addon, NotificationKind, State, TimelineEvent
from ..selectors.slo_evaluation import evaluate, viability_blocker
from ..selectors.slo_window import window_end
from . import recipients
from .slo_collection_run import clock_locked
from .timeline import event_record, notification_queue

EVALUATED_STATES = [State.ONBOARDING, State.PRODUCTION_APPROVED, State.TRANSITION]


def _pct(value) -> str:
    return "no data" if value is None else f"{value * 100:.3f}%"


def addon_evaluate(*, addon: Addon, now: datetime | None = None) -> list:
    """Judged at `now`'s last full hour, or without it at the collection clock."""
    end = window_end(now)
    with transaction.atomic():
        slos = list(SLO.objects.select_for_update().filter(addon=addon))
        results = evaluate(slos, end)
        for result in results:
            slo, status = result.slo, result.status
            if slo.last_status != status:
                before = slo.get_last_status_display() or "not evaluated"
                event_record(
                    addon=addon,
                    actor=None,
                    kind=TimelineEvent.Kind.SLO_EVALUATION,
                    message=f"SLO {slo.name}: {before} → {SLO.Status(status).label} "
                    f"(compliance {_pct(result.compliance)}, "
                    f"coverage {result.coverage * 100:.1f}%).",
                    payload={"slo": slo.pk, "from": slo.last_status, "to": status},
                )
            slo.last_status, slo.last_evaluated_at = status, timezone.now()
        SLO.objects.bulk_update(slos, ["last_status", "last_evaluated_at"])
        if addon.state == State.TRANSITION:
            _record_viability(addon, end)
    return results


def _record_viability(addon: Addon, now: datetime) -> None:
    blocker = viability_blocker(addon, now)
    viable = blocker is None
    last = (
        TimelineEvent.objects.filter(
            addon=addon, kind=TimelineEvent.Kind.SLO_EVALUATION, payload__has_key="viable"
        )
        .order_by("-created_at", "-id")
        .values_list("payload", flat=True)
        .first()
    )
    if (last or {}).get("viable", False) == viable:
        return
    event = event_record(
        addon=addon,
        actor=None,
        kind=TimelineEvent.Kind.SLO_EVALUATION,
        message="Viable: every SLO met its objective over a full window."
        if viable
        else f"No longer viable: {blocker}",
        payload={"viable": viable},
    )
    if viable:
        notification_queue(
            event=event,
            recipients=recipients.assigned_people(addon),
            kind=NotificationKind.SLO,
            subject=f"[{addon.addon_id}] Viable: {addon.name} can complete its transition",
            body=f"Every SLO of {addon.name} met its objective over the latest full window. "
            "Review the SOPs and complete the transition.",
        )


def evaluate_all(now: datetime | None = None) -> int:
    """Every addon with SLOs, judged at the collection clock. The clock row stays locked
    meanwhile, so a collection run waits instead of moving the window under the evaluation."""
    addons = Addon.objects.filter(state__in=EVALUATED_STATES, slos__isnull=False).distinct()
    count = 0
    with transaction.atomic():
        clock = clock_locked(now or timezone.now())
        at = now if now is not None else clock.collected_through
        for addon in addons:
            addon_evaluate(addon=addon, now=at)
            count += 1
    return count
