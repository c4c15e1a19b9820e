from django.conf import settings
from django.db import models


class Handover(models.Model):
    """The pager handover to Addon SRE, in steps: complete_transition creates it waiting on
    the pager test (PagerTest) and the shadow (Addon SRE paged alongside the owners for
    `shadow_days`); once the shadow ended, the assigned lead pushes the managed-tenants merge
    request (queued). Requested when the branch is pushed, done when it is merged."""

    class Status(models.TextChoices):
        STEPS = "steps", "Waiting on the pager test and the shadow"
        PENDING = "pending", "Queued"
        REQUESTED = "requested", "Merge request opened"
        DONE = "done", "Merge request merged"
        FAILED = "failed", "Failed"
        CLOSED = "closed", "Merge request closed without merge"
        NOT_CONFIGURED = "not_configured", "Not configured"

    class Verification(models.TextChoices):
        NOT_RUN = "not_run", "Not run"
        NOT_CONFIGURED = "not_configured", "PagerDuty API not configured"
        VERIFIED = "verified", "Every service uses the Addon SRE policy"
        MISMATCH = "mismatch", "Some services use another policy"
        NO_SERVICES = "no_services", "No PagerDuty services found for the addon"
        FAILED = "failed", "Verification failed"

    addon = models.OneToOneField(
        "onboarding.Addon", on_delete=models.CASCADE, related_name="handover"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    escalation_policy_id = models.CharField(max_length=20, blank=True)
    branch = models.CharField(max_length=200, blank=True)
    commit_sha = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    verification = models.CharField(
        max_length=20, choices=Verification.choices, default=Verification.NOT_RUN
    )
    verification_detail = models.TextField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    # The shadow: frozen from HANDOVER_SHADOW_DAYS when the assigned lead starts it.
    shadow_days = models.PositiveSmallIntegerField(null=True, blank=True)
    shadow_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shadow_started_at = models.DateTimeField(null=True, blank=True)
    shadow_ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Handover of {self.addon}: {self.get_status_display()}"

    def shadow_ended(self, now) -> bool:
        return self.shadow_ends_at is not None and self.shadow_ends_at <= now


class HandBack(models.Model):
    """Addon SRE hands the pager back to the owners: the reverse managed-tenants merge request
    (`pagerduty.escalationPolicy` back to the owners' policy), asked for by the assigned lead
    when the SLOs keep failing after the handover. Same states as the handover."""

    handover = models.OneToOneField(Handover, on_delete=models.CASCADE, related_name="hand_back")
    status = models.CharField(
        max_length=20, choices=Handover.Status.choices, default=Handover.Status.PENDING
    )
    escalation_policy_id = models.CharField(max_length=20, help_text="The owners' policy.")
    reason = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    branch = models.CharField(max_length=200, blank=True)
    commit_sha = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Hand-back of {self.handover.addon}: {self.get_status_display()}"


class PagerTest(models.Model):
    """The first step of the handover: a test incident triggered through PagerDuty's REST API
    on a service paging Addon SRE's escalation policy, and the on-call Addon SRE's
    acknowledgement read back from PagerDuty (who and when). Triggering again replaces an
    unacknowledged test."""

    handover = models.OneToOneField(Handover, on_delete=models.CASCADE, related_name="pager_test")
    escalation_policy_id = models.CharField(max_length=20)
    service_id = models.CharField(max_length=20)
    incident_id = models.CharField(max_length=40)
    incident_number = models.PositiveIntegerField(null=True, blank=True)
    incident_url = models.CharField(max_length=500, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    triggered_at = models.DateTimeField()
    # As PagerDuty names the acknowledger (a user reference's summary and id).
    acknowledged_by = models.CharField(max_length=200, blank=True)
    acknowledged_by_id = models.CharField(max_length=40, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Pager test of {self.handover.addon}: incident {self.incident_id}"

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class NotificationKind(models.TextChoices):
    """What a notification is about; people mute the kinds they don't want."""

    COMMENT = "comment", "Comments in a discussion you take part in"
    OBJECTION = "objection", "Objections raised and withdrawn in a review you take part in"
    CHANGES_REQUESTED = "review_changes_requested", "Changes requested on your SOPs and SLOs"
    REVIEW_REQUESTED = "review_requested", "SOPs and SLOs waiting for your review"
    ASSIGNMENT = "assignment", "Assignments of an addon to Addon SRE"
    STATE_CHANGE = "state_change", "Workflow steps (submitted, accepted, scoped, approved…)"
    CHECKLIST = "checklist", "Checklist items and waivers"
    SLO = "slo", "SLO verdicts (an addon became viable)"
    HANDOVER = "handover", "The pager handover"
    OTHER = "other", "Other news about an addon"
    REMINDER = "reminder", "Reminders and the weekly digest"


# Reminders and the digest come from the clock and name what nobody has acted on yet:
# they are not for muting.
MUTABLE_KINDS = tuple(k for k in NotificationKind if k != NotificationKind.REMINDER)


class Notification(models.Model):
    """An outbox row, written in the same transaction as the change that causes it.

    A Celery task delivers pending rows and marks them sent; a periodic sweep picks up
    whatever a down broker left behind, so nothing is lost and nothing is sent twice.
    """

    # Null for reminders and digests: they come from the clock, not from a change of an addon.
    event = models.ForeignKey(
        "onboarding.TimelineEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    # Reminders name their day or week here, so a re-run of the beat task sends nothing twice.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    kind = models.CharField(
        max_length=40, choices=NotificationKind.choices, default=NotificationKind.OTHER
    )
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set while one worker sends this row: others (and the sweep) leave it alone until then.
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.subject
