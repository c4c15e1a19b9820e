from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from ..bounds import one_line
from ..fields import LinkField
from ..rules.roles import PERMISSIONS
from ..validators import (
    validate_addon_id,
    validate_dms_tags,
    validate_escalation_policy,
    validate_https_url,
    validate_namespace,
    validate_operator_name,
    validate_owner_contact,
    validate_quota_name,
)
from .states import OPEN_STATES, STAGE_OF_STATE, State
from .teams import Team


class AddonQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(state=State.SUBMITTED)

    def awaiting_assignment(self):
        return self.filter(state=State.ACCEPTED)

    def open(self):
        return self.filter(state__in=OPEN_STATES)


class Addon(ConcurrentTransitionMixin, models.Model):
    class InstallMode(models.TextChoices):
        ALL_NAMESPACES = "AllNamespaces", "AllNamespaces"
        OWN_NAMESPACE = "OwnNamespace", "OwnNamespace"

    class Channel(models.TextChoices):
        ALPHA = "alpha"
        BETA = "beta"
        STABLE = "stable"
        EDGE = "edge"
        RC = "rc"
        FAST = "fast"
        # No "candidate": the managed-tenants schema lists it, addon-metadata-operator's am0001
        # refuses it.

    class Priority(models.TextChoices):
        P1 = "P1", "P1 – critical"
        P2 = "P2", "P2 – high"
        P3 = "P3", "P3 – medium"
        P4 = "P4", "P4 – low"

    # Identity and managed-tenants metadata.
    addon_id = models.CharField(
        "addon id", max_length=32, unique=True, validators=[validate_addon_id]
    )
    name = models.CharField(max_length=100, validators=[one_line])
    description = models.TextField(blank=True, max_length=5000)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="addons")
    owner_contact = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_owner_contact],
        help_text="Name <user@redhat.com>, preferably a mailing list; several separated by commas.",
    )
    quota_name = models.CharField(
        "OCM quota name", max_length=40, blank=True, validators=[validate_quota_name]
    )
    target_namespace = models.CharField(max_length=63, blank=True, validators=[validate_namespace])
    operator_name = models.CharField(max_length=63, blank=True, validators=[validate_operator_name])
    install_mode = models.CharField(
        max_length=20, choices=InstallMode.choices, default=InstallMode.OWN_NAMESPACE
    )
    default_channel = models.CharField(max_length=10, choices=Channel.choices, default="stable")
    integration_enabled = models.BooleanField(default=False)
    stage_enabled = models.BooleanField(default=False)
    production_enabled = models.BooleanField(default=False)
    pagerduty_escalation_policy_id = models.CharField(
        "PagerDuty escalation policy id",
        max_length=14,
        blank=True,
        validators=[validate_escalation_policy],
        help_text="The owners' policy: it carries the pager until the handover.",
    )
    dms_tags = models.CharField(
        "Dead Man's Snitch tags",
        max_length=300,
        blank=True,
        validators=[validate_dms_tags],
        help_text="Comma-separated.",
    )

    # Links of the kickoff epic.
    sde_epic_url = LinkField("SDE epic", blank=True, validators=[validate_https_url])
    roms_sheet_url = LinkField("ROMS sheet", blank=True, validators=[validate_https_url])
    questionnaire_url = LinkField(
        "onboarding questionnaire", blank=True, validators=[validate_https_url]
    )
    service_definition_url = LinkField(
        "service definition document", blank=True, validators=[validate_https_url]
    )
    sag_review_done = models.BooleanField("SAG review done", default=False)

    # The onboarding questionnaire's topics.
    architecture_summary = models.TextField(blank=True, max_length=5000)
    architecture_diagram_url = LinkField(blank=True, validators=[validate_https_url])
    dependencies = models.TextField(blank=True, max_length=5000)
    cluster_requirements = models.TextField(blank=True, max_length=5000)
    data_flows = models.TextField(blank=True, max_length=5000)
    continuity_plan = models.TextField("continuity / backup plan", blank=True, max_length=5000)
    slis_and_slos = models.TextField("key SLIs and target SLOs", blank=True, max_length=5000)
    load_testing = models.TextField(blank=True, max_length=5000)
    capacity_forecast = models.TextField(blank=True, max_length=5000)
    runs_without_cluster_admin = models.BooleanField(null=True, blank=True)
    support_contacts = models.TextField(blank=True, max_length=2000)

    # Self-service prototyping on OCM stage: recorded, blocks nothing.
    prototyping_on_stage = models.BooleanField(default=False)
    prototyping_since = models.DateField(null=True, blank=True)
    prototyping_notes = models.TextField(blank=True, max_length=2000)

    # Review, assignment and scope.
    priority = models.CharField(max_length=2, choices=Priority.choices, blank=True)
    intake_revision = models.PositiveIntegerField(default=1)
    sre_team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="onboardings",
        limit_choices_to={"is_sre": True},
    )
    sre_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_addons",
    )
    engineers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="engineered_addons"
    )
    sprint_slot = models.CharField(max_length=40, blank=True)
    work_items = models.TextField(blank=True, max_length=5000)
    estimate_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    target_production_date = models.DateField(null=True, blank=True)

    # Deploys and the transition window.
    stage_deployed_on = models.DateField(null=True, blank=True)
    production_deployed_on = models.DateField(null=True, blank=True)
    transition_started_at = models.DateTimeField(null=True, blank=True)
    # The gate settings the transition period opened with (selectors/gate_settings.py): a
    # manager's later change of the portal settings does not move an addon in flight.
    transition_window_days = models.PositiveSmallIntegerField(null=True, blank=True)
    slo_min_coverage_percent = models.PositiveSmallIntegerField(
        "SLO minimum coverage (%)", null=True, blank=True
    )
    transitioned_at = models.DateTimeField(null=True, blank=True)

    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    state_changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AddonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = list(PERMISSIONS.items())
        indexes = [
            models.Index(fields=["state", "state_changed_at"], name="addon_state_age"),
            # The addon list's default order: the first page is read off the index, not sorted.
            models.Index(fields=["name"], name="addon_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.addon_id})"

    def get_absolute_url(self):
        return reverse("addon_detail", args=[self.addon_id])

    @property
    def stage(self):
        return STAGE_OF_STATE[self.state]

    # Fields a complete intake needs, in the order a person reads the form.
    REQUIRED_INTAKE_FIELDS = (
        "description",
        "owner_contact",
        "service_definition_url",
        "sde_epic_url",
        "questionnaire_url",
        "architecture_summary",
        "dependencies",
        "cluster_requirements",
        "data_flows",
        "continuity_plan",
        "slis_and_slos",
        "load_testing",
        "capacity_forecast",
        "runs_without_cluster_admin",
        "support_contacts",
    )

    def missing_intake_fields(self) -> list[str]:
        missing = []
        if not self.team_id:
            missing.append("owner team")
        for name in self.REQUIRED_INTAKE_FIELDS:
            value = getattr(self, name)
            if value is None or (isinstance(value, str) and not value.strip()):
                missing.append(str(self._meta.get_field(name).verbose_name))
        return missing

    # ---- The state machine (DOMAIN.md). Methods only change fields in memory. ----

    def _entered(self):
        self.state_changed_at = timezone.now()

    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
    )
    def submit(self):
        self._entered()

    @transition(
        field=state,
        source=State.CHANGES_REQUESTED,
        target=State.SUBMITTED,
    )
    def resubmit(self):
        self._entered()

    @transition(
        field=state,
        source=[State.SUBMITTED, State.ACCEPTED],
        target=State.CHANGES_REQUESTED,
    )
    def request_changes(self):
        self._entered()

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.ACCEPTED,
    )
    def accept(self):
        self._entered()

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.REJECTED,
    )
    def reject(self):
        self._entered()

    @transition(
        field=state,
        source=State.ACCEPTED,
        target=State.ASSIGNED,
    )
    def assign(self):
        self._entered()

    @transition(
        field=state,
        source=State.ASSIGNED,
        target=State.ONBOARDING,
    )
    def scope(self):
        self._entered()

    @transition(
        field=state,
        source=State.ONBOARDING,
        target=State.PRODUCTION_APPROVED,
    )
    def approve_production(self):
        self._entered()

    @transition(
        field=state,
        source=State.PRODUCTION_APPROVED,
        target=State.TRANSITION,
    )
    def mark_in_production(self):
        self._entered()
        self.production_enabled = True
        self.transition_started_at = self.state_changed_at

    @transition(
        field=state,
        source=State.TRANSITION,
        target=State.TRANSITIONED,
    )
    def complete_transition(self):
        self._entered()
        self.transitioned_at = self.state_changed_at

    @transition(
        field=state,
        source=list(OPEN_STATES),
        target=State.WITHDRAWN,
    )
    def withdraw(self):
        self._entered()

    @transition(
        field=state,
        source=[State.REJECTED, State.WITHDRAWN],
        target=State.DRAFT,
    )
    def reopen(self):
        self._entered()
