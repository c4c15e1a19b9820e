"""Walk a handover through its steps before the merge request, for the tests about what comes
after it: the pager test acknowledged (recorded as the check records it), the shadow started by
the assigned lead and run out, then the lead's push (services/handover_steps.py)."""

from datetime import timedelta

from django.utils import timezone

from onboarding.models import Addon, Handover, PagerTest
from onboarding.services.handover_steps import handover_push, shadow_start


def acknowledge_pager_test(addon) -> PagerTest:
    handover = Handover.objects.get(addon=addon)
    now = timezone.now()
    return PagerTest.objects.create(
        handover=handover,
        escalation_policy_id=handover.escalation_policy_id,
        service_id="PTESTSV",
        incident_id="PT00001",
        incident_number=1,
        triggered_by=addon.sre_lead,
        triggered_at=now,
        acknowledged_by="Olga On-Call",
        acknowledged_by_id="PU0NCAL",
        acknowledged_at=now,
    )


def end_shadow(addon) -> None:
    Handover.objects.filter(addon=addon).update(
        shadow_ends_at=timezone.now() - timedelta(seconds=1)
    )


def push_after_steps(addon) -> Handover:
    """Pager test acknowledged, shadow started and ended, merge request pushed by the lead."""
    acknowledge_pager_test(addon)
    lead = Addon.objects.get(pk=addon.pk).sre_lead
    shadow_start(addon=Addon.objects.get(pk=addon.pk), by=lead)
    end_shadow(addon)
    return handover_push(addon=Addon.objects.get(pk=addon.pk), by=lead)
