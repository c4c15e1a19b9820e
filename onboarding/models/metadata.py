"""What managed-tenants needs of an addon beyond its intake, filled in by its owners.

Each field carries the managed-tenants schema's rule for the addon.yaml property it becomes
(SchemaRule), so the form refuses what managed-tenants would refuse, on the field.
"""

from django.db import models

from ..integrations.managed_tenants.schema import SchemaRule
from ..validators import (
    validate_further_namespaces,
    validate_further_properties,
    validate_imageset_version,
    validate_link,
    validate_namespace_annotations,
    validate_namespace_labels,
    validate_notification_contacts,
    validate_secret_name,
    validate_secret_namespace,
)
from .addon import Addon

CHANNELS = Addon.Channel.choices


class AddonMetadata(models.Model):
    """One environment's values: stage's (integration uses them too) or production's. Until
    production is saved on its own, its document is built from stage's values."""

    class Environment(models.TextChoices):
        STAGE = "stage", "stage"
        PRODUCTION = "production", "production"

    addon = models.ForeignKey(
        "onboarding.Addon", on_delete=models.CASCADE, related_name="mt_metadata_rows"
    )
    environment = models.CharField(
        max_length=10, choices=Environment.choices, default=Environment.STAGE
    )
    # The PNG as uploaded, base64 encoded as addon.yaml carries it.
    icon = models.TextField(blank=True, help_text="A PNG of about 200 px.")
    link = models.CharField(
        "documentation link",
        max_length=500,
        blank=True,
        validators=[validate_link],
    )
    quay_repo = models.CharField(
        "Quay repository",
        max_length=200,
        blank=True,
        validators=[SchemaRule("quayRepo", "Write quay.io/osd-addons/<repository> (a–z and -).")],
        help_text="quay.io/osd-addons/<repository>",
    )
    test_harness = models.CharField(
        "test harness image",
        max_length=300,
        blank=True,
        validators=[
            SchemaRule("testHarness", "Write quay.io/<organisation>/<image>, optionally :<tag>.")
        ],
        help_text="quay.io/<organisation>/<image>:<tag>",
    )
    index_image = models.CharField(
        "index image",
        max_length=300,
        blank=True,
        validators=[SchemaRule("indexImage", "Write quay.io/osd-addons/<repository>[:<tag>].")],
        help_text="Either an index image or an imageset version.",
    )
    imageset_version = models.CharField(
        "addon imageset version",
        max_length=40,
        blank=True,
        validators=[validate_imageset_version],
        help_text="latest: managed-tenants loads no pinned version (MTSRE-453).",
    )
    default_channel = models.CharField(
        "default channel",
        max_length=10,
        blank=True,
        choices=CHANNELS,
        help_text="defaultChannel of this environment; empty: the intake's channel.",
    )
    ocm_quota_cost = models.PositiveIntegerField(
        "OCM quota cost",
        default=0,
        help_text="ocmQuotaCost: the quota units one installation takes.",
    )
    further_namespaces = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_further_namespaces],
        help_text="Namespaces the addon manages besides its target namespace.",
    )
    has_external_resources = models.BooleanField(
        "has external resources",
        null=True,
        blank=True,
        help_text="hasExternalResources: the addon creates resources outside the cluster.",
    )
    snitch_name_postfix = models.CharField(
        "Dead Man's Snitch name postfix",
        max_length=62,
        blank=True,
        validators=[
            SchemaRule("deadmanssnitch.snitchNamePostFix", "Letters, digits and hyphens, 2 to 62.")
        ],
        help_text="deadmanssnitch.snitchNamePostFix; empty: the addon id.",
    )
    pull_secret_name = models.CharField(
        "pull secret name",
        max_length=253,
        blank=True,
        help_text="pullSecretName: one of the secrets under config.secrets.",
    )
    further_properties = models.JSONField(
        "further addon.yaml properties",
        default=dict,
        blank=True,
        validators=[validate_further_properties],
        help_text="Parameters, sub-operators, config and secrets, bundle parameters, …",
    )
    namespace_labels = models.JSONField(
        default=dict, blank=True, validators=[validate_namespace_labels]
    )
    namespace_annotations = models.JSONField(
        default=dict, blank=True, validators=[validate_namespace_annotations]
    )
    addon_notifications = models.JSONField(
        "notification contacts",
        default=list,
        blank=True,
        validators=[validate_notification_contacts],
    )
    pagerduty_secret_name = models.CharField(
        "PagerDuty secret name", max_length=63, blank=True, validators=[validate_secret_name]
    )
    pagerduty_secret_namespace = models.CharField(
        "PagerDuty secret namespace",
        max_length=63,
        blank=True,
        validators=[validate_secret_namespace],
    )
    pagerduty_acknowledge_timeout = models.PositiveIntegerField(
        "PagerDuty acknowledge timeout (s)", default=21600
    )
    pagerduty_resolve_timeout = models.PositiveIntegerField(
        "PagerDuty resolve timeout (s)", default=0
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["addon", "environment"], name="one_metadata_per_addon_environment"
            )
        ]

    def __str__(self):
        return f"{self.environment} managed-tenants metadata of {self.addon_id}"
