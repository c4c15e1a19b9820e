"""An Addon SRE accepts a documented gap in an SLO's data: hours with no data (a scrape
outage, hours past the cluster's retention) that no longer count against coverage.

Compliance is never touched: only measured hours are in sum(good) / sum(total).
"""

from datetime import datetime, timedelta

from django.db import transaction

from ..errors import ActionRefused
from ..models import SLO, SLOBucket, SLOGapAcceptance, TimelineEvent
from ..rules import slos as rules
from ..selectors.slo_gaps import HOUR, Gap
from ..selectors.slo_window import window_end
from .timeline import event_record

MAX_REASON = 2000


def _check(slo: SLO, start: datetime, end: datetime, reason: str) -> None:
    if not reason:
        message = "Say why this gap is acceptable (what happened, why the data is gone)."
        raise ActionRefused(message, field_errors={"reason": message})
    if len(reason) > MAX_REASON:
        message = f"Keep the reason to {MAX_REASON} characters (it has {len(reason)})."
        raise ActionRefused(message, field_errors={"reason": message})
    on_hour = all(not (t.minute or t.second or t.microsecond) for t in (start, end))
    if not on_hour or end <= start:
        raise ActionRefused("A gap runs from one full hour to a later one.")
    if end > window_end():
        raise ActionRefused("A gap can only cover hours that have been collected already.")
    if start < window_end() - timedelta(days=slo.window_days):
        raise ActionRefused("A gap lies within the SLO's current window.")
    hours = int((end - start) / HOUR)
    stored = SLOBucket.objects.filter(slo=slo, start__gte=start, start__lt=end).count()
    if stored == hours:
        raise ActionRefused("Every hour of this range has data: there is no gap to accept.")


def slo_gap_accept(*, slo: SLO, by, start: datetime, end: datetime, reason: str):
    rules.slo_gap_accept.enforce(by, slo.addon)
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = SLO.objects.select_for_update().select_related("addon").get(pk=slo.pk)
        _check(locked, start, end, reason)
        gap = SLOGapAcceptance.objects.create(
            slo=locked, start=start, end=end, reason=reason, accepted_by=by
        )
        event_record(
            addon=locked.addon,
            actor=by,
            kind=TimelineEvent.Kind.SLO,
            message=f"SLO {locked.name}: gap {Gap(start, end)} UTC accepted: {reason}"[:2000],
            payload={
                "slo": locked.pk,
                "action": "gap_accepted",
                "start": start.isoformat(),
                "end": end.isoformat(),
            },
        )
    return gap
