from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..fields import LinkField
from ..validators import validate_https_url

# Four eyes: below two sign-offs one architect would pass the review gate alone.
QUORUM_FLOOR = 2


class PortalSettings(models.Model):
    """The rules a manager may tune in the admin; a single row (pk=1).

    The gate settings (quorum, transition window, coverage) are copied into each review round
    or transition when it opens: a change applies to rounds and transitions opened after it.
    """

    signoff_quorum = models.PositiveSmallIntegerField(
        default=QUORUM_FLOOR,
        validators=[
            MinValueValidator(
                QUORUM_FLOOR,
                f"The quorum cannot be below {QUORUM_FLOOR}: one architect would accept alone.",
            ),
            MaxValueValidator(10),
        ],
        help_text="Distinct architects whose sign-off an addon needs before it can be accepted; "
        "applies to review rounds opened after the change.",
    )
    transition_window_days = models.PositiveSmallIntegerField(
        default=28, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    slo_min_coverage_percent = models.PositiveSmallIntegerField(
        "SLO minimum coverage (%)",
        default=95,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
        help_text="Share of a window's hours that must have data (or an accepted gap) before "
        "an SLO can be judged met.",
    )
    review_sla_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    stuck_after_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="An addon longer than this in one state is listed as stuck.",
    )
    support_forum_url = LinkField(
        validators=[validate_https_url],
        default="https://slack.com/app_redirect?channel=forum-managed-tenants",
    )
    support_forum_name = models.CharField(max_length=100, default="#forum-managed-tenants")
    sync_meeting = models.CharField(max_length=100, default="SD: Layered Products Sync (weekly)")
    roms_sheet_url = LinkField(
        validators=[validate_https_url], default="https://docs.google.com/spreadsheets/d/roms"
    )
    sde_board_url = LinkField(
        validators=[validate_https_url], default="https://issues.redhat.com/projects/SDE"
    )
    questionnaire_url = LinkField(
        validators=[validate_https_url], default="https://docs.google.com/document/d/questionnaire"
    )

    class Meta:
        verbose_name = verbose_name_plural = "portal settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signoff_quorum__gte=QUORUM_FLOOR), name="signoff_quorum_floor"
            )
        ]

    def __str__(self):
        return "Portal settings"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    def delete(self, *args, **kwargs):
        cache.delete(self.CACHE_KEY)
        return super().delete(*args, **kwargs)

    CACHE_KEY = "portal-settings"
    CACHE_SECONDS = 60

    @classmethod
    def load(cls) -> "PortalSettings":
        """The row, cached for a minute: every page reads it; saving it drops the cached copy."""
        obj = cache.get(cls.CACHE_KEY)
        if obj is None:
            obj, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, obj, cls.CACHE_SECONDS)
        return obj
