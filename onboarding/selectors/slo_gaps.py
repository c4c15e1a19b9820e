"""The hours an SLO has no data for, as ranges people can read and accept."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..models import SLOBucket

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Gap:
    start: datetime
    end: datetime  # exclusive
    accepted: bool = False

    @property
    def hours(self) -> int:
        return int((self.end - self.start) / HOUR)

    def __str__(self):
        end = self.end.strftime(
            "%H:00" if self.end.date() == self.start.date() else "%Y-%m-%d %H:00"
        )
        return f"{self.start:%Y-%m-%d %H:00}–{end}"


def ranges_of(hours: list[datetime]) -> list[tuple[datetime, datetime]]:
    """Sorted hour starts → [(start, exclusive end)] of consecutive runs."""
    runs: list[list[datetime]] = []
    for hour in sorted(hours):
        if runs and runs[-1][1] == hour:
            runs[-1][1] = hour + HOUR
        else:
            runs.append([hour, hour + HOUR])
    return [(a, b) for a, b in runs]


def _missing(present: set, start: datetime, end: datetime) -> list[datetime]:
    hours, hour = [], start
    while hour < end:
        if hour not in present:
            hours.append(hour)
        hour += HOUR
    return hours


def missing_ranges(slo, start: datetime, end: datetime) -> list[Gap]:
    present = set(
        SLOBucket.objects.filter(slo=slo, start__gte=start, start__lt=end).values_list(
            "start", flat=True
        )
    )
    return [Gap(a, b) for a, b in ranges_of(_missing(present, start, end))]


def gaps_by_slo(results) -> dict[int, list[Gap]]:
    """Every SLO's missing hours in its window, with one query for all of them; hours an SRE
    accepted are marked (the SLOs' `accepted_gaps` prefetched or read here). A window the
    evaluation found fully covered has no gaps and costs nothing here."""
    results = list(results)
    gaps: dict[int, list[Gap]] = {r.slo.pk: [] for r in results}
    results = [r for r in results if r.hours_with_data < r.hours_in_window]
    if not results:
        return gaps
    earliest = min(r.window_start for r in results)
    present: dict[int, set] = {r.slo.pk: set() for r in results}
    rows = SLOBucket.objects.filter(
        slo__in=[r.slo.pk for r in results], start__gte=earliest, start__lt=results[0].window_end
    ).values_list("slo_id", "start")
    for slo_id, start in rows:
        present[slo_id].add(start)
    for r in results:
        accepted = [(a.start, a.end) for a in r.slo.accepted_gaps.all()]
        missing = _missing(present[r.slo.pk], r.window_start, r.window_end)
        split = {
            True: [h for h in missing if any(a <= h < b for a, b in accepted)],
        }
        split[False] = [h for h in missing if h not in set(split[True])]
        gaps[r.slo.pk] = sorted(
            (
                Gap(a, b, accepted=flag)
                for flag, hours in split.items()
                for a, b in ranges_of(hours)
            ),
            key=lambda g: g.start,
        )
    return gaps


def format_ranges(gaps: list[Gap]) -> str:
    hours = sum(g.hours for g in gaps)
    shown = ", ".join(str(g) for g in gaps[:5]) + (" …" if len(gaps) > 5 else "")
    return f"{shown} ({hours} hour{'s' if hours != 1 else ''})"
