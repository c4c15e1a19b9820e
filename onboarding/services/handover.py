"""The pager handover, created by complete_transition: a managed-tenants merge request after
two steps (services/pager_test.py, services/handover_steps.py).

States: not configured (the settings say why) → waiting on the pager test and the shadow →
queued (the assigned lead pushes it once the shadow ended) → merge request opened (pushed) →
merged (the commit is on the target branch; Addon SRE carries the pager); or failed, which a
manager retries. Every change of state writes one timeline event, and the people concerned
are told exactly which state it is.
"""

import contextlib

from django.conf import settings

from ..integrations.managed_tenants.handover_change import handover_config_problem
from ..models import Handover, NotificationKind, TimelineEvent
from ..rules.roles import Role
from ..selectors.pager import Carrier, pager
from . import recipients
from .timeline import event_record, notification_queue


def handover_queue(*, addon, by) -> Handover:
    """Called inside complete_transition's transaction: the handover waits on its steps (the
    pager test, then the shadow); the merge request is pushed once the shadow ended."""
    problem = handover_config_problem()
    handover, _ = Handover.objects.update_or_create(
        addon=addon,
        defaults={
            "status": Handover.Status.NOT_CONFIGURED if problem else Handover.Status.STEPS,
            "escalation_policy_id": settings.ADDON_SRE_ESCALATION_POLICY_ID,
            "last_error": problem or "",
        },
    )
    if problem:
        message = f"Pager handover not started: {problem}"
    else:
        message = (
            "Pager handover started: the pager test, then the shadow, then a managed-tenants "
            f"merge request setting pagerduty.escalationPolicy to {handover.escalation_policy_id}."
        )
    payload = {"status": handover.status, "escalation_policy": handover.escalation_policy_id}
    handover_event(handover, message, payload=payload, notify=False, actor=by)
    return handover


def handover_locked(**lookup) -> Handover:
    """The handover row locked for a change, with what its event's words read (the team)."""
    return Handover.objects.select_for_update().select_related("addon__team").get(**lookup)


def handover_enqueue(handover_id: int) -> None:
    from ..tasks import run_handover

    # A down broker leaves the handover queued, visible on the addon page; managers retry it.
    with contextlib.suppress(Exception):
        run_handover.delay(handover_id)


SUBJECTS = {
    Carrier.OWNERS: "Pager back with the owners: {name}",
    Carrier.REQUESTED: "Pager handover {status}: {name}",
    Carrier.ADDON_SRE: "Pager handed over to Addon SRE: {name}",
    Carrier.FAILED: "Pager handover failed: {name}",
}


def handover_record(handover: Handover, *, status: str, message: str, notify: bool, **fields):
    """Move a locked handover to `status` with one timeline event (and notification)."""
    handover.status = status
    for name, value in fields.items():
        setattr(handover, name, value)
    handover.save()
    payload = {
        "status": status,
        "branch": handover.branch,
        "commit": handover.commit_sha,
        "attempts": handover.attempts,
    }
    return handover_event(handover, message, payload=payload, notify=notify)


def handover_event(handover: Handover, message: str, *, payload: dict, notify: bool, actor=None):
    """One timeline event of the handover, its words ending with who carries the pager now
    (selectors/pager.py), and the notification saying the same."""
    addon = handover.addon
    fact = pager(addon, handover)
    event = event_record(
        addon=addon,
        actor=actor,
        kind=TimelineEvent.Kind.HANDOVER,
        message=f"{message} {fact.sentence}",
        payload=payload | {"pager": fact.carrier},
    )
    if notify and fact.carrier in SUBJECTS:
        people = recipients.owner_team(addon) + recipients.assigned_people(addon)
        if fact.carrier == Carrier.FAILED:
            people += recipients.role_members(Role.MANAGER)
        notification_queue(
            event=event,
            recipients=people,
            kind=NotificationKind.HANDOVER,
            subject=SUBJECTS[fact.carrier].format(
                name=addon.name, status=handover.get_status_display().lower()
            ),
            body=event.message,
        )
    return event
