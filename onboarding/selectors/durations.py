"""Time spent in each state and stage, derived from the transition events.

A transition event opens a segment in its `to_state`; the segment ends at the addon's next
transition (or now, while the addon is still there). Before the first transition the addon
was a draft since its creation.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import DurationField, ExpressionWrapper, F, Window
from django.db.models.functions import Lead
from django.utils import timezone

from ..models import STAGE_OF_STATE, State, TimelineEvent


@dataclass
class Segment:
    state: str
    start: datetime
    end: datetime
    current: bool = False

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def stage(self) -> str:
        return STAGE_OF_STATE[self.state]

    @property
    def label(self) -> str:
        return State(self.state).label


def state_segments(*, created_at, current_state, transitions, now=None) -> list[Segment]:
    """Segments of one addon from its transition events (any order; sorted here)."""
    now = now or timezone.now()
    ordered = sorted(transitions, key=lambda e: (e.created_at, e.pk or 0))
    segments = []
    state = ordered[0].from_state if ordered else current_state
    start = created_at
    for event in ordered:
        segments.append(Segment(state, start, event.created_at))
        state, start = event.to_state, event.created_at
    segments.append(Segment(state, start, max(now, start), current=True))
    return [s for s in segments if s.end > s.start or s.current]


def addon_segments(addon, now=None) -> list[Segment]:
    """One query: the ordered transition events of this addon."""
    transitions = TimelineEvent.objects.filter(
        addon=addon, kind=TimelineEvent.Kind.TRANSITION
    ).only("pk", "created_at", "from_state", "to_state")
    return state_segments(
        created_at=addon.created_at, current_state=addon.state, transitions=transitions, now=now
    )


def totals_by(segments, key) -> dict[str, timedelta]:
    """Total time per state (key="state") or per stage (key="stage"), in first-seen order."""
    totals: dict[str, timedelta] = {}
    for segment in segments:
        name = getattr(segment, key)
        totals[name] = totals.get(name, timedelta()) + segment.duration
    return totals


def segments_queryset():
    """Every transition event with the end of the segment it opens (SQL window `LEAD`)."""
    ended = Window(
        Lead("created_at"),
        partition_by=[F("addon_id")],
        order_by=[F("created_at").asc(), F("id").asc()],
    )
    return (
        TimelineEvent.objects.filter(kind=TimelineEvent.Kind.TRANSITION)
        .order_by()
        .annotate(ended=ended)
        .annotate(duration=ExpressionWrapper(ended - F("created_at"), output_field=DurationField()))
        .values("addon_id", "to_state", "ended", "duration")
    )
