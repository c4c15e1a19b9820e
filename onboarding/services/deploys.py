"""Recording that the addon runs on the OCM stage environment (approve_production needs it)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from ..errors import ActionRefused
from ..models import Addon, TimelineEvent
from ..rules import addon as rules
from .timeline import event_record


def addon_record_stage_deploy(*, addon: Addon, by, deployed_on: date | None) -> Addon:
    """The owners or the assigned Addon SRE record (or correct) the stage deploy date."""
    with transaction.atomic():
        locked = Addon.objects.select_for_update().select_related("team").get(pk=addon.pk)
        rules.stage_deploy.enforce(by, locked)
        if deployed_on is None:
            message = "Give the date the addon was deployed to OCM stage."
            raise ActionRefused(message, field_errors={"deployed_on": message})
        if deployed_on > timezone.localdate():
            message = "The stage deploy date cannot be in the future."
            raise ActionRefused(message, field_errors={"deployed_on": message})
        before = locked.stage_deployed_on
        locked.stage_enabled = True
        locked.stage_deployed_on = deployed_on
        locked.save(update_fields=["stage_enabled", "stage_deployed_on", "updated_at"])
        event_record(
            addon=locked,
            actor=by,
            kind=TimelineEvent.Kind.DEPLOY,
            message=f"Running on OCM stage since {deployed_on}"
            + (f" (corrected from {before})." if before else "."),
            payload={"environment": "stage", "deployed_on": deployed_on, "before": before},
        )
    return locked
