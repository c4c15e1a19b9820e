"""Lead time per stage: median and 90th percentile of the time addons spent in each stage.

Per addon and stage, the time is the sum of the addon's completed segments in that stage's
states (segments from `durations.segments_queryset`, i.e. SQL `LEAD` over the transition
events) that ended inside the period. PostgreSQL computes the percentiles with
`percentile_cont`; other databases (SQLite for `make run`) return the per-addon sums and the
percentiles are interpolated the same way in Python.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from ..models.states import PROGRESS_STAGES, STAGE_STATES
from .durations import segments_queryset


@dataclass
class LeadTime:
    stage: str
    addons: int
    median: timedelta | None
    p90: timedelta | None


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont: linear interpolation between the nearest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


PERCENTILES_SQL = (
    "SELECT stage, COUNT(*), "
    "percentile_cont(0.5) WITHIN GROUP (ORDER BY total), "
    "percentile_cont(0.9) WITHIN GROUP (ORDER BY total)"
)
BY_STAGE = "WHERE stage IS NOT NULL GROUP BY stage"


def _per_addon_sql(since):
    inner, inner_params = segments_queryset().query.sql_with_params()
    whens, case_params = [], []
    for stage in PROGRESS_STAGES:
        states = STAGE_STATES[stage]
        whens.append(f"WHEN seg.to_state IN ({', '.join(['%s'] * len(states))}) THEN %s")
        case_params += [*(str(s) for s in states), str(stage)]
    total = (
        "EXTRACT(EPOCH FROM SUM(seg.duration))"
        if connection.vendor == "postgresql"
        else "SUM(seg.duration)"
    )
    # Composed from constants and Django's compiled query only; every value is a parameter.
    select = f"SELECT seg.addon_id, CASE {' '.join(whens)} END AS stage, {total} AS total "
    sql = (
        select + f"FROM ({inner}) seg WHERE seg.ended IS NOT NULL AND seg.ended >= %s GROUP BY 1, 2"
    )
    since_param = connection.ops.adapt_datetimefield_value(since)
    return sql, [*case_params, *inner_params, since_param]


def _seconds(value) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value) / 1_000_000  # SQLite: durations are microseconds


def lead_times(*, days: int, now=None) -> list[LeadTime]:
    """One query: a LeadTime per progress stage for segments ended in the last `days` days."""
    since = (now or timezone.now()) - timedelta(days=days)
    per_addon_sql, params = _per_addon_sql(since)
    found: dict[str, tuple[int, float | None, float | None]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{PERCENTILES_SQL} FROM ({per_addon_sql}) per_addon {BY_STAGE}", params)
            found = {stage: (n, p50, p90) for stage, n, p50, p90 in cursor.fetchall()}
        else:
            cursor.execute(per_addon_sql, params)
            values: dict[str, list[float]] = {}
            for _addon, stage, total in cursor.fetchall():
                if stage is not None:
                    values.setdefault(stage, []).append(_seconds(total))
            found = {
                stage: (len(v), percentile_cont(v, 0.5), percentile_cont(v, 0.9))
                for stage, v in values.items()
            }

    def as_delta(seconds):
        return None if seconds is None else timedelta(seconds=float(seconds))

    result = []
    for stage in PROGRESS_STAGES:
        count, median, p90 = found.get(stage, (0, None, None))
        result.append(LeadTime(str(stage), count, as_delta(median), as_delta(p90)))
    return result
