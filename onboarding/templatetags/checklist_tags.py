from django import template

from ..models import Gate
from ..selectors.checklist_progress import next_gate

register = template.Library()


@register.simple_tag
def checklist_summary(ctx):
    """Progress and the items blocking the next gate, for the addon page (the page's
    AddonContext: the same reads as its transition guards); None without a checklist."""
    addon, progress = ctx.addon, ctx.checklist_progress
    if not progress.overall.total:
        return None
    gate = next_gate(addon)
    return {
        "progress": progress,
        "gate": gate,
        "gate_label": Gate(gate).label if gate else "",
        "blocking": ctx.gate_blocking(gate) if gate else [],
    }
