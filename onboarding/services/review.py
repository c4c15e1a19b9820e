"""The review of a submitted intake: sign-offs, objections, the discussion, lead concurrence.

None of these change the addon's state; each writes one timeline event in its transaction.
"""

from django.db import transaction
from django.utils import timezone

from ..errors import ActionRefused
from ..models import Addon, Comment, NotificationKind, SignOff, TimelineEvent
from ..rules import review as rules
from . import recipients
from .timeline import event_record, notification_queue


def _locked(addon: Addon) -> Addon:
    return Addon.objects.select_for_update().select_related("team").get(pk=addon.pk)


def _active(addon: Addon, by) -> SignOff | None:
    return (
        SignOff.objects.select_for_update()
        .filter(addon=addon, architect=by, withdrawn_at__isnull=True)
        .first()
    )


def _record(addon, by, kind, message, **payload):
    return event_record(addon=addon, actor=by, kind=kind, message=message, payload=payload)


def _tell_participants(event, kind, subject: str, body: str) -> None:
    """The rest of the review hears of a comment or an objection (never its author)."""
    addon = event.addon
    notification_queue(
        event=event,
        kind=kind,
        recipients=recipients.participants(addon),
        subject=f"[{addon.addon_id}] {subject}",
        body=f"{body}\n\n{addon.name} ({addon.addon_id}) is {addon.get_state_display().lower()}.",
    )


def _supersede(signoff: SignOff | None) -> None:
    """A sign-off or objection of an earlier round gives way to this round's."""
    if signoff is not None:
        signoff.withdrawn_at = timezone.now()
        signoff.save(update_fields=["withdrawn_at"])


def signoff_give(*, addon: Addon, by, note: str = "") -> SignOff:
    note = (note or "").strip()
    with transaction.atomic():
        locked = _locked(addon)
        rules.sign_off.enforce(by, locked)
        _supersede(_active(locked, by))
        signoff = SignOff.objects.create(
            addon=locked, architect=by, note=note, intake_revision=locked.intake_revision
        )
        _record(
            locked,
            by,
            TimelineEvent.Kind.SIGNOFF,
            f"{by} signed off in review round {locked.intake_revision}."
            + (f" {note}" if note else ""),
            action="sign_off",
            intake_revision=locked.intake_revision,
        )
    return signoff


def signoff_withdraw(*, addon: Addon, by) -> None:
    with transaction.atomic():
        locked = _locked(addon)
        rules.withdraw_sign_off.enforce(by, locked)
        active = _active(locked, by)
        _supersede(active)
        _record(
            locked,
            by,
            TimelineEvent.Kind.SIGNOFF,
            f"{by} withdrew their sign-off.",
            action="withdraw_sign_off",
            intake_revision=active.intake_revision,
        )


def objection_raise(*, addon: Addon, by, note: str) -> SignOff:
    note = (note or "").strip()
    if not note:
        message = "Say what you object to."
        raise ActionRefused(message, field_errors={"note": message})
    with transaction.atomic():
        locked = _locked(addon)
        rules.object_.enforce(by, locked)
        _supersede(_active(locked, by))
        objection = SignOff.objects.create(
            addon=locked,
            architect=by,
            objection=True,
            note=note,
            intake_revision=locked.intake_revision,
        )
        event = _record(
            locked,
            by,
            TimelineEvent.Kind.OBJECTION,
            f"{by} objected: {note}",
            action="object",
            intake_revision=locked.intake_revision,
        )
        _tell_participants(
            event,
            NotificationKind.OBJECTION,
            f"{by} objected to {locked.name}",
            f"{by} objected in review round {locked.intake_revision}:\n\n{note}\n\n"
            "The intake cannot be accepted while the objection stands.",
        )
    return objection


def objection_withdraw(*, addon: Addon, by) -> None:
    with transaction.atomic():
        locked = _locked(addon)
        rules.withdraw_objection.enforce(by, locked)
        _supersede(_active(locked, by))
        event = _record(
            locked,
            by,
            TimelineEvent.Kind.OBJECTION,
            f"{by} withdrew their objection.",
            action="withdraw_objection",
        )
        _tell_participants(
            event,
            NotificationKind.OBJECTION,
            f"{by} withdrew their objection to {locked.name}",
            f"{by} withdrew their objection.",
        )


def comment_post(*, addon: Addon, by, body: str) -> Comment:
    body = (body or "").strip()
    if not body:
        message = "Write a comment first."
        raise ActionRefused(message, field_errors={"body": message})
    with transaction.atomic():
        locked = _locked(addon)
        rules.comment.enforce(by, locked)
        comment = Comment.objects.create(addon=locked, author=by, body=body)
        event = _record(locked, by, TimelineEvent.Kind.COMMENT, body, comment=comment.pk)
        _tell_participants(
            event,
            NotificationKind.COMMENT,
            f"{by} commented on {locked.name}",
            f"{by} wrote:\n\n{body}",
        )
    return comment


def concurrence_give(*, addon: Addon, by, note: str = "") -> TimelineEvent:
    note = (note or "").strip()
    with transaction.atomic():
        locked = _locked(addon)
        rules.concur.enforce(by, locked)
        return _record(
            locked,
            by,
            TimelineEvent.Kind.CONCURRENCE,
            f"{by} (SRE lead) concurs with onboarding this addon." + (f" {note}" if note else ""),
            intake_revision=locked.intake_revision,
        )
