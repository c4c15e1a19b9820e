from django.conf import settings
from django.db import models


class SLOGapAcceptance(models.Model):
    """An SRE's documented acceptance of hours an SLO has no data for (a scrape outage, hours
    past the cluster's retention): they no longer count against its coverage. Compliance is
    never changed by it — only measured hours are in sum(good) / sum(total)."""

    slo = models.ForeignKey(
        "onboarding.SLO", on_delete=models.CASCADE, related_name="accepted_gaps"
    )
    start = models.DateTimeField()
    end = models.DateTimeField(help_text="Exclusive: the first hour after the gap.")
    reason = models.TextField(max_length=2000)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slo", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="gap_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.slo_id}: {self.start:%Y-%m-%d %H:00}–{self.end:%Y-%m-%d %H:00}"


class SLOClock(models.Model):
    """The end of the last hour whose collection run completed (a single row, pk=1).

    Every SLO is judged over the window ending here, not at the wall clock, so a verdict
    holds from one collection run to the next. The collection run and the evaluation lock
    this row, so neither sees the other half done.
    """

    collected_through = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        verbose_name = "SLO collection clock"

    def __str__(self):
        return f"collected through {self.collected_through:%Y-%m-%d %H:00}"
