"""Storing hourly SLO buckets: validate every row first, then write them all in one go.

Writing a bucket that exists replaces it (unique SLO + start), so a retried push or a
repeated collection never double-counts.
"""

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .. import bounds
from ..models import SLO, Addon, ApiToken, SLOBucket, SLOBucketHistory, TimelineEvent
from ..rules import slos as slo_rules
from .api_tokens import push_blocker
from .timeline import event_record

MAX_ROWS = 2000


class BadMeasurements(ValueError):
    """The input, named by what is wrong with it; nothing of it was stored.

    The message starts with where the problem is (`rows[1].good: …`, `line 3, good: …`)."""

    @property
    def where(self) -> str:
        return str(self).split(": ", 1)[0]


class PushClosed(ValueError):
    """The addon no longer takes pushed measurements (transitioned, withdrawn, rejected)."""


@dataclass(frozen=True)
class Measurement:
    start: datetime
    good: int
    total: int


# Pushed hours may start this long before the addon's transition window (a clock or a
# collector a little early), never earlier: older hours would rewrite history nobody judged.
PUSH_GRACE = timedelta(days=1)


def push_earliest(addon: Addon, now: datetime | None = None) -> datetime:
    """The first hour a push may store: the transition window's start, less the grace."""
    return (addon.transition_started_at or now or timezone.now()) - PUSH_GRACE


def _shown(value) -> str:
    """The value as sent (as JSON), cut short: an error message never echoes a megabyte back."""
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def _count(value, name: str, where) -> int:
    try:
        return bounds.whole_number(value, field=name)
    except bounds.OutOfBounds as exc:
        raise BadMeasurements(f"{where(name)}: {exc.message}") from exc


def _start(value, where, now: datetime, earliest: datetime | None) -> datetime:
    try:
        parsed = value if isinstance(value, datetime) else None
        parsed = parse_datetime(value) if isinstance(value, str) else parsed
    except ValueError:  # well formed but not a date, e.g. 2026-02-30 or hour 24
        parsed = None
    at = where("start")
    if parsed is None:
        raise BadMeasurements(f"{at}: must be an ISO 8601 timestamp, got {_shown(value)}.")
    try:
        parsed = bounds.timestamp(parsed, field="start", now=now)
    except bounds.OutOfBounds as exc:
        raise BadMeasurements(f"{at}: {_shown(value)} {exc.message}") from exc
    if parsed.minute or parsed.second or parsed.microsecond:
        raise BadMeasurements(f"{at}: must be on the hour, got {_shown(value)}.")
    if earliest is not None and parsed < earliest:
        raise BadMeasurements(
            f"{at}: {_shown(value)} is before the addon's transition window "
            f"(hours from {earliest:%Y-%m-%dT%H:%MZ} on, a day's grace included)."
        )
    return parsed


def api_label(i: int):
    """The API's convention, as pydantic names a field: rows[0].good (0-based)."""
    return lambda field=None: f"rows[{i}]" + (f".{field}" if field else "")


def measurements_parse(rows, *, label=api_label, earliest=None) -> list[Measurement]:
    """Validate every row; the first problem found is raised, naming its row and field.

    `label(i)` names row i (`label(i)(field)` one of its fields); `earliest` is the first hour
    the caller accepts (the push API: the addon's transition window, less the grace)."""
    if not isinstance(rows, list):
        raise BadMeasurements("rows: the body must be a JSON list of {start, good, total} objects.")
    if not rows:
        raise BadMeasurements("rows: no measurements given.")
    if len(rows) > MAX_ROWS:
        raise BadMeasurements(f"rows: too many rows ({len(rows)}; at most {MAX_ROWS} per request).")
    now = timezone.now()
    seen, parsed = set(), []
    for i, row in enumerate(rows):
        where = label(i)
        if not isinstance(row, dict) or set(row) != {"start", "good", "total"}:
            raise BadMeasurements(f"{where()}: give exactly the fields start, good and total.")
        start = _start(row["start"], where, now, earliest)
        good, total = _count(row["good"], "good", where), _count(row["total"], "total", where)
        if good > total:
            raise BadMeasurements(f"{where('good')}: {good} is greater than total ({total}).")
        if start in seen:
            raise BadMeasurements(
                f"{where('start')}: the hour {start:%Y-%m-%dT%H:00Z} appears twice."
            )
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
    return measurements_parse(rows, label=lambda i: _line(numbered[i][0]))


