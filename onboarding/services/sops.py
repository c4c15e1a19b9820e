"""SOPs: owners list them, the assigned Addon SRE approves each or asks for changes."""

from django.db import transaction
from django.utils import timezone

from ..errors import ActionRefused
from ..models import SOP, Addon, TimelineEvent
from ..rules import slos as rules
from .review_notices import changes_requested_notify, review_requested_notify
from .timeline import event_record


def _addon_locked(addon: Addon, by, rule) -> Addon:
    """The addon row locked, so that complete_transition (which needs every SOP approved)
    and an SOP change run one after the other; the rule is asked again under the lock."""
    locked = Addon.objects.select_for_update().select_related("team").get(pk=addon.pk)
    rule.enforce(by, locked)
    return locked


def sop_create(*, addon: Addon, by, title: str, url: str, alerts: str = "") -> SOP:
    rules.sop_edit.enforce(by, addon)
    with transaction.atomic():
        addon = _addon_locked(addon, by, rules.sop_edit)
        if addon.sops.filter(title__iexact=title.strip()).exists():
            message = "This addon already lists an SOP with this title."
            raise ActionRefused(message, field_errors={"title": message})
        sop = SOP.objects.create(addon=addon, title=title.strip(), url=url, alerts=alerts.strip())
        event = event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.SOP,
            message=f"SOP listed for review: {sop.title}",
            payload={"sop": sop.pk, "action": "created", "url": url},
        )
        review_requested_notify(event=event, what=f"the SOP {sop.title}", page="SOPs")
    return sop


def sop_review(*, sop: SOP, by, approve: bool, comment: str = "") -> SOP:
    addon = sop.addon
    rules.sop_review.enforce(by, addon)
    comment = (comment or "").strip()
    if not approve and not comment:
        message = "Say what the owners should change in this SOP."
        raise ActionRefused(message, field_errors={"comment": message})
    with transaction.atomic():
        addon = _addon_locked(addon, by, rules.sop_review)
        locked = SOP.objects.select_for_update().get(pk=sop.pk)
        locked.status = SOP.Status.APPROVED if approve else SOP.Status.CHANGES_REQUESTED
        locked.review_comment = comment
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.save()
        verdict = "approved" if approve else f"changes requested: {comment}"
        event = event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.SOP,
            message=f"SOP {locked.title} {verdict}",
            payload={"sop": locked.pk, "action": "review", "status": locked.status},
        )
        if not approve:
            changes_requested_notify(
                event=event,
                what=f"the SOP {locked.title}",
                comment=comment,
                next_step="Edit it and resubmit it on the addon's SOPs page.",
            )
    return locked


def sop_resubmit(*, sop: SOP, by, title: str, url: str, alerts: str = "") -> SOP:
    """The owners' answer to "changes requested": the SOP edited and back to awaiting review.

    The review it answers stays on the timeline (and on the SOPs page, read from there).
    """
    rules.sop_edit.enforce(by, sop.addon)
    with transaction.atomic():
        addon = _addon_locked(sop.addon, by, rules.sop_edit)
        locked = SOP.objects.select_for_update().get(pk=sop.pk)
        if locked.status != SOP.Status.CHANGES_REQUESTED:
            raise ActionRefused(
                f"Only an SOP with changes requested is resubmitted; {locked.title} is "
                f"{locked.get_status_display().lower()}."
            )
        locked.title, locked.url, locked.alerts = title.strip(), url, alerts.strip()
        locked.status = SOP.Status.PENDING
        locked.save(update_fields=["title", "url", "alerts", "status"])
        event = event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.SOP,
            message=f"SOP resubmitted for review: {locked.title}",
            payload={"sop": locked.pk, "action": "resubmitted", "url": url},
        )
        review_requested_notify(event=event, what=f"the SOP {locked.title}", page="SOPs")
    return locked
