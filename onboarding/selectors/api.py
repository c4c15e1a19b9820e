"""Reads of the JSON API that are more than one queryset."""

from django.db.models import Count

from ..models import ChecklistItem, Gate


def checklist_progress(addon) -> dict:
    """Per gate: how many checklist items there are, by status."""
    rows = (
        ChecklistItem.objects.filter(addon=addon)
        .order_by()
        .values("gate", "status")
        .annotate(n=Count("pk"))
    )
    progress = {
        gate: {"total": 0, **dict.fromkeys(ChecklistItem.Status.values, 0)} for gate in Gate.values
    }
    for row in rows:
        progress[row["gate"]][row["status"]] += row["n"]
        progress[row["gate"]]["total"] += row["n"]
    return progress
