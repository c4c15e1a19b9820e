"""Carrying out a queued pager handover against PagerDuty's REST API."""

import pagerduty
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from ..models import Handover, TimelineEvent
from .timeline import event_record


def _client() -> pagerduty.RestApiV2Client:
    client = pagerduty.RestApiV2Client(
        settings.PAGERDUTY_TOKEN, base_url=settings.PAGERDUTY_API_URL
    )
    client.timeout = settings.PAGERDUTY_TIMEOUT
    client.max_http_attempts = 1  # Celery owns the retries and their backoff
    client.max_network_attempts = 0  # the first network error is raised, not slept on
    return client


def handover_attempt(*, handover_id: int, final: bool) -> str:
    handover = Handover.objects.select_related("addon").get(pk=handover_id)
    if handover.status == Handover.Status.DONE:
        return handover.status
    addon = handover.addon
    try:
        client = _client()
        path = f"/services/{addon.pagerduty_service_id}"
        service = client.rget(path)
        current = (service.get("escalation_policy") or {}).get("id")
        if current != handover.escalation_policy_id:
            client.rput(
                path,
                json={
                    "escalation_policy": {
                        "id": handover.escalation_policy_id,
                        "type": "escalation_policy_reference",
                    }
                },
            )
    except Exception as exc:
        _record(handover, error=f"{type(exc).__name__}: {exc}"[:1000], final=final)
        raise
    _record(handover, error="", final=True)
    return Handover.Status.DONE


def _record(handover: Handover, *, error: str, final: bool) -> None:
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.status == Handover.Status.DONE:
            return
        locked.attempts += 1
        locked.last_error = error
        if not error:
            locked.status = Handover.Status.DONE
            locked.completed_at = timezone.now()
        elif final:
            locked.status = Handover.Status.FAILED
        locked.save()
        if not error or final:
            event_record(
                addon=locked.addon,
                actor=None,
                kind=TimelineEvent.Kind.HANDOVER,
                message="Pager handed over to the Addon SRE escalation policy."
                if not error
                else f"Pager handover failed after {locked.attempts} attempt{pluralize(locked.attempts)}: {error}",
                payload={"status": locked.status, "attempts": locked.attempts},
            )
