"""What the addon page offers a person: the steps they may take now and what blocks the rest."""

from dataclasses import dataclass

from ..forms.transitions import DANGER, LABELS, transition_form
from ..rules.transitions import blockers, role_refusal, steps_from_here
from ..selectors.next_steps import next_steps_for


@dataclass
class Action:
    name: str
    label: str
    form: object
    danger: bool


@dataclass
class Blocked:
    name: str
    label: str
    reasons: list[str]


def actions_for(ctx, bound_forms=None):
    """(actions the context's person may take now, steps of theirs that guards still block).

    Offered exactly when the step's rule (rules/transitions.py) allows it.
    """
    addon = ctx.addon
    bound_forms = bound_forms or {}
    available, blocked = [], []
    for name in steps_from_here(addon):
        if role_refusal(ctx, name):
            continue
        reasons = blockers(ctx, name, before_inputs=True)
        if reasons:
            blocked.append(Blocked(name, LABELS[name], reasons))
        else:
            form = bound_forms.get(name) or transition_form(name, addon)
            available.append(Action(name, LABELS[name], form, name in DANGER))
    return available, blocked


def action_card(ctx, bound_forms=None) -> dict:
    """What the "Your next steps" card (addon/_actions.html) needs, on every page that has it:
    the steps, the forms offered, what blocks the rest, and whether a forward step is offered
    (without one, and without steps, the card says nothing waits on the person)."""
    available, blocked = actions_for(ctx, bound_forms)
    return {
        "actions": available,
        "has_forward_step": any(not action.danger for action in available),
        "blocked": blocked,
        "next_steps": next_steps_for(ctx),
    }
