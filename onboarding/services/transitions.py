"""One service function per step of the workflow (DOMAIN.md's transition table).

Each runs the same way (`_run`): lock the addon row, check the caller still saw the current
state, check the role, then the guards (with their plain-words reasons), apply the inputs and
the transition, save, write one timeline event and queue the notifications — all in a single
transaction, so a failure anywhere leaves neither the state change nor the event behind.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.defaultfilters import pluralize
from django_fsm import ConcurrentTransition

from .. import guards
from ..models import Addon, TimelineEvent
from ..roles import Role
from . import recipients
from .errors import ActionRefused, ConcurrentChange
from .timeline import event_record, notification_queue


def transition_of(addon: Addon, name: str):
    """The django-fsm Transition for `name` from the addon's current state, or None."""
    return getattr(Addon, name)._django_fsm.get_transition(addon.state)


def blockers(addon: Addon, name: str, *, before_inputs: bool = False) -> list[str]:
    """Reasons the guards of transition `name` give now (empty: the step may run).

    `before_inputs` skips the guards that the step's own form fills in, for offering the step.
    """
    found = transition_of(addon, name)
    if found is None:
        return [f"Not possible while the addon is {addon.get_state_display().lower()}."]
    conditions = [c for c in found.conditions if not (before_inputs and c in guards.INPUT_GUARDS)]
    return [reason for cond in conditions if (reason := cond.blocker(addon))]


@dataclass
class Outcome:
    message: str
    payload: dict = field(default_factory=dict)
    notify: list[str] = field(default_factory=list)
    subject: str = ""


def _run(*, addon: Addon, by, name: str, apply=None, describe) -> Addon:
    with transaction.atomic():
        locked = Addon.objects.select_for_update().select_related("team").get(pk=addon.pk)
        if locked.state != addon.state:
            raise ConcurrentChange()
        found = transition_of(locked, name)
        if found is not None and not found.has_perm(locked, by):
            raise PermissionDenied(f"You may not {name.replace('_', ' ')} this addon.")
        if found is None:
            # Wrong state: only say so to someone who could take the step at all.
            probe = next(iter(getattr(Addon, name)._django_fsm.transitions.values()))
            if not probe.has_perm(locked, by):
                raise PermissionDenied(f"You may not {name.replace('_', ' ')} this addon.")
        if apply:
            apply(locked)
        reasons = blockers(locked, name)
        if reasons:
            raise ActionRefused(" ".join(reasons))
        before = locked.state
        getattr(locked, name)()
        try:
            locked.save()
        except ConcurrentTransition as exc:
            raise ConcurrentChange() from exc
        outcome: Outcome = describe(locked)
        event = event_record(
            addon=locked,
            actor=by,
            kind=TimelineEvent.Kind.TRANSITION,
            from_state=before,
            to_state=locked.state,
            message=outcome.message,
            payload={"transition": name, **outcome.payload},
        )
        if outcome.notify:
            notification_queue(
                event=event,
                recipients=outcome.notify,
                subject=f"[{locked.addon_id}] {outcome.subject or outcome.message}",
                body=f"{outcome.message}\n\n{locked.name} ({locked.addon_id}) is now "
                f"{locked.get_state_display().lower()}.",
            )
    return locked


