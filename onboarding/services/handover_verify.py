"""After the merge: do the addon's PagerDuty services use Addon SRE's escalation policy?

pagerduty-operator creates one service per cluster. PagerDuty's `query` matches names by
substring, so `notebooks` also lists `notebooks-gpu`'s services: the listing is only a
pre-filter, and a service counts as the addon's when its exact name is one the operator gives
it (onboarding/integrations/pagerduty/service_names.py). Only a check: nothing is written to PagerDuty. Runs
where PAGERDUTY_API_URL and PAGERDUTY_TOKEN are set.
"""

import contextlib

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from ..integrations.pagerduty.client import PagerDutyClient, PagerDutyError
from ..integrations.pagerduty.service_names import is_addon_service
from ..models import Handover
from .handover import handover_event, handover_locked


def pagerduty_configured() -> bool:
    return bool(settings.PAGERDUTY_API_URL and settings.PAGERDUTY_TOKEN)


def handover_verify_enqueue(handover_id: int) -> None:
    from ..tasks import verify_handover

    with contextlib.suppress(Exception):  # a down broker: a manager re-runs it from the page
        verify_handover.delay(handover_id)


def _outcome(services: list[dict], policy: str) -> tuple[str, str]:
    if not services:
        return Handover.Verification.NO_SERVICES, "PagerDuty lists no service matching the addon."
    other = [
        f"{s.get('name') or s.get('id')} ({(s.get('escalation_policy') or {}).get('id')})"
        for s in services
        if (s.get("escalation_policy") or {}).get("id") != policy
    ]
    if other:
        return (
            Handover.Verification.MISMATCH,
            f"{len(other)} of {len(services)} service{pluralize(len(services))} "
            f"use{pluralize(len(other), 's,')} another policy: " + ", ".join(other),
        )
    return (
        Handover.Verification.VERIFIED,
        f"{len(services)} service{pluralize(len(services))} use{pluralize(len(services), 's,')} {policy}.",
    )


def handover_verify(*, handover_id: int, client: PagerDutyClient | None = None) -> str:
    handover = Handover.objects.select_related("addon").get(pk=handover_id)
    if handover.status != Handover.Status.DONE:
        return handover.verification
    if not pagerduty_configured():
        result = (Handover.Verification.NOT_CONFIGURED, "PAGERDUTY_API_URL/PAGERDUTY_TOKEN unset.")
    else:
        client = client or PagerDutyClient()
        try:
            addon_id = handover.addon.addon_id
            services = [s for s in client.services(addon_id) if is_addon_service(s, addon_id)]
        except PagerDutyError as exc:
            result = (Handover.Verification.FAILED, str(exc))
        else:
            result = _outcome(services, handover.escalation_policy_id)
    with transaction.atomic():
        locked = handover_locked(pk=handover_id)
        locked.verification, locked.verification_detail = result
        locked.verified_at = timezone.now()
        locked.save(update_fields=["verification", "verification_detail", "verified_at"])
        handover_event(
            locked,
            f"PagerDuty check: {locked.get_verification_display()} — {result[1]}",
            payload={"verification": result[0]},
            notify=True,
        )
    return result[0]
