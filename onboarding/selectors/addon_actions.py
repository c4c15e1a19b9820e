"""What the addon page offers a person: the steps they may take now and what blocks the rest.

A read: the step forms are the view's (`form_for`), so this never imports forms/.
"""

from collections.abc import Callable
from dataclasses import dataclass

from ..rules.transitions import blockers, role_refusal, steps_from_here
from .next_steps import next_steps_for

LABELS = {
    "submit": "Submit for review",
    "resubmit": "Resubmit for review",
    "request_changes": "Request changes",
    "accept": "Accept",
    "reject": "Reject",
    "assign": "Assign to Addon SRE",
    "scope": "Record scope and start onboarding",
    "approve_production": "Approve production",
    "mark_in_production": "Mark in production",
    "complete_transition": "Complete transition",
    "withdraw": "Withdraw",
    "reopen": "Reopen as draft",
}

DANGER = {"reject", "withdraw"}


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


def actions_for(addon, user, form_for: Callable[[str], object] | None = None):
    """(actions this user may take now, steps of theirs that guards still block).

    Offered exactly when the step's rule (rules/transitions.py) allows it; each offered step
    carries `form_for(name)`, the view's form for it (None without `form_for`).
    """
    available, blocked = [], []
    for name in steps_from_here(addon):
        if role_refusal(user, addon, name):
            continue
        reasons = blockers(addon, name, before_inputs=True)
        if reasons:
            blocked.append(Blocked(name, LABELS[name], reasons))
        else:
            form = form_for(name) if form_for else None
            available.append(Action(name, LABELS[name], form, name in DANGER))
    return available, blocked


def action_card(addon, user, form_for: Callable[[str], object] | None = None) -> dict:
    """What the "Your next steps" card (addon/_actions.html) needs, on every page that has it:
    the steps, the forms offered, what blocks the rest, and whether a forward step is offered
    (without one, and without steps, the card says nothing waits on the person)."""
    available, blocked = actions_for(addon, user, form_for)
    return {
        "actions": available,
        "has_forward_step": any(not action.danger for action in available),
        "blocked": blocked,
        "next_steps": next_steps_for(addon, user),
    }
