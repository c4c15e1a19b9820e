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

from ..errors import ActionRefused, ConcurrentChange
from ..models import Addon, NotificationKind, TimelineEvent
from ..rules import transitions as rules_transitions
from ..rules.context import AddonContext
from ..rules.people import self_assignment
from ..rules.roles import Role
from ..rules.transitions import actor_refusal, blockers, role_refusal
from ..rules.transitions import transition_of as transition_of
from ..selectors.pager import pager
from . import recipients
from .timeline import event_record, notification_queue

# Steps whose form input is what their guards judge: refusals are shown next to that field.
INPUT_FIELDS = {"mark_in_production": "deployed_on"}


@dataclass
class Outcome:
    message: str
    payload: dict = field(default_factory=dict)
    notify: list[str] = field(default_factory=list)
    subject: str = ""
    kind: str = NotificationKind.STATE_CHANGE


def _run(*, addon: Addon, by, name: str, apply=None, describe) -> Addon:
    with transaction.atomic():
        ctx = AddonContext.locked(addon.pk, by)
        locked = ctx.addon
        if locked.state != addon.state:
            raise ConcurrentChange()
        # The step's rule (rules/transitions.py): the role first (wrong state is only said
        # to someone who could take the step at all), then, with the inputs applied, the guards.
        if refusal := role_refusal(ctx, name):
            raise PermissionDenied(refusal)
        if refusal := actor_refusal(by, name):
            raise ActionRefused(refusal)
        if apply:
            apply(locked)
        reasons = blockers(ctx, name)
        if reasons:
            # A guard about the step's own input is answered next to that input.
            field = INPUT_FIELDS.get(name)
            fields = {field: " ".join(reasons)} if field and apply else {}
            raise ActionRefused(" ".join(reasons), field_errors=fields)
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
                kind=outcome.kind,
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


def _submitted(by, verb: str, subject: str):
    """The outcome of a submit or resubmit: a new review round, the reviewers notified."""
    from .review_rounds import round_open

    def describe(a):
        number = round_open(addon=a, by=by).number
        return Outcome(
            f"{by} {verb} the intake for review (round {number}).",
            payload={"intake_revision": number},
            notify=recipients.role_members(Role.ARCHITECT, Role.LEAD),
            subject=f"{subject}: {a.name}",
        )

    return describe


def addon_submit(*, addon: Addon, by) -> Addon:
    return _run(
        addon=addon,
        by=by,
        name="submit",
        describe=_submitted(by, "submitted", "New intake to review"),
    )


def addon_resubmit(*, addon: Addon, by) -> Addon:
    return _run(
        addon=addon,
        by=by,
        name="resubmit",
        describe=_submitted(by, "resubmitted", "Intake resubmitted"),
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
    if refusals := self_assignment(by, sre_lead, engineers):
        raise ActionRefused(" ".join(refusals.values()), field_errors=refusals)

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
            kind=NotificationKind.ASSIGNMENT,
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
        version, resumed = checklist_instantiate(addon=a)
        return Outcome(
            f"Scoped: {a.estimate_weeks} week{pluralize(a.estimate_weeks)}, "
            f"target production {a.target_production_date}; "
            f"checklist v{version} {'resumed' if resumed else 'instantiated'}.",
            payload={
                "estimate_weeks": a.estimate_weeks,
                "target_production_date": a.target_production_date,
                "checklist_version": version,
                "checklist_resumed": resumed,
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
    from ..selectors.gate_settings import gate_settings_freeze

    frozen = {}

    def apply(a):
        a.production_deployed_on = deployed_on
        frozen.update(gate_settings_freeze(a))

    return _run(
        addon=addon,
        by=by,
        name="mark_in_production",
        apply=apply,
        describe=lambda a: Outcome(
            f"In production since {a.production_deployed_on}; the "
            f"{a.transition_window_days}-day transition window starts.",
            payload={"deployed_on": a.production_deployed_on, **frozen},
            notify=recipients.owner_team(a) + recipients.assigned_people(a),
            subject=f"Transition period started: {a.name}",
        ),
    )


def addon_complete_transition(*, addon: Addon, by) -> Addon:
    from .handover import handover_queue

    def describe(a):
        handover = handover_queue(addon=a, by=by)
        # Not "handed over": that happens when the merge request is merged and verified.
        return Outcome(
            f"Transition complete; the pager handover is {handover.get_status_display().lower()}: "
            + pager(a, handover).sentence,
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
TRANSITION_NAMES = rules_transitions.TRANSITION_NAMES
