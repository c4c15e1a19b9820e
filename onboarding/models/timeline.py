import pgtrigger
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ImmutableEventError(RuntimeError):
    pass


class TimelineEventQuerySet(models.QuerySet):
    """Events are written once: bulk update and delete are refused like single ones."""

    def update(self, **kwargs):
        raise ImmutableEventError("Timeline events cannot be changed.")

    def delete(self):
        raise ImmutableEventError("Timeline events cannot be deleted.")

    def for_addon(self, addon):
        return self.filter(addon=addon).select_related("actor")


class TimelineEvent(models.Model):
    """One immutable line of an addon's audit trail, written in the change's transaction."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", "State change"
        INTAKE = "intake", "Intake edited"
        COMMENT = "comment", "Comment"
        SIGNOFF = "signoff", "Sign-off"
        OBJECTION = "objection", "Objection"
        CONCURRENCE = "concurrence", "Lead concurrence"
        CHECKLIST = "checklist", "Checklist"
        WAIVER = "waiver", "Waiver"
        SLO = "slo", "SLO"
        SLO_EVALUATION = "slo_evaluation", "SLO evaluation"
        SOP = "sop", "SOP review"
        EXTENSION = "extension", "Transition extended"
        HANDOVER = "handover", "Pager handover"
        TOKEN = "token", "API token"
        DEPLOY = "deploy", "Deploy recorded"

    addon = models.ForeignKey("onboarding.Addon", on_delete=models.PROTECT, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    message = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = TimelineEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["addon", "-created_at"], name="event_addon_created"),
            # Lead times and throughput walk only the state changes, in order per addon.
            models.Index(
                fields=["addon", "created_at", "id"],
                include=["to_state"],
                condition=models.Q(kind="transition"),
                name="event_transition_seq",
            ),
        ]
        # The database itself refuses to rewrite history, whatever the code path (raw SQL,
        # a queryset bypassing this model's guards, a console). PostgreSQL only: pgtrigger
        # skips other databases, and the SQLite of `make run` keeps the guards below.
        triggers = [
            pgtrigger.Protect(
                name="timeline_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.message[:60]}"

    def save(self, *args, **kwargs):
        # Immutability is an invariant of the audit trail, not business logic.
        if self.pk is not None:
            raise ImmutableEventError("Timeline events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEventError("Timeline events cannot be deleted.")
