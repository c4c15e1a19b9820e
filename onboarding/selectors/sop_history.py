"""Each SOP's review history, read from the timeline in one query (the events are the record)."""

from ..models import TimelineEvent


def sop_history(addon) -> dict[int, list[TimelineEvent]]:
    """{sop id: its events, oldest first}: listed, reviewed, resubmitted."""
    events = TimelineEvent.objects.filter(addon=addon, kind=TimelineEvent.Kind.SOP)
    history: dict[int, list[TimelineEvent]] = {}
    for event in events.select_related("actor").order_by("created_at", "pk"):
        history.setdefault(event.payload.get("sop"), []).append(event)
    return history
