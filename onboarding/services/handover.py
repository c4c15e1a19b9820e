"""The pager handover, queued by complete_transition: a managed-tenants merge request.

States: not configured (the settings say why) → queued → merge request opened (pushed) →
merged (the commit is on the target branch; Addon SRE carries the pager); or failed, which a
manager retries. Every change of state writes one timeline event, and the people concerned
are told exactly which state it is.
"""

import contextlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Handover, NotificationKind, TimelineEvent
from ..roles import Role
from ..validators import validate_escalation_policy
from . import recipients
from .timeline import event_record, notification_queue


def handover_config_problem() -> str | None:
    """Why the handover cannot run with the current settings, or None."""
    if not settings.MANAGED_TENANTS_REPO_URL:
        return "MANAGED_TENANTS_REPO_URL is not set: the portal does not know the managed-tenants repository."
    policy = settings.ADDON_SRE_ESCALATION_POLICY_ID
    if not policy:
        return (
            "ADDON_SRE_ESCALATION_POLICY_ID is not set: Addon SRE's escalation policy is unknown."
        )
    try:
        validate_escalation_policy(policy)
    except ValidationError:
        return f"ADDON_SRE_ESCALATION_POLICY_ID “{policy}” is not a valid escalationPolicy."
    return None


def handover_queue(*, addon, by) -> Handover:
    """Called inside complete_transition's transaction; the job starts once it commits."""
    problem = handover_config_problem()
    handover, _ = Handover.objects.update_or_create(
        addon=addon,
        defaults={
            "status": Handover.Status.NOT_CONFIGURED if problem else Handover.Status.PENDING,
            "escalation_policy_id": settings.ADDON_SRE_ESCALATION_POLICY_ID,
            "last_error": problem or "",
        },
    )
    if problem:
        message = f"Pager handover not started: {problem} The owners' team still carries the pager."
    else:
        message = (
            "Pager handover queued: a managed-tenants merge request will set "
            f"pagerduty.escalationPolicy to {handover.escalation_policy_id}. "
            "The owners' team carries the pager until it is merged."
        )
    event_record(
        addon=addon,
        actor=by,
        kind=TimelineEvent.Kind.HANDOVER,
        message=message,
        payload={"status": handover.status, "escalation_policy": handover.escalation_policy_id},
    )
    if not problem:
        transaction.on_commit(lambda: handover_enqueue(handover.pk))
    return handover


def handover_enqueue(handover_id: int) -> None:
    from ..tasks import run_handover

    # A down broker leaves the handover queued, visible on the addon page; managers retry it.
    with contextlib.suppress(Exception):
        run_handover.delay(handover_id)


SUBJECTS = {
    Handover.Status.REQUESTED: "Pager handover merge request opened: {name}",
    Handover.Status.DONE: "Pager handed over to Addon SRE: {name}",
    Handover.Status.FAILED: "Pager handover failed: {name}",
}


def handover_record(handover: Handover, *, status: str, message: str, notify: bool, **fields):
    """Move a locked handover to `status` with one timeline event (and notification)."""
    handover.status = status
    for name, value in fields.items():
        setattr(handover, name, value)
    handover.save()
    event = event_record(
        addon=handover.addon,
        actor=None,
        kind=TimelineEvent.Kind.HANDOVER,
        message=message,
        payload={
            "status": status,
            "branch": handover.branch,
            "commit": handover.commit_sha,
            "attempts": handover.attempts,
        },
    )
    if notify:
        addon = handover.addon
        people = recipients.owner_team(addon) + recipients.assigned_people(addon)
        if status == Handover.Status.FAILED:
            people += recipients.role_members(Role.MANAGER)
        notification_queue(
            event=event,
            recipients=people,
            kind=NotificationKind.HANDOVER,
            subject=SUBJECTS[status].format(name=addon.name),
            body=message,
        )
    return event
