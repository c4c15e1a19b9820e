"""Owners write the addon's managed-tenants metadata (addon.yaml's fields beyond the intake)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import Addon, AddonMetadata, TimelineEvent
from ..models.states import OPEN_STATES
from ..permissions import is_team_owner
from .errors import ActionRefused
from .timeline import event_record

ADDON_FIELDS = ("pagerduty_escalation_policy_id", "dms_tags")


def addon_metadata_update(*, addon: Addon, by, values: dict) -> list[str]:
    """Apply what changed; returns the labels of the changed fields."""
    with transaction.atomic():
        locked = Addon.objects.select_for_update().select_related("team").get(pk=addon.pk)
        if not is_team_owner(locked, by):
            raise PermissionDenied("Only the owner team edits the managed-tenants metadata.")
        if locked.state not in OPEN_STATES:
            raise ActionRefused("The addon is no longer onboarding; managed-tenants is the record.")
        metadata, _ = AddonMetadata.objects.get_or_create(addon=locked)
        changed = []
        for name, value in values.items():
            target = locked if name in ADDON_FIELDS else metadata
            if getattr(target, name) != value:
                setattr(target, name, value)
                changed.append(name)
        if not changed:
            return []
        locked.save()
        metadata.save()
        labels = [_label(name) for name in changed]
        event_record(
            addon=locked,
            actor=by,
            kind=TimelineEvent.Kind.INTAKE,
            message=f"{by} edited the managed-tenants metadata: {', '.join(labels)}.",
            payload={"changed": changed, "section": "managed-tenants metadata"},
        )
    return labels


def _label(name: str) -> str:
    model = Addon if name in ADDON_FIELDS else AddonMetadata
    return str(model._meta.get_field(name).verbose_name)