def _required(value: str, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ActionRefused(message, field_errors={field_name: message})
    return value


def addon_submit(*, addon: Addon, by) -> Addon:
    return _run(
        addon=addon,
        by=by,
        name="submit",
        describe=lambda a: Outcome(
            f"{by} submitted the intake for review.",
            notify=recipients.role_members(Role.ARCHITECT, Role.LEAD),
            subject=f"New intake to review: {a.name}",
        ),
    )


def addon_resubmit(*, addon: Addon, by) -> Addon:
    return _run(
        addon=addon,
        by=by,
        name="resubmit",
        describe=lambda a: Outcome(
            f"{by} resubmitted the intake (revision {a.intake_revision}).",
            payload={"intake_revision": a.intake_revision},
            notify=recipients.role_members(Role.ARCHITECT, Role.LEAD),
            subject=f"Intake resubmitted: {a.name}",
        ),
    )


def addon_request_changes(*, addon: Addon, by, comment: str) -> Addon:
    comment = _required(comment, "comment", "Say what the owners should change.")
    return _run(
        addon=addon,
        by=by,
        name="request_changes",
        describe=lambda a: Outcome(
            f"Changes requested: {comment}",
            payload={"comment": comment},
            notify=recipients.owner_team(a),
            subject="Changes requested on the intake",
        ),
    )


def addon_accept(*, addon: Addon, by, priority: str) -> Addon:
    if priority not in Addon.Priority.values:
        raise ActionRefused(
            "Choose a priority (P1–P4).", field_errors={"priority": "Choose a priority (P1–P4)."}
        )

    def apply(a):
        a.priority = priority

    return _run(
        addon=addon,
        by=by,
        name="accept",
        apply=apply,
        describe=lambda a: Outcome(
            f"Accepted with priority {priority}.",
            payload={"priority": priority},
            notify=recipients.role_members(Role.MANAGER) + recipients.owner_team(a),
            subject=f"Accepted ({priority}): {a.name}",
        ),
    )


def addon_reject(*, addon: Addon, by, rationale: str) -> Addon:
    rationale = _required(rationale, "rationale", "Write the rationale for the rejection.")
    return _run(
        addon=addon,
        by=by,
        name="reject",
        describe=lambda a: Outcome(
            f"Rejected: {rationale}",
            payload={"rationale": rationale},
            notify=recipients.owner_team(a),
            subject="Intake rejected",
        ),
    )


def addon_assign(*, addon: Addon, by, sre_team, sre_lead, engineers=(), sprint_slot: str) -> Addon:
    def apply(a):
        a.sre_team, a.sre_lead, a.sprint_slot = sre_team, sre_lead, (sprint_slot or "").strip()

    def describe(a):
        a.engineers.set(engineers)
        names = ", ".join(str(e) for e in engineers) or "none yet"
        return Outcome(
            f"Assigned to {sre_team} (lead {sre_lead}; engineers: {names}; sprint {a.sprint_slot}).",
            payload={
                "sre_team": sre_team.pk if sre_team else None,
                "sre_lead": sre_lead.pk if sre_lead else None,
                "engineers": [e.pk for e in engineers],
                "sprint_slot": a.sprint_slot,
            },
            notify=[sre_lead.email, *(e.email for e in engineers), *recipients.owner_team(a)],
            subject=f"{a.name} assigned to {sre_team}: lead {sre_lead}",
        )

    return _run(addon=addon, by=by, name="assign", apply=apply, describe=describe)


def addon_scope(
    *, addon: Addon, by, work_items: str, estimate_weeks: int, target_production_date: date
) -> Addon:
    from .checklist import checklist_instantiate

    def apply(a):
        a.work_items = (work_items or "").strip()
        a.estimate_weeks = estimate_weeks
        a.target_production_date = target_production_date

    def describe(a):
        version = checklist_instantiate(addon=a)
        return Outcome(
            f"Scoped: {a.estimate_weeks} week{pluralize(a.estimate_weeks)}, target production {a.target_production_date}; "
            f"checklist v{version} instantiated.",
            payload={
                "estimate_weeks": a.estimate_weeks,
                "target_production_date": a.target_production_date,
                "checklist_version": version,
            },
            notify=recipients.owner_team(a) + recipients.assigned_people(a),
            subject=f"Onboarding started: {a.name}",
        )

    return _run(addon=addon, by=by, name="scope", apply=apply, describe=describe)


def addon_approve_production(*, addon: Addon, by) -> Addon:
    return _run(
        addon=addon,
        by=by,
        name="approve_production",
        describe=lambda a: Outcome(
            "Production approved: the owners may deploy to production.",
            notify=recipients.owner_team(a),
            subject=f"Approved for production: {a.name}",
        ),
    )


def addon_mark_in_production(*, addon: Addon, by, deployed_on: date | None) -> Addon:
    def apply(a):
        a.production_deployed_on = deployed_on

    return _run(
        addon=addon,
        by=by,
        name="mark_in_production",
        apply=apply,
        describe=lambda a: Outcome(
            f"In production since {a.production_deployed_on}; the transition window starts.",
            payload={"deployed_on": a.production_deployed_on},
            notify=recipients.owner_team(a) + recipients.assigned_people(a),
            subject=f"Transition period started: {a.name}",
        ),
    )


def addon_complete_transition(*, addon: Addon, by) -> Addon:
    from .handover import handover_queue

    def describe(a):
        handover = handover_queue(addon=a, by=by)
        # Not "handed over": that happens when the managed-tenants merge request is merged.
        if handover.status == handover.Status.PENDING:
            pager = "the pager handover (a managed-tenants merge request) is queued"
        else:
            pager = "the pager handover is not configured"
        return Outcome(
            f"Transition complete; {pager}. The owners' team carries the pager until it is merged.",
            notify=recipients.owner_team(a) + recipients.assigned_people(a),
            subject=f"Transition complete: {a.name}",
        )

    return _run(addon=addon, by=by, name="complete_transition", describe=describe)


def addon_withdraw(*, addon: Addon, by, reason: str) -> Addon:
    reason = _required(reason, "reason", "Give the reason for withdrawing.")
    return _run(
        addon=addon,
        by=by,
        name="withdraw",
        describe=lambda a: Outcome(
            f"Withdrawn: {reason}",
            payload={"reason": reason},
            notify=recipients.owner_team(a) + recipients.assigned_people(a),
            subject=f"Withdrawn: {a.name}",
        ),
    )


def addon_reopen(*, addon: Addon, by) -> Addon:
    return _run(
        addon=addon,
        by=by,
        name="reopen",
        describe=lambda a: Outcome(f"{by} reopened the addon as a draft."),
    )


# name -> service, for views, the admin and commands that dispatch by transition name.
SERVICES = {
    "submit": addon_submit,
    "resubmit": addon_resubmit,
    "request_changes": addon_request_changes,
    "accept": addon_accept,
    "reject": addon_reject,
    "assign": addon_assign,
    "scope": addon_scope,
    "approve_production": addon_approve_production,
    "mark_in_production": addon_mark_in_production,
    "complete_transition": addon_complete_transition,
    "withdraw": addon_withdraw,
    "reopen": addon_reopen,
}
TRANSITION_NAMES = list(SERVICES)
