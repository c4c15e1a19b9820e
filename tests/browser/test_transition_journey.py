"""The transition stage in a browser: production deploy, SLO data, SOP review, completion, and
the handover's steps (pager test, shadow, primary merge request) up to Addon SRE's pager.

The addon in transition is built the way `seed_demo` builds its 'observability' addon: walked
through the real services on a clock moved back 40 days (one day per step), so it has been in
transition for 34 days, then given a second SLO, two SOPs waiting for review and the handover
gate's checklist items verified (onboarding/demo/transition_period.py).
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from onboarding.demo.transition_period import add_transition_demo
from onboarding.models import Addon, Handover, State
from tests.factories import AddonFactory
from tests.journey import bring_to
from tests.transition.managed_tenants_remote import POLICY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def observability(owner_team, personas):
    addon = AddonFactory(team=owner_team, addon_id="observability", name="Observability Stack")
    addon = bring_to(
        addon,
        State.TRANSITION,
        personas,
        now=timezone.now(),
        start=timezone.now() - timedelta(days=40),
        days_per_step=1,
    )
    add_transition_demo(addon, now=timezone.now())
    return Addon.objects.get(pk=addon.pk)


def test_owner_marks_the_addon_in_production_and_the_transition_starts(page, login, make_addon):
    addon = make_addon(State.PRODUCTION_APPROVED, name="Vector Search")
    login(page, "owner")
    page.goto(f"/addons/{addon.addon_id}/")
    assert page.locator('[data-state="production_approved"]').first.is_visible()

    page.fill("[name=mark_in_production-deployed_on]", timezone.localdate().isoformat())
    page.get_by_role("button", name="Mark in production").click()

    assert page.get_by_text("Marked in production: the transition period has started.").is_visible()
    assert page.locator('[data-state="transition"]').first.is_visible()
    assert "Transition" in page.locator('[data-state="transition"]').first.inner_text()
    assert "production on (since" in page.get_by_role("region", name="Addon metadata").inner_text()
    addon.refresh_from_db()
    assert addon.state == State.TRANSITION
    assert addon.production_deployed_on == timezone.localdate()


def test_sre_completes_the_transition_and_the_pager_is_handed_over_once_the_mr_is_merged(
    page, login, observability, mt_remote, pagerduty, settings
):
    """Complete transition → pager test (sre) → shadow (lead) → primary merge request (lead,
    once the shadow ended) → merged and verified: every surface agrees at each step."""
    settings.PAGERDUTY_PAGER_TEST_SERVICE_ID = "PTESTSV"
    login(page, "sre")

    # The SLO page: both SLOs met over the full window, each with its two charts.
    page.goto("/addons/observability/")
    page.get_by_role("link", name="SLO charts and data").click()
    page.wait_for_url("**/addons/observability/slos/")
    for name in ("availability", "query-latency"):
        section = page.locator(f'section[data-slo="{name}"]')
        badge = section.locator("[data-status]").first
        assert badge.get_attribute("data-status") == "met"
        assert badge.inner_text() == "Met"
        assert section.locator("svg").count() == 2
        assert section.locator("svg polyline.compliance").count() >= 1
        assert section.locator("svg polyline.burn").count() >= 1
        assert "(672 of 672 hours with data)" in section.inner_text()

    # Completing is blocked by the two SOPs still awaiting review.
    page.goto("/addons/observability/")
    blockers = page.get_by_test_id("complete-blockers").inner_text()
    assert "Prometheus target down" in blockers
    assert "Alertmanager notifications failing" in blockers
    assert page.get_by_role("button", name="Complete transition").count() == 0

    page.get_by_role("link", name="SOPs").first.click()
    page.wait_for_url("**/addons/observability/sops/")
    for title in ("Prometheus target down", "Alertmanager notifications failing"):
        row = page.locator(f'tr[data-sop="{title}"]')
        assert row.locator("[data-status]").inner_text() == "Awaiting review"
        row.get_by_role("button", name="Approve").click()
        assert page.get_by_text(f"Review of {title} recorded.").is_visible()
        row = page.locator(f'tr[data-sop="{title}"]')
        assert row.locator("[data-status]").inner_text() == "Approved"
        assert "by sre" in row.inner_text()

    page.get_by_role("link", name="Observability Stack").click()
    page.wait_for_url("**/addons/observability/")
    # Before: the owners carry the pager, and every surface says so.
    token = _read_token()
    _agree(page, token, carrier="owners", waiting="Waits on the assigned Addon SRE")
    assert page.get_by_test_id("complete-ready").is_visible()
    page.get_by_role("button", name="Complete transition").click()

    msg = "Transition completed: the pager handover waits on the pager test and the shadow."
    assert page.get_by_text(msg).is_visible()
    assert page.locator('[data-state="transitioned"]').first.is_visible()
    # Step 1 due, the pager test: nothing pushed yet, the owners carry the pager everywhere.
    assert page.get_by_test_id("handover-status").get_attribute("data-status") == "steps"
    api = _agree(page, token, carrier="requested", waiting="Waits on the pager handover")
    assert api["handover"]["step"] == "pager_test"
    assert "pager test to run" in page.get_by_test_id("handover-pager").inner_text()
    assert page.locator(".stage-progress .step.current").inner_text().endswith("Handover requested")
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "Transition complete; the pager handover is waiting on the pager test" in timeline
    assert "handed over" not in timeline.lower()
    assert mt_remote.branches() == ["main"]
    assert page.get_by_role("button", name="Push the handover merge request").count() == 0

    # The pager test, through the PagerDuty stand-in: triggered, acknowledged by the on-call.
    page.get_by_role("button", name="Run the pager test").click()
    assert page.get_by_text("Test incident PT00001 triggered").is_visible()
    pagerduty.acknowledge("PT00001", "PU0NCAL", "Olga On-Call", "2026-12-04T10:07:00Z")
    page.get_by_role("button", name="Check acknowledgement").click()
    assert page.get_by_text("Pager test acknowledged by Olga On-Call.").is_visible()
    api = _agree(page, token, carrier="requested", waiting="Waits on the pager handover")
    assert api["handover"]["step"] == "shadow" and api["handover"]["pager_test"]["acknowledged"]
    assert "the shadow is to start" in page.get_by_test_id("handover-pager").inner_text()
    assert "Pager test acknowledged: Olga On-Call" in page.get_by_test_id("timeline").inner_text()
    assert page.get_by_role("button", name="Start the shadow").count() == 0  # the lead's step

    # Step 2, the shadow: the assigned lead starts it (HANDOVER_SHADOW_DAYS, 7 by default).
    login(page, "lead")
    page.goto("/addons/observability/")
    page.get_by_role("button", name="Start the shadow").click()
    assert page.get_by_text("Shadow started: Addon SRE is paged alongside the owners").is_visible()
    assert page.get_by_test_id("shadow").get_attribute("data-status") == "running"
    ends = Handover.objects.get(addon=observability).shadow_ends_at
    until = f"Addon SRE shadowing until {ends:%Y-%m-%d %H:%M}"
    api = _agree(page, token, carrier="requested", waiting="Waits on the pager handover")
    assert api["handover"]["step"] == "shadowing" and api["handover"]["shadow"]["days"] == 7
    assert until in page.get_by_test_id("handover-pager").inner_text()
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "Shadow started by lead" in timeline and until in timeline
    assert page.get_by_role("button", name="Push the handover merge request").count() == 0

    # Step 3, the primary merge request, once the shadow ended (the clock moved past its end).
    with time_machine.travel(ends + timedelta(minutes=5), tick=True):
        page.reload()
        assert page.get_by_test_id("shadow").get_attribute("data-status") == "ended"
        api = _agree(page, token, carrier="requested", waiting="Waits on the pager handover")
        assert api["handover"]["step"] == "push"
        page.get_by_role("button", name="Push the handover merge request").click()
        assert page.get_by_text("Handover merge request queued").is_visible()
        _after_the_push(page, token, observability, mt_remote, pagerduty)


def _after_the_push(page, token, observability, mt_remote, pagerduty):
    handover = page.get_by_test_id("handover-status")
    assert handover.get_attribute("data-status") == "requested"
    assert "Merge request opened" in handover.inner_text()
    branch = "addon-sre-handover/observability"
    assert branch in page.get_by_test_id("handover-branch").inner_text()
    # Requested: not handed over anywhere — header, stage bar, badge, block, API, timeline.
    api = _agree(page, token, carrier="requested", waiting="Waits on the pager handover")
    assert api["handover"]["step"] is None
    assert page.locator(".stage-progress .step.current").inner_text().endswith("Handover requested")
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "lead pushed the handover" in timeline
    assert "handed over" not in timeline.lower()
    options = mt_remote.pushes()[-1]["options"]
    assert options[:2] == ["merge_request.create", "merge_request.target=main"]

    # Check now before the merge: still requested, and the check is on the timeline.
    page.get_by_role("button", name="Check now").click()
    assert page.get_by_text("Handover checked: merge request opened.").is_visible()
    _agree(page, token, carrier="requested", waiting="Waits on the pager handover")
    assert "lead checked the handover now" in page.get_by_test_id("timeline").inner_text().lower()

    # Managed-tenants maintainers merge it; Check now (make run has no beat) notices at once,
    # and PagerDuty (the stand-in) shows the addon's service on Addon SRE's policy.
    mt_remote.merge(branch)
    cluster = "0001a7c3e91f0b2d4c6e8f1a3b5c7d9e"
    name = f"observability-{cluster}.c0001.s1.devshift.org-hive-cluster"
    pagerduty.service("PS00001", name, POLICY)
    page.get_by_role("button", name="Check now").click()
    assert page.get_by_text("Handover checked: merge request merged.").is_visible()
    handover = page.get_by_test_id("handover-status")
    assert handover.get_attribute("data-status") == "done"
    verification = page.get_by_test_id("handover-verification")
    assert verification.get_attribute("data-verification") == "verified"
    _agree(page, token, carrier="addon_sre", waiting="Waits on no one: Addon SRE carries the pager")
    assert page.locator(".stage-progress .step.current").count() == 0
    assert page.get_by_role("button", name="Check now").count() == 0
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "merged into main" in timeline
    assert f"Addon SRE carries the pager (escalation policy {POLICY})." in timeline

    assert Handover.objects.get(addon=observability).escalation_policy_id == POLICY
    assert Handover.objects.get(addon=observability).status == Handover.Status.DONE
    assert Addon.objects.get(pk=observability.pk).state == State.TRANSITIONED


def _read_token() -> str:
    from django.contrib.auth import get_user_model

    from onboarding.models import ApiToken

    _token, raw = ApiToken.issue(user=get_user_model().objects.get(username="sre"), label="e2e")
    return raw


def _agree(page, token, *, carrier, waiting):
    """The header, the badge, the handover block and the API name the same pager carrier."""
    page.reload()
    assert page.get_by_test_id("waiting-on").inner_text().startswith(waiting)
    assert page.get_by_test_id("pager-badge").get_attribute("data-carrier") == carrier
    if carrier != "owners":
        block = page.get_by_test_id("handover-pager")
        assert block.get_attribute("data-carrier") == carrier
    origin = page.url.split("/addons/")[0]
    api = page.request.get(
        f"{origin}/api/v1/addons/observability", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert api["pager"]["carrier"] == carrier
    assert api["pager"]["sentence"] in page.get_by_test_id("overview-pager").inner_text()
    if carrier != "owners":
        assert api["pager"]["sentence"] in page.get_by_test_id("handover-pager").inner_text()
    return api
