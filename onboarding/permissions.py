"""Who may take each step: `permission=` callables of the FSM transitions, `(addon, user)`.

Everything is derived from group permissions (roles) plus the addon's own people
(its team, its assigned lead and engineers).
"""

from .roles import PERM, holds


def _viewer_flag(addon, user, flag: str):
    """The answer `get_addon_for_user` annotated for this user, or None to ask the database.

    A page asks several of these questions about the addon it fetched for its viewer;
    services re-read the addon under a row lock, without the annotations.
    """
    if getattr(addon, "viewer_pk", None) == user.pk:
        return getattr(addon, flag, None)
    return None


def is_owner_role(user) -> bool:
    return holds(user, PERM["own_addon"])


def in_team(addon, user) -> bool:
    """Whether the person is a member of the addon's team, whatever their role."""
    member = _viewer_flag(addon, user, "viewer_in_team")
    return member if member is not None else addon.team.members.filter(pk=user.pk).exists()


def is_team_owner(addon, user) -> bool:
    return holds(user, PERM["own_addon"]) and in_team(addon, user)


def is_architect(addon, user) -> bool:
    return holds(user, PERM["review_addon"])


def is_architect_or_lead(addon, user) -> bool:
    return holds(user, PERM["review_addon"]) or holds(user, PERM["lead_onboarding"])


def is_lead(addon, user) -> bool:
    return holds(user, PERM["lead_onboarding"])


def is_manager(addon, user) -> bool:
    return holds(user, PERM["manage_onboarding"])


def is_assigned_lead(addon, user) -> bool:
    return holds(user, PERM["lead_onboarding"]) and addon.sre_lead_id == user.pk


def is_assigned_sre(addon, user) -> bool:
    if not holds(user, PERM["verify_addon"]):
        return False
    if addon.sre_lead_id == user.pk:
        return True
    engineer = _viewer_flag(addon, user, "viewer_is_engineer")
    return engineer if engineer is not None else addon.engineers.filter(pk=user.pk).exists()


def is_owner_or_assigned_sre(addon, user) -> bool:
    return is_team_owner(addon, user) or is_assigned_sre(addon, user)


def is_owner_or_manager(addon, user) -> bool:
    return is_team_owner(addon, user) or is_manager(addon, user)
