"""The review of a submitted intake: sign-offs, objections, the discussion, lead concurrence.

None of these change the addon's state; each writes one timeline event in its transaction.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import Addon, Comment, SignOff, State, TimelineEvent
from ..permissions import is_architect, is_team_owner
from ..roles import PERM
from .errors import ActionRefused
from .timeline import event_record

# Until the decision (accept/reject) a sign-off or objection may be withdrawn.
UNDECIDED_STATES = {State.SUBMITTED, State.CHANGES_REQUESTED}
# The discussion runs from the submit until the addon is assigned.
DISCUSSION_STATES = {State.SUBMITTED, State.CHANGES_REQUESTED, State.ACCEPTED, State.REJECTED}


def _locked(addon: Addon) -> Addon:
    return Addon.objects.select_for_update().select_related("team").get(pk=addon.pk)


def _architect_locked(addon: Addon, by, verb: str) -> Addon:
    locked = _locked(addon)
    if not is_architect(locked, by):
        raise PermissionDenied(f"Only architects may {verb}.")
    return locked


def _active(addon: Addon, by) -> SignOff | None:
    return (
        SignOff.objects.select_for_update()
        .filter(addon=addon, architect=by, withdrawn_at__isnull=True)
        .first()
    )


def _record(addon, by, kind, message, **payload):
    return event_record(addon=addon, actor=by, kind=kind, message=message, payload=payload)


def signoff_give(*, addon: Addon, by, note: str = "") -> SignOff:
    note = (note or "").strip()
    with transaction.atomic():
        locked = _architect_locked(addon, by, "sign off")
        if locked.state != State.SUBMITTED:
            raise ActionRefused("Sign-offs are given while the intake is submitted for review.")
        if locked.team.members.filter(pk=by.pk).exists():
            raise ActionRefused(
                f"You are a member of {locked.team}: an architect cannot sign off "
                "an addon of their own team."
            )
        active = _active(locked, by)
        if active is not None and active.objection:
            raise ActionRefused("Withdraw your objection before signing off.")
        if active is not None and active.intake_revision == locked.intake_revision:
            raise ActionRefused("You have already signed off this revision of the intake.")
        if active is not None:
            # A stale sign-off is superseded by the one on the current revision.
            active.withdrawn_at = timezone.now()
            active.save(update_fields=["withdrawn_at"])
        signoff = SignOff.objects.create(
            addon=locked, architect=by, note=note, intake_revision=locked.intake_revision
        )
        _record(
            locked,
            by,
            TimelineEvent.Kind.SIGNOFF,
            f"{by} signed off intake revision {locked.intake_revision}."
            + (f" {note}" if note else ""),
            action="sign_off",
            intake_revision=locked.intake_revision,
        )
    return signoff


def signoff_withdraw(*, addon: Addon, by) -> None:
    with transaction.atomic():
        locked = _architect_locked(addon, by, "withdraw a sign-off")
        if locked.state not in UNDECIDED_STATES:
            raise ActionRefused("The review is decided: sign-offs can no longer be withdrawn.")
        active = _active(locked, by)
        if active is None or active.objection:
            raise ActionRefused("You have no sign-off on this addon to withdraw.")
        active.withdrawn_at = timezone.now()
        active.save(update_fields=["withdrawn_at"])
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
        locked = _architect_locked(addon, by, "object")
        if locked.state != State.SUBMITTED:
            raise ActionRefused("Objections are raised while the intake is submitted for review.")
        active = _active(locked, by)
        if active is not None and active.objection:
            raise ActionRefused("You already have an open objection on this addon.")
        if active is not None:
            raise ActionRefused("Withdraw your sign-off before objecting.")
        objection = SignOff.objects.create(
            addon=locked,
            architect=by,
            objection=True,
            note=note,
            intake_revision=locked.intake_revision,
        )
        _record(
            locked,
            by,
            TimelineEvent.Kind.OBJECTION,
            f"{by} objected: {note}",
            action="object",
            intake_revision=locked.intake_revision,
        )
    return objection


def objection_withdraw(*, addon: Addon, by) -> None:
    with transaction.atomic():
        locked = _architect_locked(addon, by, "withdraw an objection")
        if locked.state not in UNDECIDED_STATES:
            raise ActionRefused("The review is decided: objections can no longer be withdrawn.")
        active = _active(locked, by)
        if active is None or not active.objection:
            raise ActionRefused("You have no open objection on this addon.")
        active.withdrawn_at = timezone.now()
        active.save(update_fields=["withdrawn_at"])
        _record(
            locked,
            by,
            TimelineEvent.Kind.OBJECTION,
            f"{by} withdrew their objection.",
            action="withdraw_objection",
        )


def may_discuss(addon: Addon, user) -> bool:
    return (
        is_team_owner(addon, user)
        or user.has_perm(PERM["review_addon"])
        or user.has_perm(PERM["lead_onboarding"])
    )


def comment_post(*, addon: Addon, by, body: str) -> Comment:
    body = (body or "").strip()
    if not body:
        message = "Write a comment first."
        raise ActionRefused(message, field_errors={"body": message})
    with transaction.atomic():
        locked = _locked(addon)
        if not may_discuss(locked, by):
            raise PermissionDenied("Only the owner team, architects and the SRE lead discuss.")
        if locked.state not in DISCUSSION_STATES:
            raise ActionRefused(
                "The discussion is open from the submit until the addon is assigned."
            )
        comment = Comment.objects.create(addon=locked, author=by, body=body)
        _record(locked, by, TimelineEvent.Kind.COMMENT, body, comment=comment.pk)
    return comment


def concurrence_given(addon: Addon, user) -> bool:
    return TimelineEvent.objects.filter(
        addon=addon,
        actor=user,
        kind=TimelineEvent.Kind.CONCURRENCE,
        payload__intake_revision=addon.intake_revision,
    ).exists()


def concurrence_give(*, addon: Addon, by, note: str = "") -> TimelineEvent:
    note = (note or "").strip()
    with transaction.atomic():
        locked = _locked(addon)
        if not by.has_perm(PERM["lead_onboarding"]):
            raise PermissionDenied("Only the SRE lead concurs.")
        if locked.state != State.SUBMITTED:
            raise ActionRefused("Concurrence is given while the intake is submitted for review.")
        if concurrence_given(locked, by):
            raise ActionRefused("You already concurred on this revision of the intake.")
        return _record(
            locked,
            by,
            TimelineEvent.Kind.CONCURRENCE,
            f"{by} (SRE lead) concurs with onboarding this addon." + (f" {note}" if note else ""),
            intake_revision=locked.intake_revision,
        )
