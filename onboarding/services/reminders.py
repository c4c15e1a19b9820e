"""Reminders and the weekly digest, written to the outbox like every other notification.

They come from the clock, not from a change of an addon, so their outbox rows have no
timeline event; each carries a `dedupe_key` naming its day (or week), so running the beat
task twice sends nothing twice.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from .. import bounds
from ..models import Addon, Notification, NotificationKind, PortalSettings, State
from ..rules import next as next_rules
from ..rules.context import AddonContext
from ..rules.next import Party
from ..rules.roles import Role
from ..selectors import dashboard as figures
from . import recipients
from .timeline import _enqueue


def reminder_queue(*, key: str, to, subject: str, body: str) -> Notification | None:
    """Queue one outbox row unless one with this key exists already."""
    to = sorted({r for r in to if r})
    if not to or Notification.objects.filter(dedupe_key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                dedupe_key=key,
                kind=NotificationKind.REMINDER,
                recipients=to,
                subject=bounds.subject_line(subject),
                body=body,
            )
    except IntegrityError:  # a concurrent run wrote it first
        return None
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _people(addon, party: Party) -> list[str]:
    """The e-mail addresses of one party of the "who acts next" table."""
    if party == Party.OWNERS:
        return recipients.owner_team(addon)
    if party == Party.ARCHITECTS:
        return recipients.role_members(Role.ARCHITECT)
    if party == Party.MANAGER:
        return recipients.role_members(Role.MANAGER)
    if party == Party.LEAD:
        return [addon.sre_lead.email] if addon.sre_lead else recipients.role_members(Role.MANAGER)
    if party == Party.ANY_LEAD:
        return recipients.role_members(Role.LEAD)
    if party == Party.SRE:
        return recipients.assigned_people(addon)
    return []  # a date or an outside system


def _responsible(addon) -> list[str]:
    """Who moves a stuck addon on: the people the table (rules/next.py) says it waits on; when
    it waits on a date or an outside system only, its owners and assigned people."""
    people = [
        e
        for duty in next_rules.waits(AddonContext.of(None, addon))
        for e in _people(addon, duty.party)
    ]
    return people or recipients.owner_team(addon) + recipients.assigned_people(addon)


def _line(addon, now) -> str:
    days = (now - addon.state_changed_at).days
    return f"- {addon.name} ({addon.addon_id}): {addon.get_state_display().lower()} for {days} day{pluralize(days)}"


def reminders_send(*, now=None) -> int:
    """The daily run: overdue reviews to the architects, stuck addons to whoever is next."""
    now = now or timezone.now()
    settings = PortalSettings.load()
    day = now.date().isoformat()
    sent = 0
    overdue = list(
        Addon.objects.awaiting_review()
        .filter(state_changed_at__lte=now - timedelta(days=settings.review_sla_days))
        .order_by("state_changed_at")
    )
    if overdue:
        body = "\n".join(
            [f"These intakes wait longer than the {settings.review_sla_days}-day review SLA:"]
            + [_line(a, now) for a in overdue]
        )
        subject = f"{len(overdue)} review{pluralize(len(overdue))} past the SLA"
        to = recipients.role_members(Role.ARCHITECT)
        sent += bool(reminder_queue(key=f"reviews:{day}", to=to, subject=subject, body=body))
    stuck = figures.stuck_addons(now=now, settings=settings, limit=500).prefetch_related(
        "team__members", "engineers"
    )
    for addon in stuck:
        if addon.state == State.SUBMITTED:
            continue  # the overdue-review reminder covers these
        body = (
            f"{_line(addon, now)}\nIt is past the {settings.stuck_after_days}-day threshold; "
            "please take the next step or say what blocks it on the addon page."
        )
        sent += bool(
            reminder_queue(
                key=f"stuck:{addon.pk}:{day}",
                to=_responsible(addon),
                subject=f"[{addon.addon_id}] Stuck in {addon.get_state_display().lower()}",
                body=body,
            )
        )
    return sent


def weekly_digest_send(*, now=None) -> Notification | None:
    """The managers' Monday summary of the pipeline."""
    now = now or timezone.now()
    settings = PortalSettings.load()
    year, week, _ = now.isocalendar()
    _per_state, per_stage = figures.counts_by_state()
    queue = figures.review_queue_aging(now=now, settings=settings)
    stuck = list(figures.stuck_addons(now=now, settings=settings, limit=20))
    lines = [
        "Addons per stage: " + ", ".join(f"{stage} {n}" for stage, n in per_stage.items()),
        f"Review queue: {queue.within_sla} within the SLA, "
        f"{queue.over_sla + queue.over_twice_sla} past it.",
        f"Awaiting assignment: {Addon.objects.awaiting_assignment().count()}.",
        f"Stuck (over {settings.stuck_after_days} day{pluralize(settings.stuck_after_days)} in their state): {len(stuck)}",
        *(_line(a, now) for a in stuck),
    ]
    return reminder_queue(
        key=f"digest:{year}-W{week:02d}",
        to=recipients.role_members(Role.MANAGER),
        subject=f"Addon onboarding weekly digest, week {week}",
        body="\n".join(lines),
    )
