"""A person's own tokens for the read-only JSON API: issued and revoked here.

These tokens belong to a user, not to an addon, so no addon timeline event is written.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import UserApiToken
from ..roles import PERM
from .errors import ActionRefused


def user_api_token_create(*, label: str, by) -> tuple[UserApiToken, str]:
    """A token for `by`; the raw value is returned this once and only its hash is kept."""
    label = (label or "").strip()
    if not label:
        raise ActionRefused("Name the token.", field_errors={"label": "Name the token."})
    return UserApiToken.issue(user=by, label=label)


def user_api_token_revoke(*, token: UserApiToken, by) -> UserApiToken:
    """Its owner revokes a token from the tokens page; a manager may revoke any in the admin."""
    if token.user_id != by.pk and not by.has_perm(PERM["manage_onboarding"]):
        raise PermissionDenied
    with transaction.atomic():
        locked = UserApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at:
            raise ActionRefused("This token is already revoked.")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked
