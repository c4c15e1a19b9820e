from django.conf import settings
from django.db import models


class NotificationPreference(models.Model):
    """The kinds of notification one person chose not to receive by e-mail.

    No row means every kind is wanted. Muting is judged when a notification is queued
    (`recipients.unmuted`), by the person's e-mail address.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    # NotificationKind values; a JSON list so that PostgreSQL and SQLite store it alike.
    muted_kinds = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Notification settings of {self.user}"

    def mutes(self, kind: str) -> bool:
        return kind in self.muted_kinds