def _line(n: int):
    """A CSV file's convention: its 1-based line, then the column."""
    return lambda field=None: f"line {n}" + (f", {field}" if field else "")


@dataclass(frozen=True)
class Stored:
    """What a write did: hours new to the SLO, hours whose counts changed, hours unchanged."""

    added: int
    replaced: int
    unchanged: int

    @property
    def written(self) -> int:
        return self.added + self.replaced + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)


def measurements_replace(*, slo: SLO, measurements: list[Measurement], source: str) -> Stored:
    """Upsert the buckets in one transaction; the values a write replaces are kept in
    SLOBucketHistory (with `source`, who or what replaced them)."""
    wanted = {m.start: m for m in measurements}
    with transaction.atomic():
        existing = {
            b.start: b
            for b in SLOBucket.objects.select_for_update().filter(slo=slo, start__in=list(wanted))
        }
        replaced = [
            b
            for start, b in existing.items()
            if (b.good, b.total) != (wanted[start].good, wanted[start].total)
        ]
        SLOBucketHistory.objects.bulk_create(
            [
                SLOBucketHistory(
                    slo=slo, start=b.start, good=b.good, total=b.total, replaced_by=source[:200]
                )
                for b in replaced
            ]
        )
        SLOBucket.objects.bulk_create(
            [SLOBucket(slo=slo, start=m.start, good=m.good, total=m.total) for m in measurements],
            update_conflicts=True,
            unique_fields=["slo", "start"],
            update_fields=["good", "total"],
        )
    return Stored(
        added=len(wanted) - len(existing),
        replaced=len(replaced),
        unchanged=len(existing) - len(replaced),
    )


def measurements_store(*, slo: SLO, measurements: list[Measurement]) -> int:
    """Collection's write: upsert the buckets; returns how many were written."""
    return measurements_replace(slo=slo, measurements=measurements, source="collection").written


def _hours(stored: Stored) -> str:
    return f"{stored.added} added, {stored.replaced} replaced"


def measurements_upload(*, slo: SLO, by, measurements: list[Measurement]) -> int:
    """A person's CSV upload: stored with its timeline event, since it can change a verdict."""
    slo_rules.slo_upload.enforce(by, slo.addon)
    with transaction.atomic():
        stored = measurements_replace(
            slo=slo, measurements=measurements, source=f"CSV upload by {by.get_username()}"
        )
        event_record(
            addon=slo.addon,
            actor=by,
            kind=TimelineEvent.Kind.SLO,
            message=f"SLO {slo.name}: {stored.written} hour{pluralize(stored.written)} of data "
            f"uploaded from a CSV file ({_hours(stored)}).",
            payload={
                "slo": slo.pk,
                "action": "upload",
                "hours": stored.written,
                "added": stored.added,
                "replaced": stored.replaced,
            },
        )
    return stored.written


def measurements_push(*, slo: SLO, token: ApiToken, measurements: list[Measurement]) -> Stored:
    """A push with an addon's token: refused once the addon's transition window is over;
    a push that changed stored data writes one timeline event naming the token."""
    with transaction.atomic():
        addon = Addon.objects.select_for_update().get(pk=slo.addon_id)
        if blocker := push_blocker(addon):
            raise PushClosed(blocker)
        label = f"{token.label} ({token.prefix}…)"
        stored = measurements_replace(
            slo=slo, measurements=measurements, source=f"push with token {label}"
        )
        if stored.changed:
            event_record(
                addon=addon,
                actor=token.user,
                kind=TimelineEvent.Kind.SLO,
                message=f"SLO {slo.name}: pushed with token {label}, hours {_hours(stored)}.",
                payload={
                    "slo": slo.pk,
                    "action": "push",
                    "added": stored.added,
                    "replaced": stored.replaced,
                    "token": token.pk,
                    "token_label": token.label,
                },
            )
    token.mark_used()
    return stored
