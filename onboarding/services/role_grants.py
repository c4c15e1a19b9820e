"""Granting and revoking roles: the one way a role reaches an account, each an audited event.

Roles come from the SSO provider's groups claim in production (`oidc.py` calls
`roles_set` on every login, with no actor) and from the `role_grant` management command
locally; the admin shows users, groups and flags read-only. A grant or revoke also restarts
the account's cooldown (rules/people.py), since it is read from these events.
"""

from django.db import transaction

from ..models import AuditEvent
from ..rules.roles import HELD, Role, join, leave


def _record(*, user, role: Role, by, granted: bool, source: str) -> AuditEvent:
    # This account object's cached permissions and cooldown no longer hold.
    for cached in ("_perm_cache", "_group_perm_cache", HELD, "_gates_open_at", "roles_changed_at"):
        user.__dict__.pop(cached, None)
    verb = "granted" if granted else "revoked"
    who = by.get_username() if by is not None else source
    return AuditEvent.objects.create(
        actor=by,
        kind=AuditEvent.Kind.ROLE_GRANTED if granted else AuditEvent.Kind.ROLE_REVOKED,
        subject=user,
        role=role.value,
        message=f"{who} {verb} {role.value} {'to' if granted else 'from'} {user.get_username()}.",
        payload={"source": source},
    )


def role_grant(*, user, role: Role, by, source: str = "command") -> bool:
    """Give `user` the role; False (and no event) when they already hold it."""
    with transaction.atomic():
        if not join(user, role):
            return False
        _record(user=user, role=role, by=by, granted=True, source=source)
    return True


def role_revoke(*, user, role: Role, by, source: str = "command") -> bool:
    """Take the role from `user`; False (and no event) when they do not hold it."""
    with transaction.atomic():
        if not leave(user, role):
            return False
        _record(user=user, role=role, by=by, granted=False, source=source)
    return True


def roles_set(*, user, roles: set[str], by, source: str) -> None:
    """Make the account's portal roles exactly `roles` (other groups are left alone)."""
    for role in Role:
        if role.value in roles:
            role_grant(user=user, role=role, by=by, source=source)
        else:
            role_revoke(user=user, role=role, by=by, source=source)
