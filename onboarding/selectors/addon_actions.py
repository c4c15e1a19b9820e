"""What the addon page offers a person: the steps they may take now and what blocks the rest."""

from dataclasses import dataclass

from ..forms.transitions import DANGER, LABELS, transition_form
from ..services.transitions import blockers


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


def actions_for(addon, user, bound_forms=None):
    """(actions this user may take now, steps of theirs that guards still block)."""
    bound_forms = bound_forms or {}
    available, blocked = [], []
    field = type(addon)._meta.get_field("state")
    for transition in field.get_all_transitions(type(addon)):
        if transition.source != addon.state or not transition.has_perm(addon, user):
            continue
        name = transition.name
        reasons = blockers(addon, name, before_inputs=True)
        if reasons:
            blocked.append(Blocked(name, LABELS[name], reasons))
        else:
            form = bound_forms.get(name) or transition_form(name, addon)
            available.append(Action(name, LABELS[name], form, name in DANGER))
    return available, blocked
