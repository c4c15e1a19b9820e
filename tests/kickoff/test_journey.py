"""The whole Kickoff, through HTTP as people would click it: intake to onboarding."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Addon, State, TimelineEvent

pytestmark = pytest.mark.django_db

INTAKE = {
    "addon_id": "vector-search",
    "name": "Vector Search",
    "description": "Similarity search as a managed addon.",
    "owner_contact": "Data Science <ds@redhat.com>",
    "quota_name": "addon-vector-search",
    "target_namespace": "redhat-vector-search",
    "operator_name": "vector-search-operator",
    "install_mode": "OwnNamespace",
    "default_channel": "stable",
    "runs_without_cluster_admin": "unknown",
}
ANSWERS = {
    "sde_epic_url": "https://issues.example.com/browse/SDE-42",
    "questionnaire_url": "https://docs.example.com/vs-questionnaire",
    "service_definition_url": "https://docs.example.com/vs-service-definition",
    "architecture_summary": "An operator and a query service.",
    "dependencies": "Object storage.",
    "cluster_requirements": "3 workers.",
    "data_flows": "Vectors stay in the cluster.",
    "continuity_plan": "Snapshots hourly.",
    "slis_and_slos": "Query availability 99.5%.",
    "load_testing": "1000 qps soak.",
    "capacity_forecast": "20 clusters in year one.",
    "runs_without_cluster_admin": "true",
    "support_contacts": "ds-oncall@example.com",
    "prototyping_on_stage": "on",
    "prototyping_since": "2026-01-05",
}


def _ok(response):
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    return response


def _transition(client, addon_id, name, **fields):
    addon = Addon.objects.get(addon_id=addon_id)
    data = {f"{name}-seen_state": addon.state, **{f"{name}-{k}": v for k, v in fields.items()}}
    response = client.post(reverse("addon_transition", args=[addon_id, name]), data, follow=True)
    page = response.content.decode()
    assert "refused" not in page and "please correct" not in page, page[:3000]
    return response


def test_kickoff_journey_over_http(
    client, personas, owner_team, sre_team, django_capture_on_commit_callbacks
):
    p = personas
    # The owner starts a draft, then fails to submit it: every missing answer is named.
    client.force_login(p["owner"])
    _ok(client.post(reverse("intake_new"), {**INTAKE, "team": owner_team.pk}))
    response = client.post(
        reverse("addon_transition", args=["vector-search", "submit"]),
        {"submit-seen_state": "draft"},
        follow=True,
    )
    page = response.content.decode()
    assert "Submit for review refused" in page
    for label in ("service definition document", "SDE epic", "support contacts", "data flows"):
        assert label in page
    assert Addon.objects.get(addon_id="vector-search").state == State.DRAFT

    # Completes the intake and submits it; the reviewers hear about it.
    edit = reverse("intake_edit", args=["vector-search"])
    _ok(client.post(edit, {**INTAKE, **ANSWERS, "team": owner_team.pk, "seen_state": "draft"}))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _transition(client, "vector-search", "submit")
    assert "architect1@example.com" in {a for m in mail.outbox for a in m.to}

    # Two architects find it in the queue, discuss, and sign off.
    review = reverse("addon_review", args=["vector-search"])
    for name, question in (("architect1", "How are snapshots restored?"), ("architect2", "Fine.")):
        client.force_login(p[name])
        queue = client.get(reverse("review_queue")).content.decode()
        assert review in queue and "Review queue (1)" in queue
        act = reverse("addon_review_action", args=["vector-search", "comment"])
        _ok(client.post(act, {"body": question}))
        act = reverse("addon_review_action", args=["vector-search", "sign-off"])
        _ok(client.post(act, {"signoff-note": "OK"}))
    client.force_login(p["owner"])
    _ok(
        client.post(
            reverse("addon_review_action", args=["vector-search", "comment"]),
            {"body": "With the operator's restore command."},
        )
    )
    client.force_login(p["lead"])
    _ok(client.post(reverse("addon_review_action", args=["vector-search", "concur"]), {}))

    # architect1 accepts with P2; the manager assigns; the lead scopes.
    client.force_login(p["architect1"])
    assert "Sign-offs: 2 of 2" in client.get(review).content.decode()
    _transition(client, "vector-search", "accept", priority="P2")
    client.force_login(p["manager"])
    assert "vector-search" in client.get(reverse("assign_queue")).content.decode()
    _transition(
        client,
        "vector-search",
        "assign",
        sre_team=sre_team.pk,
        sre_lead=p["lead"].pk,
        engineers=p["sre"].pk,
        sprint_slot="2026-S30",
    )
    client.force_login(p["lead"])
    _transition(
        client,
        "vector-search",
        "scope",
        work_items="Alerts\nSOPs",
        estimate_weeks=6,
        target_production_date=(timezone.localdate() + timedelta(days=60)).isoformat(),
    )

    addon = Addon.objects.get(addon_id="vector-search")
    assert addon.state == State.ONBOARDING and addon.priority == "P2"
    page = client.get(addon.get_absolute_url()).content.decode()
    assert 'data-state="onboarding"' in page
    story = list(TimelineEvent.objects.filter(addon=addon).order_by("created_at", "id"))
    kinds = [(e.kind, e.to_state) for e in story]
    assert kinds == [
        ("intake", ""),
        ("intake", ""),
        ("transition", "submitted"),
        ("comment", ""),
        ("signoff", ""),
        ("comment", ""),
        ("signoff", ""),
        ("comment", ""),
        ("concurrence", ""),
        ("transition", "accepted"),
        ("transition", "assigned"),
        ("transition", "onboarding"),
    ]
    assert "Accepted with priority P2." in page
    assert "Scoped: 6 weeks" in page
