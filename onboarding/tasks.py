"""Celery entry points: take ids, load, call the code that does the work, retry with backoff."""

import logging
import time
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, retry_backoff=True)
def deliver_notification(self, notification_id: int) -> bool:
    """Send one outbox row once.

    1. Claim the row (a short transaction with a row lock), so no other worker or sweep
       sends it meanwhile. 2. Send, outside any transaction. 3. Mark it sent — and if the
    database is briefly away (a restart) keep trying to mark it rather than sending again.
    """
    notification = _claim(notification_id)
    if notification is None:
        return False
    try:
        _send(notification)
    except Exception as exc:
        Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
            attempts=F("attempts") + 1, last_error=str(exc)[:1000], claimed_until=None
        )
        raise self.retry(exc=exc) from exc
    _mark_sent(notification, slack_error=_mirror_to_slack(notification))
    return True


CLAIM_SECONDS = 300


def _claim(notification_id: int) -> Notification | None:
    now = timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=notification_id, sent_at__isnull=True)
            .exclude(claimed_until__gt=now)
            .select_related("event__addon")
            .first()
        )
        if notification is not None:
            notification.claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
            notification.save(update_fields=["claimed_until"])
    return notification


def _mark_sent(notification: Notification, *, slack_error: str, tries: int = 30) -> None:
    """The e-mail is out: record it, waiting out a database restart instead of resending."""
    for attempt in range(tries):
        try:
            Notification.objects.filter(pk=notification.pk).update(
                sent_at=timezone.now(),
                attempts=F("attempts") + 1,
                last_error=slack_error,
                claimed_until=None,
            )
            return
        except (OperationalError, InterfaceError):
            if attempt == tries - 1:
                raise  # the claim still holds it back from a resend until it expires
            if not connection.in_atomic_block:  # a broken connection is replaced, not reused
                close_old_connections()
            time.sleep(1)


@shared_task
def deliver_pending_notifications() -> int:
    """The sweep: whatever a down broker or a crash left pending goes out now."""
    pending = Notification.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)
    return sum(1 for pk in list(pending[:500]) if deliver_notification.apply(args=[pk]).result)


def _send(notification: Notification) -> None:
    addon = notification.event.addon if notification.event_id else None
    context = {"notification": notification, "addon": addon, "base_url": settings.PORTAL_BASE_URL}
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("onboarding/email/notification.txt", context),
        to=notification.recipients,
    )
    message.attach_alternative(
        render_to_string("onboarding/email/notification.html", context), "text/html"
    )
    message.send()


def _mirror_to_slack(notification: Notification) -> str:
    """Post the line to the Slack webhook, if one is set; returns the error, if any.

    Slack only mirrors the e-mail: its failure is recorded on the row but never retried,
    since a retry would send the e-mail a second time.
    """
    if not settings.SLACK_WEBHOOK_URL:
        return ""
    import requests

    try:
        requests.post(
            settings.SLACK_WEBHOOK_URL, json={"text": notification.subject}, timeout=10
        ).raise_for_status()
    except requests.RequestException as exc:
        log.warning("Slack mirror of notification %s failed: %s", notification.pk, exc)
        return f"Slack: {exc}"[:1000]
    return ""


@shared_task(bind=True, max_retries=4, retry_backoff=2, retry_backoff_max=60)
def run_handover(self, handover_id: int) -> str:
    """Open the managed-tenants merge request that pages Addon SRE.

    Idempotent (handover_run.py). A refusal (push rejected, no rights, a file failing the
    schema) fails at once; a transient git failure is retried with backoff, and after the last
    retry the handover stays failed and visible until a manager retries it.
    """
    from .integrations.managed_tenants.git_repo import GitError
    from .services.handover_run import handover_attempt

    try:
        return handover_attempt(
            handover_id=handover_id, final=self.request.retries >= self.max_retries
        )
    except GitError as exc:
        raise self.retry(exc=exc) from exc


@shared_task(bind=True, max_retries=4, retry_backoff=2, retry_backoff_max=60)
def run_hand_back(self, hand_back_id: int) -> str:
    """Open the reverse merge request that pages the owners again (hand_back_run.py)."""
    from .integrations.managed_tenants.git_repo import GitError
    from .services.hand_back_run import hand_back_attempt

    try:
        return hand_back_attempt(
            hand_back_id=hand_back_id, final=self.request.retries >= self.max_retries
        )
    except GitError as exc:
        raise self.retry(exc=exc) from exc


@shared_task
def sweep_handovers() -> dict:
    """Every 10 minutes: requested handovers and hand-backs whose merge request was merged
    become done, those closed unmerged become closed."""
    from .services.handover_sweep import handover_sweep

    return handover_sweep()


@shared_task
def verify_handover(handover_id: int) -> str:
    """After the merge: check the addon's PagerDuty services use Addon SRE's policy."""
    from .services.handover_verify import handover_verify

    return handover_verify(handover_id=handover_id)


@shared_task
def collect_all_slo_measurements() -> int:
    """Hourly (at the hour plus a delay): the recent hours of every Prometheus-sourced SLO.

    A failed SLO is recorded on it (last error) and simply pulled again on the next run.
    """
    from .services.slo_collection_run import collection_run

    return collection_run()


@shared_task
def evaluate_all_slos() -> int:
    """Daily: store each SLO's status; timeline events on changes, a note when viable."""
    from .services.slo_evaluate import evaluate_all

    return evaluate_all()


@shared_task
def send_reminders() -> int:
    """Daily: architects about reviews past the SLA, responsible people of stuck addons."""
    from .services.reminders import reminders_send

    return reminders_send()


@shared_task
def send_weekly_digest() -> bool:
    from .services.reminders import weekly_digest_send

    return weekly_digest_send() is not None
