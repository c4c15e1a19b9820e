from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..fields import LinkField
from ..validators import validate_http_url


class PrometheusSource(models.Model):
    """A Prometheus-compatible query API the portal collects SLO data from.

    Thanos querier, Red Hat Observability (Observatorium) and a plain Prometheus all answer
    `/api/v1/query_range` under their URL. An SLO without a source uses `PROMETHEUS_URL`.
    The secrets are write-only: the admin never renders them back.
    """

    class Auth(models.TextChoices):
        NONE = "none", "None"
        BEARER = "bearer", "Bearer token"
        OAUTH2 = "oauth2", "OAuth2 client credentials"

    name = models.CharField(max_length=100, unique=True)
    url = LinkField(
        "URL",
        validators=[validate_http_url],
        help_text="The base URL the query API hangs under, tenant path included, e.g. "
        "https://observatorium.example.com/api/metrics/v1/rhods or "
        "https://thanos-querier.openshift-monitoring.svc:9091.",
    )
    auth = models.CharField(max_length=10, choices=Auth.choices, default=Auth.NONE)
    bearer_token = models.TextField(blank=True, max_length=4000)
    token_url = LinkField(
        "OAuth2 token URL", blank=True, validators=[validate_http_url], max_length=500
    )
    client_id = models.CharField("OAuth2 client ID", max_length=200, blank=True)
    client_secret = models.TextField("OAuth2 client secret", blank=True, max_length=4000)
    scope = models.CharField("OAuth2 scope", max_length=300, blank=True)
    tenant_header = models.CharField(
        max_length=100,
        blank=True,
        help_text="Sent with every query when set, e.g. X-Scope-OrgID (Cortex, Mimir, Thanos).",
    )
    tenant = models.CharField("tenant header value", max_length=200, blank=True)
    ca_bundle = models.TextField(
        "CA bundle (PEM)",
        blank=True,
        max_length=100_000,
        help_text="Trusted for this source instead of the system's CAs, e.g. the service CA.",
    )
    timeout_seconds = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
