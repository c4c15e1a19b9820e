"""The rules of the workflow steps (the FSM transitions on Addon.state).

One rule per step, built from what the model declares: the transition's `permission=` (who;
a refusal is `Forbidden`), its source states (when), and its `conditions=` guards
(onboarding/guards.py, which say in plain words what blocks the step). The addon page
offers a step when its rule allows it (`offered`), `services.transitions._run` enforces the
same rule under the row lock, and the admin's transition buttons go through that service.
"""

from ..guards import INPUT_GUARDS
from ..models import Addon
from .base import Forbidden, Rule
from .people import gate_cooldown


def _verb(name: str) -> str:
    return name.replace("_", " ")


def transition_of(addon: Addon, name: str):
    """The django-fsm Transition for `name` from the addon's current state, or None."""
    return getattr(Addon, name)._django_fsm.get_transition(addon.state)


def role_refusal(user, addon: Addon, name: str) -> Forbidden | None:
    """Whether the person's role allows the step at all (in this state, or in any state)."""
    found = transition_of(addon, name)
    probe = found or next(iter(getattr(Addon, name)._django_fsm.transitions.values()))
    if not probe.has_perm(addon, user):
        return Forbidden(f"You may not {_verb(name)} this addon.")
    return None


def blockers(addon: Addon, name: str, *, before_inputs: bool = False) -> list[str]:
    """Reasons the guards of transition `name` give now (empty: the step may run).

    `before_inputs` skips the guards that the step's own form fills in, for offering the step.
    """
    found = transition_of(addon, name)
    if found is None:
        return [f"Not possible while the addon is {addon.get_state_display().lower()}."]
    conditions = [c for c in found.conditions if not (before_inputs and c in INPUT_GUARDS)]
    return [reason for cond in conditions if (reason := cond.blocker(addon))]


# The steps that pass a gate: a fresh or re-roled account waits out its cooldown first.
GATE_STEPS = {"accept", "approve_production", "complete_transition"}


def actor_refusal(user, name: str) -> str | None:
    """What about this account (not its role, not the addon) keeps it from the step now."""
    return gate_cooldown(user) if name in GATE_STEPS else None


def _rule(name: str) -> Rule:
    def check(user, addon):
        return (
            role_refusal(user, addon, name)
            or actor_refusal(user, name)
            or (" ".join(blockers(addon, name, before_inputs=True)) or None)
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
