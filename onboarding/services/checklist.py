"""The acceptance checklist: an addon's snapshot of the published template, and its items' moves.

An item moves `todo → done → verified`, or `→ waiver_requested → waived`, or back to `todo`
with a reason (DOMAIN.md "The acceptance checklist"). Each move below locks the item row,
checks who may act (PermissionDenied) before what the item allows (ActionRefused), and writes
exactly one timeline event in the same transaction.
"""

from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..errors import ActionRefused
from ..models import (
    Addon,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    NotificationKind,
    Team,
    TimelineEvent,
)
from ..rules.checklist import ACTIVE_STATES as ACTIVE_STATES
from ..rules.checklist import ITEM_RULES, ChecklistRoles
from . import recipients
from .timeline import event_record, notification_queue

Status = ChecklistItem.Status

# The people an item names; read with the item so that showing it costs no further query.
PEOPLE = ("done_by", "verified_by", "waiver_requested_by", "waiver_decided_by")


def checklist_instantiate(*, addon) -> tuple[int, bool]:
    """Copy the latest published template's items onto the addon: (version, resumed).

    An addon that was withdrawn from onboarding and comes back keeps its checklist: the
    items and their history resume as they were (the evidence still exists; the assigned
    Addon SRE reopens whatever no longer holds), on the template version it started with.
    """
    kept = addon.checklist_items.values_list("template_version", flat=True).first()
    if kept is not None:
        return kept, True
    template = (
        ChecklistTemplate.objects.filter(published_at__isnull=False).order_by("-version").first()
    )
    if template is None:
        raise ActionRefused("No published checklist template exists; a manager must publish one.")
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            addon=addon,
            template_version=template.version,
            **{name: getattr(item, name) for name in ChecklistTemplateItem.CONTENT_FIELDS},
        )
        for item in template.items.all()
    )
    return template.version, False


def _act(*, item, by, action: str, change, kind=TimelineEvent.Kind.CHECKLIST):
    """Lock the item, check role then state, apply `change`, record one event."""
    with transaction.atomic():
        # One locked read: the item with its addon and people, and whether `by` is in the
        # addon's team or among its engineers (the flags permissions.py reads).
        locked = (
            # The addon row too: approve_production and complete_transition read the items
            # under that lock, so a move waits for them and then sees the addon's new state.
            ChecklistItem.objects.select_for_update(of=("self", "addon"))
            .select_related("addon", "addon__team", *PEOPLE)
            .annotate(
                viewer_in_team=Exists(
                    Team.members.through.objects.filter(
                        team_id=OuterRef("addon__team_id"), user_id=by.pk
                    )
                ),
                viewer_is_engineer=Exists(
                    Addon.engineers.through.objects.filter(
                        addon_id=OuterRef("addon_id"), user_id=by.pk
                    )
                ),
            )
            .get(pk=item.pk)
        )
        addon = locked.addon
        addon.viewer_pk = by.pk
        addon.viewer_in_team = locked.viewer_in_team
        addon.viewer_is_engineer = locked.viewer_is_engineer
        ITEM_RULES[action].enforce(ChecklistRoles.of(addon, by), locked)
        before = locked.status
        message, payload, notify = change(locked)
        locked.save()
        event = event_record(
            addon=addon,
            actor=by,
            kind=kind,
            message=message,
            payload={"item": locked.key, "action": action, "from": before, "to": locked.status}
            | payload,
        )
        if notify:
            notification_queue(
                event=event,
                recipients=notify,
                kind=NotificationKind.CHECKLIST,
                subject=f"[{addon.addon_id}] {message}",
                body=f"{message}\n\n{addon.name} ({addon.addon_id}), item {locked.key}: "
                f"{locked.title}",
            )
    return locked


def _http_url(value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            message = "This item needs evidence: give the URL of the document or dashboard."
            raise ActionRefused(message, field_errors={"evidence_url": message})
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 500:
        message = "Give an http(s) URL, e.g. https://docs.example.com/runbook."
        raise ActionRefused(message, field_errors={"evidence_url": message})
    return value


def _text(value: str, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ActionRefused(message, field_errors={field_name: message})
    return value


def item_mark_done(*, item, by, evidence_url: str = "", notes: str = "") -> ChecklistItem:
    def change(i):
        i.evidence_url = _http_url(evidence_url, required=i.evidence_required)
        i.notes = (notes or "").strip() or i.notes
        i.status, i.done_by, i.done_at = Status.DONE, by, timezone.now()
        i.reopen_reason = ""
        return f"{by} marked {i.key} done.", {"evidence_url": i.evidence_url}, []

    return _act(item=item, by=by, action="mark_done", change=change)


def item_verify(*, item, by, notes: str = "") -> ChecklistItem:
    def change(i):
        if notes and notes.strip():
            i.notes = notes.strip()
        i.status, i.verified_by, i.verified_at = Status.VERIFIED, by, timezone.now()
        return f"{by} verified {i.key}.", {}, []

    return _act(item=item, by=by, action="verify", change=change)


def item_reopen(*, item, by, reason: str) -> ChecklistItem:
    reason = _text(reason, "reason", "Say why the item is reopened.")

    def change(i):
        i.status, i.reopen_reason = Status.TO_DO, reason
        i.done_by = i.done_at = i.verified_by = i.verified_at = None
        i.waiver_decided_by = i.waiver_decided_at = None
        return f"{by} reopened {i.key}: {reason}", {"reason": reason}, []

    return _act(item=item, by=by, action="reopen", change=change)


def item_request_waiver(*, item, by, justification: str) -> ChecklistItem:
    justification = _text(
        justification, "justification", "Justify the waiver: why the item does not apply."
    )

    def change(i):
        i.status, i.waiver_justification, i.waiver_requested_by = (
            Status.WAIVER_REQUESTED,
            justification,
            by,
        )
        i.waiver_decided_by = i.waiver_decided_at = None
        lead = [i.addon.sre_lead.email] if i.addon.sre_lead_id else []
        return (
            f"{by} requested a waiver for {i.key}: {justification}",
            {"justification": justification},
            lead,
        )

    return _act(
        item=item, by=by, action="request_waiver", change=change, kind=TimelineEvent.Kind.WAIVER
    )


def _status_before_waiver(item) -> str:
    """A refused waiver puts the item back where it was: done (if it was) or todo."""
    return Status.DONE if item.done_at else Status.TO_DO


def item_decide_waiver(*, item, by, approve: bool, reason: str = "") -> ChecklistItem:
    if not approve:
        reason = _text(reason, "reason", "Say why the waiver is refused.")

    def change(i):
        i.waiver_decided_by, i.waiver_decided_at = by, timezone.now()
        requester = [i.waiver_requested_by.email] if i.waiver_requested_by_id else []
        notify = requester + recipients.owner_team(i.addon)
        if approve:
            i.status = Status.WAIVED
            return f"{by} approved the waiver for {i.key}.", {"approved": True}, notify
        i.status, i.reopen_reason = _status_before_waiver(i), reason
        return (
            f"{by} refused the waiver for {i.key}: {reason}",
            {"approved": False, "reason": reason},
            notify,
        )

    return _act(
        item=item, by=by, action="decide_waiver", change=change, kind=TimelineEvent.Kind.WAIVER
    )
