from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class PortalSettings(models.Model):
    """The rules a manager may tune in the admin; a single row (pk=1)."""

    signoff_quorum = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Distinct architects whose sign-off an addon needs before it can be accepted.",
    )
    transition_window_days = models.PositiveSmallIntegerField(
        default=28, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    review_sla_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    stuck_after_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="An addon longer than this in one state is listed as stuck.",
    )
    support_forum_url = models.URLField(
        default="https://slack.com/app_redirect?channel=forum-managed-tenants"
    )
    support_forum_name = models.CharField(max_length=100, default="#forum-managed-tenants")
    sync_meeting = models.CharField(max_length=100, default="SD: Layered Products Sync (weekly)")
    roms_sheet_url = models.URLField(default="https://docs.google.com/spreadsheets/d/roms")
    sde_board_url = models.URLField(default="https://issues.redhat.com/projects/SDE")
    questionnaire_url = models.URLField(default="https://docs.google.com/document/d/questionnaire")

    class Meta:
        verbose_name = verbose_name_plural = "portal settings"

    def __str__(self):
        return "Portal settings"

    @classmethod
    def load(cls) -> "PortalSettings":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
