"""Writing the intake: owners create and edit it while it is a draft or sent back for changes.

Edits happen between review rounds; the next submit opens a new round (review_rounds.py),
so sign-offs given on the earlier intake become stale.
"""

from django.db import IntegrityError, transaction

from ..errors import ActionRefused, ConcurrentChange
from ..models import Addon, TimelineEvent
from ..rules import addon as rules
from ..rules.context import AddonContext
from .timeline import event_record


def _check_team(team, by) -> None:
    rules.intake_create.enforce(by, team)


def intake_create(*, by, fields: dict) -> Addon:
    _check_team(fields["team"], by)
    try:
        with transaction.atomic():
            addon = Addon.objects.create(created_by=by, **fields)
            event_record(
                addon=addon,
                actor=by,
                kind=TimelineEvent.Kind.INTAKE,
                message=f"{by} started the intake as a draft.",
                payload={"created": True},
            )
    except IntegrityError:
        # Two simultaneous submits of one new id: the second is told what a later one would be.
        if not Addon.objects.filter(addon_id=fields.get("addon_id")).exists():
            raise
        message = "An addon with this id already exists."
        raise ActionRefused(message, field_errors={"addon_id": message}) from None
    return addon


def intake_update(*, addon: Addon, by, fields: dict, seen_state: str | None = None):
    """Apply the changed fields; returns (addon, verbose names of the changed fields)."""
    with transaction.atomic():
        ctx = AddonContext.locked(addon.pk, by)
        locked = ctx.addon
        if (
            seen_state is not None
            and seen_state != locked.state
            and rules.intake_edit.permits_role(ctx, locked)
        ):
            raise ConcurrentChange()
        rules.intake_edit.enforce(ctx, locked)
        fields = {k: v for k, v in fields.items() if k != "addon_id"}
        if "team" in fields and fields["team"] != locked.team:
            _check_team(fields["team"], by)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        if not changed:
            return locked, []
        for name in changed:
            setattr(locked, name, fields[name])
        labels = [str(Addon._meta.get_field(name).verbose_name) for name in changed]
        locked.save()
        event_record(
            addon=locked,
            actor=by,
            kind=TimelineEvent.Kind.INTAKE,
            message=f"{by} edited the intake: " + ", ".join(labels) + ".",
            payload={"changed": changed},
        )
    return locked, labels
