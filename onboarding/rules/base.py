"""The one mechanism behind "may this person do this now, and if not, why not".

A `Rule` wraps a function `(user, obj) -> reason | None`: None allows the action, a reason
refuses it in plain words. A reason wrapped in `Forbidden` means "not your role" (the server
answers 403/404); any other reason means "not now" (the page shows it next to the action).
Pages offer an action when `rule.allows(...)`, services call `rule.enforce(...)` under their
row lock, the admin and templates ask the same rule (`{% allowed %}` in portal_tags).

Transition guards (onboarding/guards.py) are the same idea for the FSM's `conditions`, which
django-fsm calls with the addon alone; `rules/transitions.py` combines them with the role and
the actor checks into one `Rule` per transition.
"""

from django.core.exceptions import PermissionDenied


class Forbidden(str):
    """A refusal because of who the person is, not because of the object's state."""


class Rule:
    def __init__(self, check, name: str | None = None):
        self.check = check
        self.__name__ = name or check.__name__
        self.__doc__ = check.__doc__

    def why_not(self, user, obj) -> str | None:
        return self.check(user, obj)

    def allows(self, user, obj) -> bool:
        return self.check(user, obj) is None

    def permits_role(self, user, obj) -> bool:
        """Whether the refusal, if any, is about the state rather than the person's role."""
        return not isinstance(self.check(user, obj), Forbidden)

    def enforce(self, user, obj) -> None:
        """Raise PermissionDenied (role) or ActionRefused (state, four eyes) with the reason."""
        from ..errors import ActionRefused

        reason = self.check(user, obj)
        if reason is None:
            return
        if isinstance(reason, Forbidden):
            raise PermissionDenied(str(reason))
        raise ActionRefused(str(reason))

    def __repr__(self):
        return f"<Rule {self.__name__}>"


def rule(check) -> Rule:
    return Rule(check)


def first(*reasons):
    """The first refusal among lazily computed reasons (callables), or None."""
    for reason in reasons:
        found = reason()
        if found is not None:
            return found
    return None
