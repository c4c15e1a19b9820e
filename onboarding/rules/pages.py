"""The rules of the role-wide pages (no one addon): who works the review queue, who assigns,
who files intakes, who maintains the checklist templates. Each takes `(user, None)`; the navigation asks the same rules."""

from .. import permissions
from .base import Forbidden, Rule


def _review_queue(user, _):
    if permissions.is_architect(None, user) or permissions.is_lead(None, user):
        return None
    return Forbidden("The review queue is for architects and the SRE lead.")


def _signs_off(user, _):
    """Architects sign off (the queue shows them what awaits their sign-off)."""
    if permissions.is_architect(None, user):
        return None
    return Forbidden("Only architects sign off.")


def _assign_queue(user, _):
    if permissions.is_manager(None, user):
        return None
    return Forbidden("Assignment is for Addon SRE managers.")


def _dashboard(user, _):
    if permissions.is_manager(None, user):
        return None
    return Forbidden("The dashboard is for Addon SRE managers.")


def _checklist_templates(user, _):
    """Drafting, publishing and copying checklist template versions (the admin)."""
    if permissions.is_manager(None, user):
        return None
    return Forbidden("Only an Addon SRE Manager maintains checklist templates.")


def _admin(user, _):
    """Django's admin signs in staff only; of those, the manager role opens it."""
    if user.is_active and user.is_staff and permissions.is_manager(None, user):
        return None
    return Forbidden("The admin is for Addon SRE managers.")


review_queue = Rule(_review_queue, "review_queue")
signs_off = Rule(_signs_off, "signs_off")
assign_queue = Rule(_assign_queue, "assign_queue")
dashboard = Rule(_dashboard, "dashboard")
admin = Rule(_admin, "admin")
checklist_templates = Rule(_checklist_templates, "checklist_templates")
