"""Checklist template versions: a manager edits a draft, publishes it, starts the next as a copy.

A published version is never edited again, and addons keep the snapshot they were scoped with,
so publishing changes only the checklists of addons scoped from now on.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..errors import ActionRefused
from ..models import ChecklistTemplate, ChecklistTemplateItem
from ..rules import pages


def _check_manager(by):
    pages.checklist_templates.enforce(by, None)


def checklist_template_publish(*, template: ChecklistTemplate, by) -> ChecklistTemplate:
    _check_manager(by)
    with transaction.atomic():
        locked = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
        if locked.is_published:
            raise ActionRefused(f"Version {locked.version} is already published.")
        if not locked.items.exists():
            raise ActionRefused(f"Version {locked.version} has no items; add some first.")
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at"])
    return locked


def checklist_template_copy(*, template: ChecklistTemplate, by) -> ChecklistTemplate:
    """A new draft version (the next number) holding copies of `template`'s items."""
    _check_manager(by)
    with transaction.atomic():
        # Lock the table's newest row so two managers copying at once get distinct versions.
        list(ChecklistTemplate.objects.select_for_update().order_by("-version")[:1])
        latest = ChecklistTemplate.objects.aggregate(v=Max("version"))["v"] or 0
        draft = ChecklistTemplate.objects.create(
            version=latest + 1, notes=f"Started as a copy of version {template.version}."
        )
        ChecklistTemplateItem.objects.bulk_create(
            ChecklistTemplateItem(
                template=draft,
                **{name: getattr(item, name) for name in ChecklistTemplateItem.CONTENT_FIELDS},
            )
            for item in template.items.all()
        )
    return draft
