"""Issuing and revoking API tokens (onboarding.models.ApiToken).

A `read` token belongs to a person (their own tokens page); a `push` token to one addon (its
SLOs page), and creating or revoking one is on that addon's timeline.
"""

from django.db import transaction
from django.utils import timezone

from ..errors import ActionRefused
from ..models import Addon, ApiToken, TimelineEvent
from ..rules import slos as rules
from .timeline import event_record

# A push token dies with the addon's transition window (the rule says when).
push_blocker = rules.push_closed


def _label(label: str) -> str:
    label = (label or "").strip()
    if not label:
        raise ActionRefused("Name the token.", field_errors={"label": "Name the token."})
    return label


def user_api_token_create(*, label: str, by) -> tuple[ApiToken, str]:
    """A `read` token for `by`; the raw value is returned this once and only its hash kept."""
    return ApiToken.issue(user=by, label=_label(label))


def user_api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Its owner revokes a token from the tokens page; a manager may revoke any in the admin."""
    rules.token_revoke.enforce(by, token)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at:
            raise ActionRefused("This token is already revoked.")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def _check_token_manager(addon: Addon, by) -> None:
    rules.token_manage.enforce(by, addon)


def token_create(*, addon: Addon, by, label: str) -> tuple[ApiToken, str]:
    """A push token for the addon; the raw value is returned once, only its SHA-256 kept."""
    _check_token_manager(addon, by)
    label = _label(label)
    with transaction.atomic():
        # The addon row lock orders simultaneous creates, so a double submit is told so.
        locked = Addon.objects.select_for_update().get(pk=addon.pk)
        if blocker := push_blocker(locked):
            raise ActionRefused(blocker)
        if locked.tokens.active().filter(label=label).exists():
            message = "A token with this name is already active; revoke it or choose another."
            raise ActionRefused(message, field_errors={"label": message})
        token, raw = ApiToken.issue(user=by, label=label, addon=locked)
        event_record(
            addon=locked,
            actor=by,
            kind=TimelineEvent.Kind.TOKEN,
            message=f"API token created: {label} ({token.prefix}…)",
            payload={"token": token.pk, "action": "created"},
        )
    return token, raw


def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke a push token, recorded on the timeline: its addon's owners or Addon SRE on the
    SLOs page, or a manager in the admin (rules/slos.py `token_revoke`)."""
    rules.token_revoke.enforce(by, token)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at:
            raise ActionRefused("This token is already revoked.")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        event_record(
            addon=token.addon,
            actor=by,
            kind=TimelineEvent.Kind.TOKEN,
            message=f"API token revoked: {locked.label} ({locked.prefix}…)",
            payload={"token": locked.pk, "action": "revoked"},
        )
    return locked
