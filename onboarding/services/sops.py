"""SOPs: owners list them, the assigned Addon SRE approves each or asks for changes."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .. import permissions
from ..models import SOP, Addon, TimelineEvent
from .errors import ActionRefused
from .slos import CLOSED_STATES
from .timeline import event_record


def _open_addon_locked(addon: Addon) -> Addon:
    """The addon row locked, so that complete_transition (which needs every SOP approved)
    and an SOP change run one after the other; refused once the addon is closed."""
    locked = Addon.objects.select_for_update().get(pk=addon.pk)
    if locked.state in CLOSED_STATES:
        raise ActionRefused(
            f"SOPs cannot change while the addon is {locked.get_state_display().lower()}."
        )
    return locked


def sop_create(*, addon: Addon, by, title: str, url: str, alerts: str = "") -> SOP:
    if not permissions.is_team_owner(addon, by):
        raise PermissionDenied("Only the addon's owners list its SOPs.")
    with transaction.atomic():
        addon = _open_addon_locked(addon)
        sop = SOP.objects.create(addon=addon, title=title.strip(), url=url, alerts=alerts.strip())
        event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.SOP,
            message=f"SOP listed for review: {sop.title}",
            payload={"sop": sop.pk, "action": "created", "url": url},
        )
    return sop


def sop_review(*, sop: SOP, by, approve: bool, comment: str = "") -> SOP:
    addon = sop.addon
    if not permissions.is_assigned_sre(addon, by):
        raise PermissionDenied("Only the Addon SRE assigned to this addon reviews its SOPs.")
    comment = (comment or "").strip()
    if not approve and not comment:
        message = "Say what the owners should change in this SOP."
        raise ActionRefused(message, field_errors={"comment": message})
    with transaction.atomic():
        addon = _open_addon_locked(addon)
        locked = SOP.objects.select_for_update().get(pk=sop.pk)
        locked.status = SOP.Status.APPROVED if approve else SOP.Status.CHANGES_REQUESTED
        locked.review_comment = comment
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.save()
        verdict = "approved" if approve else f"changes requested: {comment}"
        event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.SOP,
            message=f"SOP {locked.title} {verdict}",
            payload={"sop": locked.pk, "action": "review", "status": locked.status},
        )
    return locked


def sop_resubmit(*, sop: SOP, by, title: str, url: str, alerts: str = "") -> SOP:
    """The owners' answer to "changes requested": the SOP edited and back to awaiting review.

    The review it answers stays on the timeline (and on the SOPs page, read from there).
    """
    if not permissions.is_team_owner(sop.addon, by):
        raise PermissionDenied("Only the addon's owners change its SOPs.")
    with transaction.atomic():
        addon = _open_addon_locked(sop.addon)
        locked = SOP.objects.select_for_update().get(pk=sop.pk)
        if locked.status != SOP.Status.CHANGES_REQUESTED:
            raise ActionRefused(
                f"Only an SOP with changes requested is resubmitted; {locked.title} is "
                f"{locked.get_status_display().lower()}."
            )
        locked.title, locked.url, locked.alerts = title.strip(), url, alerts.strip()
        locked.status = SOP.Status.PENDING
        locked.save(update_fields=["title", "url", "alerts", "status"])
        event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.SOP,
            message=f"SOP resubmitted for review: {locked.title}",
            payload={"sop": locked.pk, "action": "resubmitted", "url": url},
        )
    return locked
