"""Storing hourly SLO buckets: validate every row first, then write them all in one go.

Writing a bucket that exists replaces it (unique SLO + start), so a retried push or a
repeated collection never double-counts.
"""

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import SLO, SLOBucket, TimelineEvent
from ..rules import slos as slo_rules
from .timeline import event_record

MAX_ROWS = 2000


class BadMeasurements(ValueError):
    """The input, named by what is wrong with it; nothing of it was stored."""


@dataclass(frozen=True)
class Measurement:
    start: datetime
    good: int
    total: int


def _count(value, name: str, where: str) -> int:
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadMeasurements(f"{where}: {name} must be a whole number.")
    if value < 0:
        raise BadMeasurements(f"{where}: {name} must not be negative.")
    return value


def _start(value, where: str, now: datetime) -> datetime:
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed but not a date, e.g. 2026-02-30 or hour 24
        parsed = None
    if parsed is None:
        raise BadMeasurements(f"{where}: start must be an ISO 8601 timestamp, got {value!r}.")
    if parsed.tzinfo is None:
        raise BadMeasurements(f"{where}: start must give its time zone (e.g. Z or +00:00).")
    parsed = parsed.astimezone(UTC)
    if parsed.minute or parsed.second or parsed.microsecond:
        raise BadMeasurements(f"{where}: start must be on the hour, got {value!r}.")
    if parsed > now:
        raise BadMeasurements(f"{where}: start {value!r} is in the future.")
    return parsed


def measurements_parse(rows, *, label=lambda i: f"row {i + 1}") -> list[Measurement]:
    """Validate every row; the first problem found is raised, naming its row."""
    if not isinstance(rows, list):
        raise BadMeasurements("The body must be a JSON list of {start, good, total} objects.")
    if not rows:
        raise BadMeasurements("No measurements given.")
    if len(rows) > MAX_ROWS:
        raise BadMeasurements(f"Too many rows: {len(rows)} (at most {MAX_ROWS} per request).")
    now = timezone.now()
    seen, parsed = set(), []
    for i, row in enumerate(rows):
        where = label(i)
        if not isinstance(row, dict) or set(row) != {"start", "good", "total"}:
            raise BadMeasurements(f"{where}: give exactly the fields start, good and total.")
        start = _start(row["start"], where, now)
        good, total = _count(row["good"], "good", where), _count(row["total"], "total", where)
        if good > total:
            raise BadMeasurements(f"{where}: good ({good}) is greater than total ({total}).")
        if start in seen:
            raise BadMeasurements(f"{where}: the hour {start:%Y-%m-%dT%H:00Z} appears twice.")
        seen.add(start)
        parsed.append(Measurement(start, good, total))
    return parsed


def measurements_parse_csv(text: str) -> list[Measurement]:
    """Rows of start,good,total (a header line is allowed); errors name the file's line."""
    lines = list(csv.reader(io.StringIO(text)))
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if any(c.strip() for c in line)]
    if numbered and [c.strip().lower() for c in numbered[0][1]] == ["start", "good", "total"]:
        numbered = numbered[1:]
    for n, line in numbered:
        if len(line) != 3:
            raise BadMeasurements(f"line {n}: expected 3 columns (start,good,total).")
    rows = [dict(zip(("start", "good", "total"), line, strict=True)) for _, line in numbered]
    return measurements_parse(rows, label=lambda i: f"line {numbered[i][0]}")


def measurements_store(*, slo: SLO, measurements: list[Measurement]) -> int:
    """Upsert the buckets in one transaction; returns how many were written."""
    with transaction.atomic():
        SLOBucket.objects.bulk_create(
            [SLOBucket(slo=slo, start=m.start, good=m.good, total=m.total) for m in measurements],
            update_conflicts=True,
            unique_fields=["slo", "start"],
            update_fields=["good", "total"],
        )
    return len(measurements)


def measurements_upload(*, slo: SLO, by, measurements: list[Measurement]) -> int:
    """A person's CSV upload: stored with its timeline event, since it can change a verdict."""
    slo_rules.slo_upload.enforce(by, slo.addon)
    with transaction.atomic():
        written = measurements_store(slo=slo, measurements=measurements)
        event_record(
            addon=slo.addon,
            actor=by,
            kind=TimelineEvent.Kind.SLO,
            message=f"SLO {slo.name}: {written} hour{pluralize(written)} of data uploaded from a CSV file.",
            payload={"slo": slo.pk, "action": "upload", "hours": written},
        )
    return written
