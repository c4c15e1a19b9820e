"""Each person's choice of the notification kinds they no longer want by e-mail."""

from django.db import transaction

from ..errors import ActionRefused
from ..models import MUTABLE_KINDS, NotificationPreference


def notification_preference_of(user) -> NotificationPreference:
    """The person's settings; unsaved (nothing muted) until they first save the page."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )


def notification_preference_save(*, user, muted_kinds) -> NotificationPreference:
    unknown = sorted(set(muted_kinds) - set(MUTABLE_KINDS))
    if unknown:
        message = f"These kinds cannot be muted: {', '.join(unknown)}."
        raise ActionRefused(message, field_errors={"wanted": message})
    # Kept in the order of the kinds: the same choice is always stored the same way.
    chosen = set(muted_kinds)
    muted = [kind.value for kind in MUTABLE_KINDS if kind in chosen]
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        preference.muted_kinds = muted
        preference.save()
    return preference
