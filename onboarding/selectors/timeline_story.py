"""The timeline page's default reading: the story, with checklist moves folded into one row a day.

An onboarding moves dozens of checklist items; listed one by one they bury the state changes,
reviews and decisions. By default the page lists every other event and one row per day that
had checklist moves ("12 checklist changes on 3 Dec 2026"), which opens to that day's moves.

The rows are one SQL UNION (story events and per-day aggregates), so the paginator counts and
slices rows in the database, and a page costs the same few queries however long the history.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, DateField, F, IntegerField, Max, Q, Value
from django.db.models.functions import TruncDate

from ..models import TimelineEvent

CHECKLIST = TimelineEvent.Kind.CHECKLIST


@dataclass
class Fold:
    day: date
    count: int
    moves: list[TimelineEvent] = field(default_factory=list)


@dataclass
class Row:
    """Either one story event or the fold of a day's checklist moves."""

    event: TimelineEvent | None = None
    fold: Fold | None = None


def story_rows(events):
    """(at, pk, fold_day, moves) per row, newest first; `events` as filtered for the page."""
    events = events.select_related(None).order_by()
    story = (
        events.exclude(kind=CHECKLIST)
        .annotate(
            at=F("created_at"),
            fold_day=Value(None, output_field=DateField()),
            moves=Value(0, output_field=IntegerField()),
        )
        .values_list("at", "pk", "fold_day", "moves")
    )
    folds = (
        events.filter(kind=CHECKLIST)
        .annotate(fold_day=TruncDate("created_at"))
        .values("fold_day")
        .annotate(at=Max("created_at"), last=Max("pk"), moves=Count("pk"))
        .values_list("at", "last", "fold_day", "moves")
    )
    return story.union(folds, all=True).order_by("-at", "-pk")


def story_page_rows(events, keys) -> list[Row]:
    """The page's rows with their events: one query, whatever the page holds."""
    ids = {pk for _, pk, day, _ in keys if day is None}
    days = {day: Fold(day, count) for _, _, day, count in keys if day is not None}
    found = {}
    if ids or days:
        wanted = events.annotate(fold_day=TruncDate("created_at")).filter(
            Q(pk__in=ids) | Q(kind=CHECKLIST, fold_day__in=list(days))
        )
        for event in wanted:
            if event.pk in ids:
                found[event.pk] = event
            else:
                days[event.fold_day].moves.append(event)
    return [
        Row(fold=days[day]) if day is not None else Row(event=found[pk])
        for _, pk, day, _ in keys
        if day is not None or pk in found
    ]
