"""Daily numbers of an addon's SLOs and the SVG coordinates of their two charts.

One aggregate query (per-day sums via TruncDay in the database) serves every SLO of the
page. Days missing hours are gaps: the table marks them and the chart line breaks there.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncDay

from ..models import SLOBucket
from ..wide_sum import WideSum, as_int
from .slo_evaluation import SLOResult

WIDTH, HEIGHT, PAD = 600, 160, 30
LEFT, RIGHT = 56, 12  # room for the y-axis labels on the left


@dataclass
class Day:
    day: date
    expected_hours: int
    hours: int = 0
    good: int = 0
    total: int = 0
    budget_left: Decimal | None = None

    @property
    def gap(self) -> bool:
        return self.hours < self.expected_hours

    @property
    def compliance(self) -> Decimal | None:
        return Decimal(self.good) / Decimal(self.total) if self.total else None


@dataclass
class Chart:
    result: SLOResult
    days: list[Day]
    compliance_lines: list[str] = field(default_factory=list)
    burn_lines: list[str] = field(default_factory=list)
    objective_y: float = 0
    zero_y: float = 0
    top_y: float = 0
    floor_y: float = 0
    y_floor: Decimal = Decimal(0)
    burn_low: Decimal = Decimal(0)

    @property
    def objective_label(self) -> str:
        """99.500 -> "99.5", 99.000 -> "99"."""
        return f"{self.result.slo.objective.normalize():f}"

    @property
    def first_day(self) -> date | None:
        return self.days[0].day if self.days else None

    @property
    def last_day(self) -> date | None:
        return self.days[-1].day if self.days else None


def _days_of(result: SLOResult) -> list[Day]:
    start, end = result.window_start, result.window_end
    days, cursor = [], start
    while cursor < end:
        next_day = datetime.combine(cursor.date() + timedelta(days=1), datetime.min.time(), UTC)
        hours = int((min(next_day, end) - cursor) / timedelta(hours=1))
        days.append(Day(cursor.date(), hours))
        cursor = next_day
    return days


def _polylines(points: list[tuple[float, float] | None]) -> list[str]:
    """SVG polyline point lists, broken at the Nones (gaps)."""
    lines, current = [], []
    for point in [*points, None]:
        if point is None:
            if current:
                lines.append(" ".join(f"{x:.1f},{y:.1f}" for x, y in current))
            current = []
        else:
            current.append(point)
    return lines


def _x(i: int, n: int) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * (i + 0.5) / max(n, 1)


def _y(value: Decimal, low: Decimal, high: Decimal) -> float:
    share = (value - low) / (high - low) if high > low else Decimal(0)
    return HEIGHT - PAD / 2 - (HEIGHT - PAD) * float(share)


def charts_for(results: list[SLOResult]) -> list[Chart]:
    if not results:
        return []
    in_windows = Q()
    for r in results:
        in_windows |= Q(slo=r.slo, start__gte=r.window_start, start__lt=r.window_end)
    rows = (
        SLOBucket.objects.filter(in_windows)
        .annotate(day=TruncDay("start", tzinfo=UTC))
        .values("slo", "day")
        .annotate(good=WideSum("good"), total=WideSum("total"), hours=Count("id"))
    )
    per_slo = {(row["slo"], row["day"].date()): row for row in rows}
    charts = []
    for result in results:
        days = _days_of(result)
        for day in days:
            row = per_slo.get((result.slo.pk, day.day))
            if row:
                day.hours, day.good, day.total = (
                    row["hours"],
                    as_int(row["good"]),
                    as_int(row["total"]),
                )
        charts.append(_chart(result, days))
    return charts


def _chart(result: SLOResult, days: list[Day]) -> Chart:
    """Budget left after each day: 1 - bad events so far / the window's error budget."""
    objective = result.slo.objective / 100
    budget = (1 - objective) * result.total
    bad = 0
    for day in days:
        bad += day.total - day.good
        if budget:
            day.budget_left = 1 - Decimal(bad) / budget
    known = [d.compliance for d in days if d.compliance is not None]
    floor = min([*known, objective]) - (1 - objective)
    floor = max(Decimal(0), floor)
    n = len(days)
    compliance_points = [
        None if d.gap or d.compliance is None else (_x(i, n), _y(d.compliance, floor, Decimal(1)))
        for i, d in enumerate(days)
    ]
    burns = [d.budget_left for d in days if d.budget_left is not None]
    low = min([*burns, Decimal(0)])
    burn_points = [
        None if d.budget_left is None else (_x(i, n), _y(d.budget_left, low, Decimal(1)))
        for i, d in enumerate(days)
    ]
    return Chart(
        result=result,
        days=days,
        compliance_lines=_polylines(compliance_points),
        burn_lines=_polylines(burn_points),
        objective_y=_y(objective, floor, Decimal(1)),
        zero_y=_y(Decimal(0), low, Decimal(1)),
        top_y=_y(Decimal(1), floor, Decimal(1)),
        floor_y=_y(floor, floor, Decimal(1)),
        y_floor=floor * 100,
        burn_low=low * 100,
    )
