"""Demo data: one user per role, two owner teams, an Addon SRE team, a dozen addons.

Idempotent: users get their password and roles again; addons that exist are left alone.
Every addon reaches its state through the real services, so each timeline is consistent.
`seed_demo` (what `make run` calls) and the tests that crawl the demo both call `seed`.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from ..models import Addon, AddonMetadata, State, Team
from ..rules.roles import Role, seat
from .checklist import checklist_demo_stage
from .kickoff import seed_kickoff
from .metadata import demo_metadata
from .transition_period import add_transition_demo
from .workflow import bring_to, clock

# username -> (roles, team, first name, last name)
USERS = {
    "owner": ([Role.OWNER], "data-science", "Priya", "Natarajan"),
    "owner2": ([Role.OWNER], "messaging", "Tomás", "Ruiz"),
    "architect1": ([Role.ARCHITECT], None, "Grace", "Okafor"),
    "architect2": ([Role.ARCHITECT], None, "Lars", "Lindqvist"),
    "architect3": ([Role.ARCHITECT], None, "Mei", "Chen"),
    "lead": ([Role.LEAD], "addon-sre", "Daniel", "Becker"),
    "sre": ([Role.SRE], "addon-sre", "Aisha", "Rahman"),
    "manager": ([Role.MANAGER], None, "Jonas", "Weber"),
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


def seed(*, password: str, now: datetime) -> tuple[dict, int]:
    """Seed the demo as of `now`: (the personas by username, how many addons were created)."""
    # The demo's history is not news: its notifications are delivered to memory.
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    with quiet, transaction.atomic():
        teams = _teams()
        personas = _users(password, teams)
        created = _addons(personas, teams, now)
        seed_kickoff(personas)
    return personas, created


def _teams():
    teams = {}
    for name, slug, is_sre, mailing_list in TEAMS:
        teams[slug], _ = Team.objects.update_or_create(
            slug=slug, defaults={"name": name, "is_sre": is_sre, "mailing_list": mailing_list}
        )
    return teams


def _users(password, teams):
    personas = {}
    for username, (roles, team_slug, first_name, last_name) in USERS.items():
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            # The demo's people joined long before its stories start: past the gate cooldown.
            defaults={
                "email": f"{username}@example.com",
                "date_joined": timezone.now() - timedelta(days=365),
            },
        )
        user.set_password(password)
        user.first_name, user.last_name = first_name, last_name
        user.save()
        seat(user, roles)
        if team_slug:
            teams[team_slug].members.add(user)
        personas[username] = user
    return personas


def _addons(personas, teams, now):
    created = 0
    for addon_id, name, team_slug, state, days in ADDONS:
        if Addon.objects.filter(addon_id=addon_id).exists():
            continue
        owner = personas["owner" if team_slug == "data-science" else "owner2"]
        people = {**personas, "owner": owner}
        # Drafted the day its story starts, so its age reads as the demo tells it.
        with clock(now - timedelta(days=days) if days else None):
            addon = Addon.objects.create(
                created_by=owner, **_intake(addon_id, name, teams[team_slug], state)
            )
            AddonMetadata.objects.create(addon=addon, **demo_metadata(addon_id))
        bring_to(
            addon,
            state,
            people,
            now=now,
            start=now - timedelta(days=days),
            days_per_step=max(days // 8, 1),
        )
        if state == State.TRANSITION:
            add_transition_demo(addon, now=now)
        checklist_demo_stage(Addon.objects.get(pk=addon.pk), people, now=now)
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
