"""The five roles of DOMAIN.md, as Django groups, and the permission each grants.

Rules and services ask `holds(user, PERM[...])`, so roles come from group membership only:
staff and superuser flags grant nothing in the portal (Django's `user.has_perm` answers yes
to a superuser for everything, so the portal never asks it).
"""

from enum import StrEnum


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


def holds(user, perm: str) -> bool:
    """Whether the person's roles grant `perm` (an active account's group permissions)."""
    return user.is_active and perm in user.get_all_permissions()


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
