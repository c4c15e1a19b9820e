"""SLO compliance over the latest full window, computed by the database.

Compliance is sum(good) / sum(total); budget consumed is (total - good) / (total * (1 - objective)).
An hour without a bucket is a gap: a window with any gap is "insufficient data", never "met".
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from ..models import SLO, PortalSettings
from ..wide_sum import WideSum, as_int


@dataclass(frozen=True)
class SLOResult:
    slo: SLO
    window_start: datetime
    window_end: datetime
    good: int
    total: int
    hours_with_data: int

    @property
    def hours_in_window(self) -> int:
        return int((self.window_end - self.window_start) / timedelta(hours=1))

    @property
    def coverage(self) -> float:
        return self.hours_with_data / self.hours_in_window

    @property
    def compliance(self) -> Decimal | None:
        if not self.total:
            return None
        return Decimal(self.good) / Decimal(self.total)

    @property
    def budget_remaining(self) -> Decimal | None:
        """Share of the error budget left (1 = untouched, negative = overspent)."""
        if not self.total:
            return None
        budget = 1 - self.slo.objective / 100
        consumed = Decimal(self.total - self.good) / (Decimal(self.total) * budget)
        return 1 - consumed

    @property
    def status(self) -> str:
        if self.hours_with_data < self.hours_in_window or not self.total:
            return SLO.Status.INSUFFICIENT
        return SLO.Status.MET if self.compliance >= self.slo.objective / 100 else SLO.Status.MISSED


def window_end(now: datetime | None = None) -> datetime:
    """The end of the latest full hour: the window never includes the running hour."""
    now = now or timezone.now()
    return now.replace(minute=0, second=0, microsecond=0)


def evaluate(slos, now: datetime | None = None) -> list[SLOResult]:
    """Evaluate many SLOs with one aggregate query per distinct window length."""
    end = window_end(now)
    slos = list(slos)
    results = {}
    for days in {s.window_days for s in slos}:
        start = end - timedelta(days=days)
        in_window = Q(buckets__start__gte=start, buckets__start__lt=end)
        rows = (
            SLO.objects.filter(pk__in=[s.pk for s in slos if s.window_days == days])
            .annotate(
                sum_good=WideSum("buckets__good", filter=in_window),
                sum_total=WideSum("buckets__total", filter=in_window),
                hours=Count("buckets", filter=in_window),
            )
            .values_list("pk", "sum_good", "sum_total", "hours")
        )
        for pk, good, total, hours in rows:
            results[pk] = (start, as_int(good), as_int(total), hours)
    return [SLOResult(slo, results[slo.pk][0], end, *results[slo.pk][1:]) for slo in slos]


def page_slo_results(addon, slos=None) -> list[SLOResult]:
    """The addon's SLOs evaluated now, once per page that fetched the addon for its viewer:
    the transition section, the extension check and the complete_transition guards share it."""
    from .checklist_progress import page_memo

    return page_memo(
        addon, "slo_results", lambda: evaluate(addon.slos.all() if slos is None else slos)
    )


def window_elapsed_since(now: datetime | None = None) -> datetime:
    """Transition periods that started before this moment have run a full window."""
    days = PortalSettings.load().transition_window_days
    return (now or timezone.now()) - timedelta(days=days)


def viability_blocker(addon, now: datetime | None = None) -> str | None:
    """Why the addon is not viable yet, or None when every SLO met a full window.

    Without `now`, the evaluation the page already made (`page_slo_results`) is reused.
    """
    reuse_page = now is None
    now = now or timezone.now()
    if not addon.transition_started_at:
        return "The transition period has not started."
    if addon.transition_started_at > window_elapsed_since(now):
        window_days = PortalSettings.load().transition_window_days
        ends = timezone.localtime(addon.transition_started_at + timedelta(days=window_days))
        return (
            f"The {window_days}-day transition window has not elapsed yet: "
            f"it ends on {ends:%b %-d, %Y at %H:%M}."
        )
    slos = list(addon.slos.all())
    if not slos:
        return "Define at least one SLO."
    failing = [
        f"{r.slo.name} ({r.slo.Status(r.status).label.lower()})"
        for r in (page_slo_results(addon, slos) if reuse_page else evaluate(slos, now))
        if r.status != SLO.Status.MET
    ]
    return "SLOs not met over the latest window: " + ", ".join(failing) + "." if failing else None
