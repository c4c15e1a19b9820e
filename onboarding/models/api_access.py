import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "aop_"  # noqa: S105 - a marker, not a secret


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class UserApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def authenticate(self, raw: str):
        """The active token matching `raw`, with its user, or None."""
        if not raw.startswith(TOKEN_PREFIX):
            return None
        return self.active().select_related("user").filter(token_hash=_digest(raw)).first()


class UserApiToken(models.Model):
    """A person's token for the read-only JSON API; sees what its user sees.

    Only the SHA-256 is stored: the token is shown once, when it is created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    label = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = UserApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "user API token"

    def __str__(self):
        return f"{self.label} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user, label: str) -> tuple["UserApiToken", str]:
        """Create a token; returns it and the raw value, which is never stored."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, label=label, prefix=raw[:12], token_hash=_digest(raw))
        return token, raw

    def mark_used(self):
        now = timezone.now()
        # One write a minute at most, not one per request.
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            UserApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
