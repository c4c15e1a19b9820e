"""Django's ModelBackend, with a user's permissions read in one query instead of two.

Every page asks the rules, and the rules ask `roles.holds`: ModelBackend reads the user's own
permissions and their groups' permissions with a query each, once per request. One query
with both joins gives the same set (tests/sso/test_permissions_backend.py).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class OneQueryPermissions:
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
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


class PortalModelBackend(OneQueryPermissions, ModelBackend):
    pass
