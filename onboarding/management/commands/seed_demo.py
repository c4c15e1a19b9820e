"""Demo data: one user per role, two owner teams, an Addon SRE team, a dozen addons.

Idempotent: users get their password and roles again; addons that exist are left alone.
Every addon reaches its state through the real services, so each timeline is consistent.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from onboarding.demo import bring_to
from onboarding.demo_checklist import checklist_demo_stage
from onboarding.demo_kickoff import seed_kickoff
from onboarding.demo_metadata import demo_metadata
from onboarding.demo_transition import add_transition_demo
from onboarding.models import Addon, AddonMetadata, State, Team
from onboarding.roles import Role

USERS = {
    "owner": ([Role.OWNER], "data-science"),
    "owner2": ([Role.OWNER], "messaging"),
    "architect1": ([Role.ARCHITECT], None),
    "architect2": ([Role.ARCHITECT], None),
    "architect3": ([Role.ARCHITECT], None),
    "lead": ([Role.LEAD], "addon-sre"),
    "sre": ([Role.SRE], "addon-sre"),
    "manager": ([Role.MANAGER], None),
}

TEAMS = [
    # managed-tenants takes only @redhat.com owner contacts (addonOwner's pattern).
    ("Data Science", "data-science", False, "data-science@redhat.com"),
    ("Messaging", "messaging", False, "messaging@redhat.com"),
    ("Addon SRE", "addon-sre", True, "addon-sre@redhat.com"),
]

# addon id, name, team, state, days since the first step
ADDONS = [
    ("notebooks", "Managed Notebooks", "data-science", State.DRAFT, 0),
    ("event-relay", "Event Relay", "messaging", State.DRAFT, 0),
    ("model-serving", "Model Serving", "data-science", State.SUBMITTED, 2),
    ("feature-store", "Feature Store", "data-science", State.SUBMITTED, 9),
    ("stream-bridge", "Stream Bridge", "messaging", State.CHANGES_REQUESTED, 6),
    ("vector-db", "Vector Database", "data-science", State.ACCEPTED, 10),
    ("legacy-queue", "Legacy Queue", "messaging", State.REJECTED, 20),
    ("data-catalog", "Data Catalog", "data-science", State.ASSIGNED, 15),
    ("api-gateway", "API Gateway", "messaging", State.ONBOARDING, 30),
    ("pipelines", "ML Pipelines", "data-science", State.PRODUCTION_APPROVED, 45),
    ("observability", "Observability Stack", "data-science", State.TRANSITION, 110),
    ("service-mesh", "Service Mesh", "messaging", State.TRANSITIONED, 120),
    ("search-index", "Search Index", "data-science", State.WITHDRAWN, 12),
]


class Command(BaseCommand):
    help = "Create demo users (one per role), teams and a dozen addons across every state."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo", help="Password of every demo user.")

    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo sets known passwords: run it only with DJANGO_DEBUG=1.")
        # The demo's history is not news: its notifications are delivered to memory.
        quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
        with quiet, transaction.atomic():
            teams = self._teams()
            personas = self._users(password, teams)
            created = self._addons(personas, teams)
            seed_kickoff(personas)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(personas)} users (password {password!r}), "
                f"{created} new addon(s)."
            )
        )

    def _teams(self):
        teams = {}
        for name, slug, is_sre, mailing_list in TEAMS:
            teams[slug], _ = Team.objects.update_or_create(
                slug=slug, defaults={"name": name, "is_sre": is_sre, "mailing_list": mailing_list}
            )
        return teams

    def _users(self, password, teams):
        personas = {}
        for username, (roles, team_slug) in USERS.items():
            user, _ = get_user_model().objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.com"}
            )
            user.set_password(password)
            user.is_staff = Role.MANAGER in roles
            user.first_name = username.capitalize()
            user.save()
            user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
            if team_slug:
                teams[team_slug].members.add(user)
            personas[username] = user
        return personas

    def _addons(self, personas, teams):
        created = 0
        for addon_id, name, team_slug, state, days in ADDONS:
            if Addon.objects.filter(addon_id=addon_id).exists():
                continue
            owner = personas["owner" if team_slug == "data-science" else "owner2"]
            addon = Addon.objects.create(
                created_by=owner, **_intake(addon_id, name, teams[team_slug], state)
            )
            AddonMetadata.objects.create(addon=addon, **demo_metadata(addon_id))
            start = timezone.now() - timedelta(days=days)
            bring_to(
                addon,
                state,
                {**personas, "owner": owner},
                start=start,
                days_per_step=max(days // 8, 1),
            )
            if state == State.TRANSITION:
                add_transition_demo(addon)
            checklist_demo_stage(Addon.objects.get(pk=addon.pk), {**personas, "owner": owner})
            created += 1
        return created


def _intake(addon_id, name, team, state):
    """A believable intake; the first draft is left half-written, as drafts are."""
    intake = {
        "addon_id": addon_id,
        "name": name,
        "team": team,
        "description": f"{name} as a managed addon on OpenShift Dedicated and ROSA.",
        "owner_contact": f"{team.name} <{team.mailing_list}>",
        "quota_name": f"addon-{addon_id}",
        "target_namespace": f"redhat-{addon_id}",
        "operator_name": f"{addon_id}-operator",
        "pagerduty_escalation_policy_id": "POWN" + addon_id[:3].upper().replace("-", "X"),
        "dms_tags": f"{addon_id}-production",
    }
    if addon_id == "notebooks":
        return intake
    return {
        **intake,
        "sde_epic_url": f"https://issues.redhat.com/browse/SDE-{sum(map(ord, addon_id)) % 900 + 100}",
        "roms_sheet_url": "https://docs.google.com/spreadsheets/d/roms",
        "questionnaire_url": f"https://docs.google.com/document/d/{addon_id}-questionnaire",
        "service_definition_url": f"https://docs.google.com/document/d/{addon_id}-service-def",
        "sag_review_done": True,
        "architecture_summary": "An operator reconciles the service's custom resources.",
        "dependencies": "Cluster storage; the managed Prometheus.",
        "cluster_requirements": "3 worker nodes of 8 vCPU.",
        "data_flows": "Customer data stays in the cluster; metrics federate to RHOBS.",
        "continuity_plan": "Nightly backups to object storage; restore drilled monthly.",
        "slis_and_slos": "API availability 99.5% over 28 days.",
        "load_testing": "Sustained 500 req/s in a soak test.",
        "capacity_forecast": "50 clusters in year one.",
        "runs_without_cluster_admin": True,
        "support_contacts": f"{team.mailing_list}; escalation via PagerDuty",
    }
