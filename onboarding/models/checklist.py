from django.conf import settings
from django.db import models

from ..fields import LinkField
from ..validators import validate_http_url


class Side(models.TextChoices):
    OWNER = "owner", "Service owner"
    SRE = "sre", "Addon SRE"


class Gate(models.TextChoices):
    PRODUCTION = "production", "Production"
    HANDOVER = "handover", "Handover"


class ChecklistTemplate(models.Model):
    """A version of the acceptance checklist. Published versions are immutable."""

    version = models.PositiveIntegerField(unique=True)
    notes = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        status = "published" if self.published_at else "draft"
        return f"Checklist v{self.version} ({status})"

    @property
    def is_published(self):
        return self.published_at is not None


class ChecklistTemplateItem(models.Model):
    # What an item says (as opposed to which template holds it): copied into a new draft
    # version and into each addon's checklist snapshot.
    CONTENT_FIELDS = (
        "position",
        "key",
        "category",
        "title",
        "guidance",
        "mandatory",
        "side",
        "gate",
        "evidence_required",
    )

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    key = models.CharField(max_length=20)
    category = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    mandatory = models.BooleanField(default=True)
    side = models.CharField(max_length=5, choices=Side.choices)
    gate = models.CharField(max_length=10, choices=Gate.choices)
    evidence_required = models.BooleanField(default=False)

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="unique_template_item_key")
        ]

    def __str__(self):
        return f"{self.key} {self.title}"


class ChecklistItem(models.Model):
    """One addon's copy of a template item (a snapshot) and its progress."""

    class Status(models.TextChoices):
        TO_DO = "todo", "To do"
        DONE = "done", "Done"
        VERIFIED = "verified", "Verified"
        WAIVER_REQUESTED = "waiver_requested", "Waiver requested"
        WAIVED = "waived", "Waived"

    addon = models.ForeignKey(
        "onboarding.Addon", on_delete=models.CASCADE, related_name="checklist_items"
    )
    template_version = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0)
    key = models.CharField(max_length=20)
    category = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    mandatory = models.BooleanField(default=True)
    side = models.CharField(max_length=5, choices=Side.choices)
    gate = models.CharField(max_length=10, choices=Gate.choices)
    evidence_required = models.BooleanField(default=False)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TO_DO)
    evidence_url = LinkField(blank=True, max_length=500, validators=[validate_http_url])
    notes = models.TextField(blank=True, max_length=5000)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    waiver_justification = models.TextField(blank=True, max_length=5000)
    waiver_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    waiver_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    waiver_decided_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["addon", "position"]
        constraints = [
            models.UniqueConstraint(fields=["addon", "key"], name="unique_addon_checklist_key")
        ]
        indexes = [models.Index(fields=["addon", "gate", "status"], name="checklist_gate_status")]

    def __str__(self):
        return f"{self.key} {self.title}"

    @staticmethod
    def gates_up_to(gate: str) -> list[str]:
        """The handover gate also requires everything the production gate does."""
        return [Gate.PRODUCTION] if gate == Gate.PRODUCTION else [Gate.PRODUCTION, Gate.HANDOVER]

    @classmethod
    def passed_q(cls) -> models.Q:
        """Verified or waived by four eyes: the one definition of a passed item.

        An item verified by the person who marked it done, or waived by the person who
        requested the waiver (only possible in data older than the rule), has not passed.
        """
        return (
            models.Q(status=cls.Status.VERIFIED) & cls._two_people("done_by", "verified_by")
        ) | (
            models.Q(status=cls.Status.WAIVED)
            & cls._two_people("waiver_requested_by", "waiver_decided_by")
        )

    @staticmethod
    def _two_people(first: str, second: str) -> models.Q:
        return (
            models.Q(**{f"{first}__isnull": True})
            | models.Q(**{f"{second}__isnull": True})
            | models.Q(**{f"{first}__lt": models.F(second)})
            | models.Q(**{f"{first}__gt": models.F(second)})
        )


class ChecklistItemComment(models.Model):
    """A line of the short discussion on one checklist item: plain text, shown escaped."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "created_at", "pk"]

    def __str__(self):
        return f"{self.author} on {self.item.key}: {self.body[:40]}"
