"""The Kickoff in a browser: owner files and submits, architects review, manager assigns, lead scopes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.models import Addon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERS = {
    "owner_contact": "Data Science <ds@redhat.com>",
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
    "support_contacts": "ds-oncall@example.com",
}


def _review_and_sign(page, login, username, comment):
    login(page, username)
    page.get_by_role("link", name="Review queue (1)").click()
    page.get_by_role("link", name="Vector Search").click()
    page.fill("[name=body]", comment)
    page.get_by_role("button", name="Post comment").click()
    page.get_by_role("button", name="Sign off").click()
    assert page.get_by_text("Signed off.").is_visible()


def test_kickoff_journey_in_the_browser(page, login, sre_team):
    login(page, "owner")
    page.goto("/addons/")
    page.get_by_role("link", name="New intake").click()
    page.fill("[name=addon_id]", "vector-search")
    page.fill("[name=name]", "Vector Search")
    page.select_option("[name=team]", label="Data Science")
    page.fill("[name=description]", "Similarity search as a managed addon.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/addons/vector-search/")

    # Submitting is blocked, and every missing answer is named.
    blocked = page.get_by_test_id("blocked").inner_text()
    for label in ("service definition document", "SDE epic", "support contacts", "load testing"):
        assert label in blocked

    page.get_by_role("link", name="Edit intake").click()
    for name, value in ANSWERS.items():
        page.fill(f"[name={name}]", value)
    page.select_option("[name=runs_without_cluster_admin]", label="Yes")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit for review").click()
    assert page.locator('[data-state="submitted"]').first.is_visible()

    _review_and_sign(page, login, "architect1", "How are snapshots restored?")
    _review_and_sign(page, login, "architect2", "Looks fine to me.")

    login(page, "architect1")
    page.goto("/addons/vector-search/review/")
    assert page.get_by_text("Sign-offs: 2 of 2").is_visible()
    page.select_option("[name=accept-priority]", "P2")
    page.get_by_role("button", name="Accept", exact=True).click()
    assert page.locator('[data-state="accepted"]').first.is_visible()

    login(page, "manager")
    page.get_by_role("link", name="Assignment").click()
    # The only SRE team and the only lead come preselected; engineers show their load.
    assert page.locator("[name=assign-sre_team] option:checked").inner_text() == "Addon SRE"
    assert page.locator("[name=assign-sre_lead] option:checked").inner_text() == "lead"
    page.select_option("[name=assign-engineers]", label="sre · 0 addons in progress")
    page.fill("[name=assign-sprint_slot]", "2026-S30")
    page.get_by_role("button", name="Assign").click()
    assert page.locator('[data-state="assigned"]').first.is_visible()

    login(page, "lead")
    page.goto("/addons/vector-search/")
    page.fill("[name=scope-work_items]", "Alerts\nSOPs")
    page.fill("[name=scope-estimate_weeks]", "6")
    target = timezone.localdate() + timedelta(days=60)
    page.fill("[name=scope-target_production_date]", target.isoformat())
    page.get_by_role("button", name="Record scope and start onboarding").click()
    assert page.locator('[data-state="onboarding"]').first.is_visible()
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "Accepted with priority P2." in timeline and "Scoped: 6 weeks" in timeline
    assert Addon.objects.get(addon_id="vector-search").state == "onboarding"
