from django.conf import settings
from django.db import models


class SignOffQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def current(self):
        """Sign-offs that count toward the quorum: not withdrawn, given on this intake."""
        return self.active().filter(
            objection=False, intake_revision=models.F("addon__intake_revision")
        )

    def open_objections(self):
        return self.active().filter(objection=True)


class SignOff(models.Model):
    """An architect's sign-off (or objection) on one revision of an addon's intake.

    A sign-off on an older intake revision is stale: shown, but it does not count.
    """

    addon = models.ForeignKey("onboarding.Addon", on_delete=models.CASCADE, related_name="signoffs")
    architect = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signoffs"
    )
    objection = models.BooleanField(default=False)
    note = models.TextField(blank=True, max_length=2000)
    intake_revision = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["addon", "architect"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_signoff_per_architect",
            )
        ]

    def __str__(self):
        return f"{self.architect} on {self.addon}"

    @property
    def is_stale(self):
        return self.intake_revision != self.addon.intake_revision


class Comment(models.Model):
    """The review discussion: plain text, rendered escaped with line breaks kept."""

    addon = models.ForeignKey("onboarding.Addon", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author} on {self.addon}: {self.body[:40]}"
