"""Moved to onboarding/rules/roles.py, the one definition of roles. This name stays only for
models/addon.py and permissions.py, which the AddonContext refactor rewrites; delete it then."""

from .rules.roles import PERM, PERMISSIONS, ROLE_PERMISSIONS, Role, holds, roles_of

__all__ = ["PERM", "PERMISSIONS", "ROLE_PERMISSIONS", "Role", "holds", "roles_of"]
