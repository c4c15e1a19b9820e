from django import template

from ..models import Gate
from ..selectors.checklist_progress import checklist_progress, gate_blocking_items, next_gate

register = template.Library()


@register.simple_tag
def checklist_summary(addon):
    """Progress and the items blocking the next gate, for the addon page; None without a checklist."""
    progress = checklist_progress(addon)
    if not progress.overall.total:
        return None
    gate = next_gate(addon)
    return {
        "progress": progress,
        "gate": gate,
        "gate_label": Gate(gate).label if gate else "",
        "blocking": gate_blocking_items(addon, gate) if gate else [],
    }
