"""Single sign-on: people from the OpenID Connect provider, their roles from its groups claim.

The provider owns role membership: on every login the portal's role groups are set to what
OIDC_GROUP_ROLES maps the person's groups to (other groups are left alone). Accounts match by
the provider's preferred_username, so a local account of the same e-mail is never taken over.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ..auth_backends import OneQueryPermissions, SignedInUser
from ..rules.roles import Role
from ..services.role_grants import roles_set

log = logging.getLogger(__name__)


def mapped_roles(claims: dict) -> set[str]:
    mapping = settings.OIDC_GROUP_ROLES
    unknown = set(mapping.values()) - {r.value for r in Role}
    if unknown:
        raise ImproperlyConfigured(f"OIDC_GROUP_ROLES names unknown roles: {sorted(unknown)}")
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    return {mapping[g] for g in groups if g in mapping}


class PortalOIDCBackend(SignedInUser, OneQueryPermissions, OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        return bool(claims.get("email") and self._username(claims))

    @staticmethod
    def _username(claims) -> str:
        return (claims.get("preferred_username") or claims.get("email") or "")[:150]

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=self._username(claims))

    def create_user(self, claims):
        with transaction.atomic():
            user = self.UserModel.objects.create_user(self._username(claims), email=claims["email"])
            self._sync_roles(user, claims)
        log.info("created user %s from single sign-on", user.username)
        return user

    def update_user(self, user, claims):
        with transaction.atomic():
            if user.email != claims["email"]:
                user.email = claims["email"]
                user.save(update_fields=["email"])
            self._sync_roles(user, claims)
        return user

    @staticmethod
    def _sync_roles(user, claims):
        # Each change is an audited grant or revoke by the provider, no person.
        roles_set(user=user, roles=mapped_roles(claims), by=None, source="single sign-on")
