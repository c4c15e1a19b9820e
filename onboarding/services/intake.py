"""Writing the intake: owners create and edit it while it is a draft or sent back for changes.

Edits happen between review rounds; the next submit opens a new round (review_rounds.py),
so sign-offs given on the earlier intake become stale.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import Addon, TimelineEvent
from ..models.states import EDITABLE_INTAKE_STATES
from ..permissions import is_team_owner
from ..roles import PERM
from .errors import ActionRefused, ConcurrentChange
from .timeline import event_record


def _check_team(team, by) -> None:
    if not by.has_perm(PERM["own_addon"]) or not team.members.filter(pk=by.pk).exists():
        raise PermissionDenied("You may file intakes only for your own team.")


def intake_create(*, by, fields: dict) -> Addon:
    _check_team(fields["team"], by)
    with transaction.atomic():
        addon = Addon.objects.create(created_by=by, **fields)
        event_record(
            addon=addon,
            actor=by,
            kind=TimelineEvent.Kind.INTAKE,
            message=f"{by} started the intake as a draft.",
            payload={"created": True},
        )
    return addon


def intake_update(*, addon: Addon, by, fields: dict, seen_state: str | None = None):
    """Apply the changed fields; returns (addon, verbose names of the changed fields)."""
    with transaction.atomic():
        locked = Addon.objects.select_for_update().select_related("team").get(pk=addon.pk)
        if not is_team_owner(locked, by):
            raise PermissionDenied("Only the owner team may edit the intake.")
        if seen_state is not None and seen_state != locked.state:
            raise ConcurrentChange()
        if locked.state not in EDITABLE_INTAKE_STATES:
            raise ActionRefused(
                "The intake can be edited only while it is a draft or changes were requested."
            )
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
