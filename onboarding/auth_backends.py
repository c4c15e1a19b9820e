"""Django's ModelBackend, with a user's permissions read in one query instead of two, and the
signed-in user read with their portal permissions and their last role change.

Every page asks the rules, and the rules ask `roles.holds`: ModelBackend reads the user's own
permissions and their groups' permissions with a query each, once per request. One query
with both joins gives the same set (tests/sso/test_permissions_backend.py); for the signed-in
user, the portal's five role permissions come with the user's own row (`SignedInUser`), so a
page asks no query for them. The portal asks no other permission: its admin opens to the
manager role (admin/site.py).
"""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

from .rules.roles import PERM, PERMISSIONS

UserModel = get_user_model()


class OneQueryPermissions:
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache") and hasattr(user_obj, PERMS_READ):
            user_obj._perm_cache = {
                PERM[codename] for codename in PERMISSIONS if getattr(user_obj, f"holds_{codename}")
            }
        if not hasattr(user_obj, "_perm_cache"):
            # Unlike ModelBackend, a superuser gets only what their groups and own
            # permissions grant: roles are explicit (README "Four eyes per person").
            granted = Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in granted.values_list(
                    "content_type__app_label", "codename"
                ).distinct()
            }
        return user_obj._perm_cache


PERMS_READ = f"holds_{next(iter(PERMISSIONS))}"


def _granted(codename: str):
    """Whether the user (the outer row) has the portal permission, themselves or by a group."""
    granted = Permission.objects.filter(content_type__app_label="onboarding", codename=codename)
    return Exists(granted.filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))))


class SignedInUser:
    def get_user(self, user_id):
        """The signed-in user, read with their last role change (the gate cooldown's clock,
        rules/people.py), whichever backend signed them in."""
        from .rules.people import roles_changed_at

        users = UserModel._default_manager.annotate(
            roles_changed_at=roles_changed_at(),
            **{f"holds_{codename}": _granted(codename) for codename in PERMISSIONS},
        )
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class PortalAxesBackend(SignedInUser, AxesStandaloneBackend):
    """Axes' lockout check (the first backend); a session it opened (tests' force_login) reads
    its user like the others."""

    def user_can_authenticate(self, user):
        return user.is_active


class PortalModelBackend(SignedInUser, OneQueryPermissions, ModelBackend):
    pass
