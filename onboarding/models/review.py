from django.conf import settings
from django.db import models


def current_round(prefix: str = "", revision=None) -> models.Q:
    """The one definition of a current sign-off or objection: not withdrawn, and given in the
    addon's current review round. `prefix` reaches the sign-offs from another model
    ("signoffs__" from Addon) and `revision` is the addon's round as seen from there
    (F("intake_revision") on Addon, OuterRef in a subquery)."""
    revision = models.F("addon__intake_revision") if revision is None else revision
    return models.Q(**{f"{prefix}withdrawn_at__isnull": True, f"{prefix}intake_revision": revision})


class SignOffQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def in_current_round(self):
        return self.filter(current_round())

    def current(self):
        """Sign-offs that count toward the quorum: not withdrawn, given in the current round."""
        return self.in_current_round().filter(objection=False)

    def open_objections(self):
        """Objections of the current review round (an earlier round's no longer hold)."""
        return self.in_current_round().filter(objection=True)


class SignOff(models.Model):
    """An architect's sign-off (or objection) in one review round of an addon.

    `intake_revision` is the round it was given in (the addon's `intake_revision` is the
    current round); one from an earlier round is stale: shown, but it does not count.
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

    def in_round_of(self, addon) -> bool:
        """`current_round()` for a row in hand: not withdrawn, given in the addon's round."""
        return self.withdrawn_at is None and self.intake_revision == addon.intake_revision

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


class ReviewRound(models.Model):
    """One submit (or resubmit) of the intake for review, with the intake as it was then.

    Its `number` is the addon's `intake_revision` while the round is current; the intake
    snapshot (field name -> shown value) is what the review page diffs against the previous
    round; `quorum` is the sign-offs it needs, as the settings said when it opened.
    """

    addon = models.ForeignKey(
        "onboarding.Addon", on_delete=models.CASCADE, related_name="review_rounds"
    )
    number = models.PositiveIntegerField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    intake = models.JSONField(default=dict)
    # The sign-off quorum when the round opened: a later settings change never moves it.
    quorum = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["addon", "number"]
        constraints = [
            models.UniqueConstraint(fields=["addon", "number"], name="unique_review_round")
        ]

    def __str__(self):
        return f"Round {self.number} of {self.addon}"
