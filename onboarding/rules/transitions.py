"""The rules of the workflow steps (the FSM transitions on Addon.state).

One rule per step: who may take it (`WHO`; a refusal is `Forbidden`), when (the source states
the model's `@transition` declares) and what blocks it (`GUARDS`, rules/guards.py, in plain
words). The model's transitions only move the state; the addon page offers a step when its
rule allows it, `services.transitions._run` enforces the same rule under the row lock, and
the admin's transition buttons go through that service.
"""

from ..models import Addon
from . import guards
from .base import Forbidden, Rule
from .guards import INPUT_GUARDS
from .people import gate_cooldown

# Who takes each step, on the addon (the person's AddonContext).
WHO = {
    "submit": lambda ctx: ctx.owner,
    "resubmit": lambda ctx: ctx.owner,
    "request_changes": lambda ctx: ctx.architect or ctx.any_lead,
    "accept": lambda ctx: ctx.architect,
    "reject": lambda ctx: ctx.architect,
    "assign": lambda ctx: ctx.manager,
    "scope": lambda ctx: ctx.assigned_lead,
    "approve_production": lambda ctx: ctx.assigned_sre,
    "mark_in_production": lambda ctx: ctx.owner or ctx.assigned_sre,
    "complete_transition": lambda ctx: ctx.assigned_sre,
    "withdraw": lambda ctx: ctx.owner or ctx.manager,
    "reopen": lambda ctx: ctx.owner,
}

# What must hold before each step, in the order the page names them.
GUARDS = {
    "submit": [guards.intake_complete],
    "resubmit": [guards.intake_complete],
    "accept": [guards.has_priority, guards.has_signoff_quorum, guards.no_open_objection],
    "assign": [guards.assignment_complete],
    "scope": [guards.scope_recorded],
    "approve_production": [
        guards.production_gate_passed,
        guards.ran_on_stage,
        guards.has_slo,
        guards.production_addon_yaml_valid,
    ],
    "mark_in_production": [guards.production_deploy_recorded],
    "complete_transition": [
        guards.slos_viable,
        guards.sops_approved,
        guards.handover_gate_passed,
        guards.handover_can_run,
    ],
}


def _verb(name: str) -> str:
    return name.replace("_", " ")


def transition_of(addon: Addon, name: str):
    """The django-fsm Transition for `name` from the addon's current state, or None."""
    return getattr(Addon, name)._django_fsm.get_transition(addon.state)


def role_refusal(ctx, name: str) -> Forbidden | None:
    """Whether the person's role allows the step at all (in this state, or in any state)."""
    if not (ctx.actor.is_authenticated and ctx.actor.is_active and WHO[name](ctx)):
        return Forbidden(f"You may not {_verb(name)} this addon.")
    return None


def blockers(ctx, name: str, *, before_inputs: bool = False) -> list[str]:
    """Reasons the guards of transition `name` give now (empty: the step may run).

    `before_inputs` skips the guards that the step's own form fills in, for offering the step.
    """
    addon = ctx.addon
    if transition_of(addon, name) is None:
        return [f"Not possible while the addon is {addon.get_state_display().lower()}."]
    wanted = [g for g in GUARDS.get(name, []) if not (before_inputs and g in INPUT_GUARDS)]
    return [reason for guard in wanted if (reason := guard.blocker(ctx))]


# The steps that pass a gate: a fresh or re-roled account waits out its cooldown first.
GATE_STEPS = {"accept", "approve_production", "complete_transition"}


def actor_refusal(user, name: str) -> str | None:
    """What about this account (not its role, not the addon) keeps it from the step now."""
    return gate_cooldown(user) if name in GATE_STEPS else None


def _rule(name: str) -> Rule:
    def check(ctx, addon):
        return (
            role_refusal(ctx, name)
            or actor_refusal(ctx.actor, name)
            or (" ".join(blockers(ctx, name, before_inputs=True)) or None)
        )

    return Rule(check, name)


TRANSITION_NAMES = [
    "submit",
    "resubmit",
    "request_changes",
    "accept",
    "reject",
    "assign",
    "scope",
    "approve_production",
    "mark_in_production",
    "complete_transition",
    "withdraw",
    "reopen",
]
TRANSITIONS = {name: _rule(name) for name in TRANSITION_NAMES}


def steps_from_here(addon: Addon) -> list[str]:
    """The steps whose source is the addon's current state, in the order of the process."""
    return [name for name in TRANSITION_NAMES if transition_of(addon, name) is not None]
