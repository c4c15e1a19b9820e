"""Owners write the addon's managed-tenants metadata (addon.yaml's fields beyond the intake)."""

from django.db import transaction

from ..errors import ActionRefused
from ..integrations.managed_tenants.addon_yaml import addon_metadata_of
from ..models import Addon, AddonMetadata, TimelineEvent
from ..rules import addon as rules
from .timeline import event_record

ADDON_FIELDS = ("pagerduty_escalation_policy_id", "dms_tags")


def addon_metadata_update(
    *, addon: Addon, by, values: dict, environment: str = "stage"
) -> list[str]:
    """Apply what changed to the environment's values; returns the labels of the changed
    fields. The addon's own fields (owners' PagerDuty policy, snitch tags) are shared by both
    environments and written from stage only. Production's first save gives it its own row,
    starting from stage's values."""
    if environment not in AddonMetadata.Environment.values:
        raise ActionRefused("The environment must be stage or production.")
    if environment != "stage" and set(values) & set(ADDON_FIELDS):
        raise ActionRefused(
            "The PagerDuty escalation policy and the snitch tags are shared by stage and "
            "production; change them on the stage page."
        )
    with transaction.atomic():
        locked = Addon.objects.select_for_update().select_related("team").get(pk=addon.pk)
        rules.metadata_edit.enforce(by, locked)
        metadata = addon_metadata_of(locked, environment)
        changed = []
        for name, value in values.items():
            target = locked if name in ADDON_FIELDS else metadata
            if getattr(target, name) != value:
                setattr(target, name, value)
                changed.append(name)
        if not changed:
            return []
        locked.save()
        metadata.save()  # production's first save inserts its own row
        labels = [_label(name) for name in changed]
        event_record(
            addon=locked,
            actor=by,
            kind=TimelineEvent.Kind.INTAKE,
            message=(
                f"{by} edited the {environment} managed-tenants metadata: {', '.join(labels)}."
            ),
            payload={
                "changed": changed,
                "section": "managed-tenants metadata",
                "environment": environment,
            },
        )
    return labels


def _label(name: str) -> str:
    model = Addon if name in ADDON_FIELDS else AddonMetadata
    return str(model._meta.get_field(name).verbose_name)
