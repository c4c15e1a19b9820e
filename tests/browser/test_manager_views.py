"""A manager, as a new user would: the dashboard, an addon's timeline, assigning in the admin."""

import pytest

from onboarding.models import Addon, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_sees_dashboard_and_timeline_and_assigns_from_the_admin(page, login, make_addon):
    onboarding = make_addon(State.ONBOARDING)
    accepted = make_addon(State.ACCEPTED)
    login(page, "manager")
    # Both addons have finished stays in kickoff states: two addons in the 90-day kickoff row.

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.get_by_role("heading", name="Onboarding dashboard").wait_for()
    assert (
        page.get_by_test_id("lead-90").locator("tr[data-stage='kickoff'] td").nth(1).inner_text()
        == "2"
    )
    assert page.get_by_test_id("monthly-chart").is_visible()

    page.goto(onboarding.get_absolute_url())
    page.get_by_role("link", name="Timeline", exact=True).click()
    strip = page.get_by_test_id("state-strip")
    states = strip.locator(".state-bar").evaluate_all("bars => bars.map(b => b.dataset.state)")
    assert states[-1] == "onboarding" and "submitted" in states
    widths = strip.locator(".state-bar").evaluate_all(
        "bars => bars.map(b => b.getBoundingClientRect().width)"
    )
    assert all(w > 0 for w in widths)
    legend = page.get_by_test_id("state-legend")
    for state in set(states):
        assert legend.locator(f"tr[data-state='{state}']").is_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.goto("/admin/onboarding/addon/?state__exact=accepted")
    page.locator(f"input[name='_selected_action'][value='{accepted.pk}']").check()
    page.locator("select[name='action']").select_option("assign")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Addon SRE team").select_option(label="Addon SRE")
    page.get_by_label("SRE lead").select_option(label="lead")
    page.get_by_label("Sprint slot").fill("2026-S30")
    page.get_by_role("button", name="Assign").click()
    page.get_by_text(
        "Assigned to Addon SRE; the lead, the engineers and the owner team were notified."
    ).wait_for()

    accepted.refresh_from_db()
    assert (accepted.state, accepted.sprint_slot) == ("assigned", "2026-S30")
    assert Addon.objects.get(pk=accepted.pk).events.first().actor.username == "manager"
