from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..bounds import one_line
from ..fields import LinkField
from ..validators import validate_http_url


class SLO(models.Model):
    class SLIType(models.TextChoices):
        AVAILABILITY = "availability"
        LATENCY = "latency"
        CORRECTNESS = "correctness"
        QUALITY = "quality"
        FRESHNESS = "freshness"
        COVERAGE = "coverage"
        THROUGHPUT = "throughput"
        DURABILITY = "durability"

    class Source(models.TextChoices):
        PROMETHEUS = "prometheus", "Prometheus queries"
        PUSHED = "pushed", "Pushed measurements"

    class Kind(models.TextChoices):
        EVENTS = "events", "Events: good and total per hour"
        RATIO = "ratio", "Ratio: the good fraction of each hour"

    class Review(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    class Status(models.TextChoices):
        MET = "met", "Met"
        MISSED = "missed", "Missed"
        INSUFFICIENT = "insufficient", "Insufficient data"

    # What owners define (and Addon SRE reviews); edits to these are recorded on the timeline.
    DEFINITION_FIELDS = (
        "name",
        "sli_type",
        "description",
        "objective",
        "window_days",
        "document_url",
        "dashboard_url",
        "source",
        "prometheus_source",
        "kind",
        "good_query",
        "total_query",
        "ratio_query",
    )

    addon = models.ForeignKey("onboarding.Addon", on_delete=models.CASCADE, related_name="slos")
    name = models.CharField(max_length=100, validators=[one_line])
    sli_type = models.CharField("SLI type", max_length=20, choices=SLIType.choices)
    description = models.TextField("what the SLI measures", max_length=2000)
    objective = models.DecimalField(
        "objective (%)",
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(50), MaxValueValidator(99.999)],
    )
    window_days = models.PositiveSmallIntegerField(
        default=28, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    document_url = LinkField("SLO document", blank=True, validators=[validate_http_url])
    dashboard_url = LinkField(blank=True, validators=[validate_http_url])
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.PUSHED)
    prometheus_source = models.ForeignKey(
        "onboarding.PrometheusSource",
        verbose_name="Prometheus source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="slos",
        help_text="Empty: the portal's default Prometheus (PROMETHEUS_URL).",
    )
    kind = models.CharField("SLI kind", max_length=10, choices=Kind.choices, default=Kind.EVENTS)
    good_query = models.TextField("PromQL: good events", blank=True, max_length=2000)
    total_query = models.TextField("PromQL: total events", blank=True, max_length=2000)
    ratio_query = models.TextField("PromQL: good fraction", blank=True, max_length=2000)

    review = models.CharField(max_length=20, choices=Review.choices, default=Review.PENDING)
    review_comment = models.TextField(blank=True, max_length=2000)
    last_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    last_evaluated_at = models.DateTimeField(null=True, blank=True)
    last_collected_at = models.DateTimeField(null=True, blank=True)
    last_collection_error = models.TextField(blank=True)
    last_collection_error_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["addon", "name"]
        verbose_name = "SLO"
        constraints = [
            models.UniqueConstraint(fields=["addon", "name"], name="unique_slo_name_per_addon")
        ]

    def __str__(self):
        return f"{self.name} ({self.objective}%)"


class SLOBucket(models.Model):
    """Good and total events of one SLO in one hour."""

    slo = models.ForeignKey(SLO, on_delete=models.CASCADE, related_name="buckets")
    start = models.DateTimeField()
    good = models.BigIntegerField(validators=[MinValueValidator(0)])
    total = models.BigIntegerField(validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["slo", "start"]
        constraints = [
            models.UniqueConstraint(fields=["slo", "start"], name="one_bucket_per_slo_hour"),
            models.CheckConstraint(
                condition=models.Q(good__gte=0, total__gte=models.F("good")),
                name="bucket_good_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.slo_id}@{self.start:%Y-%m-%d %H:00}: {self.good}/{self.total}"


class SLOBucketHistory(models.Model):
    """A bucket's values before a push, upload or collection replaced them: a verdict can be
    explained later from what was stored at the time."""

    slo = models.ForeignKey(SLO, on_delete=models.CASCADE, related_name="bucket_history")
    start = models.DateTimeField()
    good = models.BigIntegerField()
    total = models.BigIntegerField()
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.CharField(max_length=200)

    class Meta:
        ordering = ["slo", "start", "replaced_at"]
        verbose_name = "replaced SLO bucket"
        indexes = [models.Index(fields=["slo", "start"], name="bucket_history_slo_start")]

    def __str__(self):
        return f"{self.slo_id}@{self.start:%Y-%m-%d %H:00}: {self.good}/{self.total} (replaced)"


class SOP(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    addon = models.ForeignKey("onboarding.Addon", on_delete=models.CASCADE, related_name="sops")
    title = models.CharField(max_length=200, validators=[one_line])
    url = LinkField(validators=[validate_http_url])
    alerts = models.TextField("alerts it covers", blank=True, max_length=2000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    review_comment = models.TextField(blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["addon", "title"]
        verbose_name = "SOP"

    def __str__(self):
        return self.title
