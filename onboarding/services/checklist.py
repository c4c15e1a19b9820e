"""The acceptance checklist: instantiating an addon's snapshot of the published template."""

from ..models import ChecklistItem, ChecklistTemplate
from .errors import ActionRefused

SNAPSHOT_FIELDS = (
    "position",
    "key",
    "category",
    "title",
    "guidance",
    "mandatory",
    "side",
    "gate",
    "evidence_required",
)


def checklist_instantiate(*, addon) -> int:
    """Copy the latest published template's items onto the addon; returns the version."""
    template = (
        ChecklistTemplate.objects.filter(published_at__isnull=False).order_by("-version").first()
    )
    if template is None:
        raise ActionRefused("No published checklist template exists; a manager must publish one.")
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            addon=addon,
            template_version=template.version,
            **{name: getattr(item, name) for name in SNAPSHOT_FIELDS},
        )
        for item in template.items.all()
    )
    return template.version
