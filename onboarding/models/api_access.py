"""API tokens: one model for every bearer token of the JSON API.

A token has one scope: `read` (the read-only API; it sees what its user sees) or `push` for
one addon (written `push:<addon id>`: pushing that addon's SLO measurements). Only the
SHA-256 of the token is stored; it is shown once, when it is created. A token stops working
when revoked, when it expires, when its user is deactivated, and a push token when its
addon's transition window is over (transitioned or withdrawn) or its user may no longer upload
the addon's SLO data (left the team, lost the role: the same rule as the upload page).
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..bounds import one_line

TOKEN_PREFIX = "aop_"  # noqa: S105 - a marker, not a secret
LIFETIME = timedelta(days=365)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            user__is_active=True,
            revoked_at__isnull=True,
        )

    def authenticate(self, raw: str):
        """The active token matching `raw` (with its user and addon), or None."""
        if not raw or len(raw) > 200:
            return None
        digest = token_digest(raw)
        found = self.active().select_related("user", "addon").filter(token_hash=digest).first()
        # Found by its hash; compared again in constant time, as every secret here is.
        if found is None or not hmac.compare_digest(found.token_hash, digest):
            return None
        return found


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read the JSON API as its user"
        PUSH = "push", "Push one addon's SLO measurements"

    scope = models.CharField(max_length=8, choices=Scope.choices)
    # Set exactly for push tokens (a database constraint says so).
    addon = models.ForeignKey(
        "onboarding.Addon", null=True, blank=True, on_delete=models.CASCADE, related_name="tokens"
    )
    # Whom the token acts for: a read token sees what this person sees; a push token's
    # creator, named on the timeline events its pushes write.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="api_tokens"
    )
    label = models.CharField(max_length=100, validators=[one_line])
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="read", addon__isnull=True)
                | Q(scope="push", addon__isnull=False),
                name="api_token_push_names_its_addon",
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.prefix}…)"

    @property
    def scopes(self) -> list[str]:
        """As the API documents them: ["read"] or ["push:<addon id>"]."""
        if self.scope == self.Scope.PUSH:
            return [f"push:{self.addon.addon_id}"]
        return [self.scope]

    @classmethod
    def issue(cls, *, user, label: str, addon=None) -> tuple["ApiToken", str]:
        """Create a token (push when `addon` is given); returns it and the raw value."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            scope=cls.Scope.PUSH if addon else cls.Scope.READ,
            addon=addon,
            user=user,
            label=label,
            prefix=raw[:12],
            token_hash=token_digest(raw),
            expires_at=timezone.now() + LIFETIME,
        )
        return token, raw

    def mark_used(self):
        now = timezone.now()
        # One write a minute at most, not one per request.
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
