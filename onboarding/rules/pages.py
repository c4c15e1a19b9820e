"""The rules of the role-wide pages (no one addon): who works the review queue, who assigns,
who files intakes, who maintains the checklist templates. Each takes `(ctx, None)`; the navigation asks the same rules."""

from .base import Forbidden, Rule


def _review_queue(ctx, _):
    if ctx.architect or ctx.any_lead:
        return None
    return Forbidden("The review queue is for architects and the SRE lead.")


def _signs_off(ctx, _):
    """Architects sign off (the queue shows them what awaits their sign-off)."""
    if ctx.architect:
        return None
    return Forbidden("Only architects sign off.")


def _assign_queue(ctx, _):
    if ctx.manager:
        return None
    return Forbidden("Assignment is for Addon SRE managers.")


def _dashboard(ctx, _):
    if ctx.manager:
        return None
    return Forbidden("The dashboard is for Addon SRE managers.")


def _checklist_templates(ctx, _):
    """Drafting, publishing and copying checklist template versions (the admin)."""
    if ctx.manager:
        return None
    return Forbidden("Only an Addon SRE Manager maintains checklist templates.")


def _admin(ctx, _):
    """Django's admin signs in staff only; of those, the manager role opens it."""
    if ctx.actor.is_active and ctx.actor.is_staff and ctx.manager:
        return None
    return Forbidden("The admin is for Addon SRE managers.")


review_queue = Rule(_review_queue, "review_queue")
signs_off = Rule(_signs_off, "signs_off")
assign_queue = Rule(_assign_queue, "assign_queue")
dashboard = Rule(_dashboard, "dashboard")
admin = Rule(_admin, "admin")
checklist_templates = Rule(_checklist_templates, "checklist_templates")
