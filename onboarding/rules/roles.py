"""The five roles of DOMAIN.md, as Django groups, and the permission each grants: the one
definition of roles, and the one place that reads or changes who holds one.

Rules ask `holds(user, PERM[...])`, so roles come from group membership only: staff and
superuser flags grant nothing in the portal (Django's `user.has_perm` answers yes to a
superuser for everything, so the portal never asks it). Outside rules/, code names roles
(`Role`), lists their holders (`holders`, for e-mail audiences and the assignment form's
choices) and changes membership (`join`, `leave`, through the audited services/role_grants.py);
it never asks whether someone holds one: it asks a rule (tests/security/test_rules_only.py).
"""

from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


class Role(StrEnum):
    OWNER = "Service Owner"
    ARCHITECT = "SRES Architect"
    LEAD = "Addon SRE Lead"
    SRE = "Addon SRE"
    MANAGER = "Addon SRE Manager"


# codename -> human label; declared on Addon.Meta.permissions.
PERMISSIONS = {
    "own_addon": "Create and work the addons of their own team",
    "review_addon": "Review intakes, sign off, accept and reject",
    "lead_onboarding": "Scope onboardings, concur on reviews, decide waivers",
    "verify_addon": "Verify checklist items, review SLOs and SOPs, approve production",
    "manage_onboarding": "Assign addons, watch the pipeline, retry handovers",
}

ROLE_PERMISSIONS = {
    Role.OWNER: ["own_addon"],
    Role.ARCHITECT: ["review_addon"],
    Role.LEAD: ["lead_onboarding", "verify_addon"],
    Role.SRE: ["verify_addon"],
    Role.MANAGER: ["manage_onboarding"],
}

PERM = {codename: f"onboarding.{codename}" for codename in PERMISSIONS}


HELD = "_portal_held"


def holds(user, perm: str) -> bool:
    """Whether the person's roles grant `perm` (an active account's group permissions).

    Read once per account object, as Django reads its permissions (`_perm_cache`): a page asks
    for every addon it lists, and `get_all_permissions` loads every auth backend per call."""
    if not user.is_active:
        return False
    held = user.__dict__.get(HELD)
    if held is None:
        held = user.__dict__[HELD] = frozenset(user.get_all_permissions())
    return perm in held


def roles_of(user) -> list[Role]:
    """The roles the person's permissions add up to, read with the rules' own (`holds`), so the
    header names what the rules see. A lead's permissions include an Addon SRE's: a lead is
    named a lead."""
    if not user.is_authenticated:
        return []
    held = {codename for codename in PERMISSIONS if holds(user, PERM[codename])}
    roles = [role for role in Role if set(ROLE_PERMISSIONS[role]) <= held]
    return [
        role
        for role in roles
        if not any(set(ROLE_PERMISSIONS[role]) < set(ROLE_PERMISSIONS[other]) for other in roles)
    ]


def holders(*roles: Role):
    """The active accounts holding any of `roles` (a queryset, each account once)."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=[str(r) for r in roles], is_active=True)
        .distinct()
    )


def join(user, role: Role) -> bool:
    """Put the account in the role's group; False when it is already there. The audit and the
    transaction are the caller's (services/role_grants.py)."""
    group = Group.objects.get(name=role.value)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    return True


def leave(user, role: Role) -> bool:
    """Take the account out of the role's group; False when it is not there."""
    group = Group.objects.get(name=role.value)
    if not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    return True


def seat(user, roles) -> None:
    """Demo seeding only (no audit event, no cooldown restart): the account's roles are exactly
    `roles`, and it signs in to Django's admin when it holds the manager role (the admin rule,
    rules/pages.py, asks both). Real grants go through services/role_grants.py."""
    user.is_staff = Role.MANAGER in roles
    user.save(update_fields=["is_staff"])
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
