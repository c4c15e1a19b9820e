"""The pager test, the handover's first step: the assigned lead or Addon SRE triggers a test
incident on Addon SRE's escalation policy through PagerDuty's REST API (POST /incidents, as the
vendored OpenAPI document describes it: `From` header, a service reference and the policy),
then "Check acknowledgement" reads the incident back (GET /incidents/{id}, and its log entries
once resolved) and records which on-call Addon SRE acknowledged it and when.

A refusal from PagerDuty (400/401/403/429/5xx, or no answer) leaves everything as it was and
says why; a trigger is never repeated after a 5xx or a timeout, which may have created it.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..errors import ActionRefused
from ..integrations.pagerduty.client import PagerDutyClient, PagerDutyError
from ..models import PagerTest
from ..rules import addon as rules
from .handover import handover_event, handover_locked

USERS = {"user_reference", "user"}
# PagerDuty sends the first; the document's AcknowledgeLogEntry names the second.
ACK_ENTRIES = {"acknowledge_log_entry", "acknowledgement_log_entry"}


def pager_test_trigger(*, addon, by, client: PagerDutyClient | None = None) -> PagerTest:
    with transaction.atomic():
        handover = handover_locked(addon=addon)
        rules.pager_test.enforce(by, handover.addon)
        addon = handover.addon
        service = settings.PAGERDUTY_PAGER_TEST_SERVICE_ID
        body = {
            "incident": {
                "type": "incident",
                "title": f"Pager test for {addon.name} ({addon.addon_id}): please acknowledge "
                "— the Addon Onboarding Portal checks who on call receives this addon's pages.",
                "service": {"id": service, "type": "service_reference"},
                "escalation_policy": {
                    "id": handover.escalation_policy_id,
                    "type": "escalation_policy_reference",
                },
                "urgency": "high",
            }
        }
        try:
            answer = (client or PagerDutyClient()).post("/incidents", body, sender=by.email)
        except PagerDutyError as exc:
            raise ActionRefused(f"No test incident was triggered: {exc}") from exc
        incident = answer.get("incident") or {}
        if not incident.get("id"):
            raise ActionRefused("No test incident was triggered: PagerDuty named no incident.")
        test, _ = PagerTest.objects.update_or_create(
            handover=handover,
            defaults={
                "escalation_policy_id": handover.escalation_policy_id,
                "service_id": service,
                "incident_id": incident["id"],
                "incident_number": incident.get("incident_number"),
                "incident_url": _https(incident.get("html_url")),
                "triggered_by": by,
                "triggered_at": timezone.now(),
                "acknowledged_by": "",
                "acknowledged_by_id": "",
                "acknowledged_at": None,
                "checked_at": None,
            },
        )
        handover_event(
            handover,
            f"Pager test: {by} triggered test incident {_incident(test)} on Addon SRE's "
            f"escalation policy {test.escalation_policy_id}; it waits for the on-call Addon "
            "SRE's acknowledgement.",
            payload={"pager_test": "triggered", "incident": test.incident_id},
            notify=False,
            actor=by,
        )
    return test


def pager_test_check(*, addon, by, client: PagerDutyClient | None = None) -> PagerTest:
    """Read the test incident back; record the first acknowledgement by a user, if any."""
    with transaction.atomic():
        handover = handover_locked(addon=addon)
        rules.pager_test_check.enforce(by, handover.addon)
        test = PagerTest.objects.select_for_update().get(handover=handover)
        client = client or PagerDutyClient()
        try:
            found = _acknowledgement(client, test.incident_id)
        except PagerDutyError as exc:
            raise ActionRefused(f"The acknowledgement was not checked: {exc}") from exc
        test.checked_at = timezone.now()
        if found is None:
            test.save(update_fields=["checked_at"])
            return test
        test.acknowledged_by, test.acknowledged_by_id, test.acknowledged_at = found
        test.save()
        handover_event(
            handover,
            f"Pager test acknowledged: {test.acknowledged_by} (PagerDuty user "
            f"{test.acknowledged_by_id}) acknowledged test incident {_incident(test)} at "
            f"{test.acknowledged_at:%Y-%m-%d %H:%M} UTC.",
            payload={
                "pager_test": "acknowledged",
                "incident": test.incident_id,
                "acknowledged_by": test.acknowledged_by_id,
                "acknowledged_at": test.acknowledged_at.isoformat(),
            },
            notify=False,
            actor=by,
        )
    return test


def _acknowledgement(client: PagerDutyClient, incident_id: str):
    """(name, PagerDuty user id, when) of the earliest acknowledgement by a user, or None.
    A resolved incident lists no acknowledgements any more: its log entries still do."""
    incident = client.get(f"/incidents/{incident_id}", {}).get("incident") or {}
    acks = [
        (a["acknowledger"], a["at"])
        for a in incident.get("acknowledgements") or []
        if (a.get("acknowledger") or {}).get("type") in USERS and a.get("at")
    ]
    if not acks and incident.get("status") == "resolved":
        entries = client.get(f"/incidents/{incident_id}/log_entries", {"is_overview": "false"})
        acks = [
            (e["agent"], e["created_at"])
            for e in entries.get("log_entries") or []
            if e.get("type") in ACK_ENTRIES
            and (e.get("agent") or {}).get("type") in USERS
            and e.get("created_at")
        ]
    if not acks:
        return None
    who, at = min(acks, key=lambda pair: _when(pair[1]))
    name = who.get("summary") or who.get("name") or who.get("email") or who.get("id", "")
    return name[:200], str(who.get("id", ""))[:40], _when(at)


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _https(url) -> str:
    """PagerDuty's link to the incident, shown on the page: an https address or nothing."""
    url = str(url or "")
    return url if url.startswith("https://") and len(url) <= 500 else ""


def _incident(test: PagerTest) -> str:
    return f"#{test.incident_number}" if test.incident_number else test.incident_id
