"""SLO compliance over the latest collected window, computed by the database.

Compliance is sum(good) / sum(total); budget consumed is (total - good) / (total * (1 - objective)).
An hour without a bucket is a gap, never a zero: it counts against coverage unless an SRE
accepted it, and a window whose coverage is below the portal's minimum (default 95 %) is
"insufficient data", never "met". The window ends where the collection clock stands
(`selectors/slo_window.py`), so the verdict only changes when data does.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone

from ..models import SLO, PortalSettings, SLOBucket, SLOGapAcceptance
from ..wide_sum import WideSum, as_int
from .gate_settings import gate_settings
from .slo_gaps import HOUR
from .slo_window import WindowStart, window_end


@dataclass(frozen=True)
class SLOResult:
    slo: SLO
    window_start: datetime
    window_end: datetime
    good: int
    total: int
    hours_with_data: int
    accepted_hours: int = 0  # hours without data an SRE accepted as a documented gap
    min_coverage: Decimal = Decimal("0.95")

    @property
    def hours_in_window(self) -> int:
        return int((self.window_end - self.window_start) / timedelta(hours=1))

    @property
    def coverage(self) -> float:
        return (self.hours_with_data + self.accepted_hours) / self.hours_in_window

    @property
    def missing_hours(self) -> int:
        return self.hours_in_window - self.hours_with_data - self.accepted_hours

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
        if self.coverage < self.min_coverage or not self.total:
            return SLO.Status.INSUFFICIENT
        return SLO.Status.MET if self.compliance >= self.slo.objective / 100 else SLO.Status.MISSED


def _accepted_gaps(slos) -> list:
    """The SLOs' accepted gaps: prefetched ones when the caller prefetched them."""
    if all("accepted_gaps" in getattr(s, "_prefetched_objects_cache", {}) for s in slos):
        return [gap for s in slos for gap in s.accepted_gaps.all()]
    return list(SLOGapAcceptance.objects.filter(slo__in=slos))


def _accepted_missing(slos, end: datetime) -> dict[int, int]:
    """Per SLO, the hours of its window inside an accepted gap that have no data. Only SLOs
    with missing hours are asked about: a fully covered window costs no query here."""
    if not slos:
        return {}
    starts = {s.pk: end - timedelta(days=s.window_days) for s in slos}
    accepted: dict[int, set] = {}
    for gap in _accepted_gaps(slos):
        hour = max(gap.start, starts[gap.slo_id])
        while hour < min(gap.end, end):
            accepted.setdefault(gap.slo_id, set()).add(hour)
            hour += HOUR
    if not accepted:
        return {}
    present = SLOBucket.objects.filter(
        slo__in=list(accepted), start__gte=min(starts.values()), start__lt=end
    ).values_list("slo_id", "start")
    for slo_id, start in present:
        accepted[slo_id].discard(start)
    return {pk: len(hours) for pk, hours in accepted.items()}


def with_sums(slos: QuerySet, end: datetime) -> QuerySet:
    """`slos` annotated with good, total and hours with data over each SLO's own window
    (`WindowStart`), and whether an accepted gap overlaps it: the one aggregate the verdicts
    come from, however many SLOs and window lengths. Gaps are read only for the SLOs that have
    one (`_results`)."""
    # The buckets joined are those of each SLO's own window: the join's condition, which
    # the index answers per SLO.
    in_window = FilteredRelation(
        "buckets", condition=Q(buckets__start__gte=WindowStart(end), buckets__start__lt=end)
    )
    # Clipped to each SLO's own start when read (`_accepted_missing`).
    gaps = SLOGapAcceptance.objects.filter(
        slo=OuterRef("pk"), start__lt=end, end__gt=WindowStart(end, OuterRef("window_days"))
    )
    return slos.annotate(in_window=in_window).annotate(
        sum_good=WideSum("in_window__good"),
        sum_total=WideSum("in_window__total"),
        hours=Count("in_window"),
        gapped=Exists(gaps),
    )


def _sums_of(slo) -> tuple:
    """An SLO read `with_sums`: (good, total, hours, gapped)."""
    return as_int(slo.sum_good), as_int(slo.sum_total), slo.hours, slo.gapped


def _sums(slos: QuerySet, end: datetime) -> dict[int, tuple]:
    return {slo.pk: _sums_of(slo) for slo in with_sums(slos, end).only("pk").order_by()}


def _results(slos: list, sums: dict, end: datetime) -> list[SLOResult]:
    # Accepted gaps count only where hours are missing and an SRE accepted some.
    partial = [s for s in slos if sums[s.pk][2] < s.window_days * 24 and sums[s.pk][3]]
    accepted = _accepted_missing(partial, end)
    current = PortalSettings.load()  # once for the list, not once per SLO
    return [
        SLOResult(
            slo,
            end - timedelta(days=slo.window_days),
            end,
            *sums[slo.pk][:3],
            accepted.get(slo.pk, 0),
            Decimal(gate_settings(slo.addon, current).min_coverage_percent) / 100,
        )
        for slo in slos
    ]


def evaluate(slos, now: datetime | None = None) -> list[SLOResult]:
    """Evaluate many SLOs with one aggregate query."""
    end = window_end(now)
    slos = list(slos)
    if not slos:
        return []
    return _results(slos, _sums(SLO.objects.filter(pk__in=[s.pk for s in slos]), end), end)


def evaluated(slos: list, end: datetime) -> list[SLOResult]:
    """The verdicts of SLOs already read `with_sums` (a list prefetches them so, with its
    addons): no query of their own but the accepted gaps of a partly covered window."""
    return _results(slos, {slo.pk: _sums_of(slo) for slo in slos}, end)


def window_elapsed(addon, now: datetime | None = None) -> bool:
    """Whether the addon's transition period has run its full window — counted to the window's
    end (the collection clock), so the answer moves with a collection run."""
    days = gate_settings(addon).window_days
    started = addon.transition_started_at
    return started is not None and started <= window_end(now) - timedelta(days=days)


def lacking_data(addon, results: list[SLOResult]) -> list[SLOResult]:
    """The transition's SLOs its owners must send data for: none in the window yet, or, once
    a full window ran, too little of it to judge (the complete_transition guard's verdict).
    `results`: the addon's SLOs evaluated now (`AddonContext.slo_results`)."""
    from ..models import State

    started = addon.transition_started_at
    if addon.state != State.TRANSITION or not started:
        return []
    elapsed = window_elapsed(addon)
    return [
        r
        for r in results
        if not r.hours_with_data or (elapsed and r.status == SLO.Status.INSUFFICIENT)
    ]


def viability_blocker(addon, now: datetime | None = None, results=None) -> str | None:
    """Why the addon is not viable yet, or None when every SLO met a full window.

    `results`: the addon's SLOs already evaluated now (`AddonContext.slo_results`).
    """
    if not addon.transition_started_at:
        return "The transition period has not started."
    # Judged at the window's end, not the wall clock: this flips with a collection run.
    if not window_elapsed(addon, now):
        window_days = gate_settings(addon).window_days
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
        for r in (results if results is not None else evaluate(slos, now))
        if r.status != SLO.Status.MET
    ]
    return "SLOs not met over the latest window: " + ", ".join(failing) + "." if failing else None
