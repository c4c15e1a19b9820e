"""The other outcomes of the review, in a browser: changes requested then resubmitted, rejected."""

import pytest

from onboarding.models import Addon, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHANGES = "Please add the capacity forecast for the next year."
FORECAST = "40 clusters in year one, 120 in year two."
RATIONALE = "Duplicates the managed search service we already run."


def _open_from_queue(page, login, username, name):
    login(page, username)
    page.get_by_role("link", name="Review queue (1)").click()
    page.get_by_role("link", name=name).click()
    page.wait_for_url("**/review/")


def test_changes_requested_then_the_owner_edits_and_resubmits_into_the_queue(
    page, login, make_addon
):
    addon = make_addon(State.SUBMITTED, name="Vector Search")
    _open_from_queue(page, login, "architect1", "Vector Search")
    page.fill("[name=request_changes-comment]", CHANGES)
    page.get_by_role("button", name="Request changes").click()
    assert page.get_by_text("Changes requested; the owner team was notified.").is_visible()
    assert page.locator('[data-state="changes_requested"]').first.is_visible()

    # Nothing left to review: the queue is empty for the architect.
    page.goto("/review/")
    assert page.locator(f'tr[data-addon="{addon.addon_id}"]').count() == 0

    login(page, "owner")
    page.goto(f"/addons/{addon.addon_id}/")
    assert page.locator('[data-state="changes_requested"]').first.is_visible()
    assert CHANGES in page.get_by_test_id("timeline").inner_text()
    page.get_by_role("link", name="Edit intake").click()
    page.wait_for_url("**/intake/")
    page.fill("[name=capacity_forecast]", FORECAST)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(f"**/addons/{addon.addon_id}/")
    assert page.get_by_text("Intake saved; changed:").is_visible()
    page.get_by_role("button", name="Resubmit for review").click()
    assert page.get_by_text(
        "Resubmitted for review; the architects and the Addon SRE leads were notified."
    ).is_visible()
    assert page.locator('[data-state="submitted"]').first.is_visible()
    assert (
        "resubmitted the intake for review (round 2)"
        in page.get_by_test_id("timeline").inner_text()
    )

    _open_from_queue(page, login, "architect2", "Vector Search")
    assert FORECAST in page.locator("main").inner_text()
    assert page.locator("form[data-action=sign-off]").count() == 1
    addon.refresh_from_db()
    assert addon.state == State.SUBMITTED
    assert addon.capacity_forecast == FORECAST
    assert addon.intake_revision == 2


def test_architect_rejects_with_a_rationale_and_the_owner_sees_it(page, login, make_addon):
    addon = make_addon(State.SUBMITTED, name="Vector Search")
    _open_from_queue(page, login, "architect1", "Vector Search")

    # A blank rationale changes nothing and the field says why.
    page.fill("[name=reject-rationale]", "   ")
    page.get_by_role("button", name="Reject", exact=True).click()
    assert page.get_by_text("Reject: please correct the fields below.").is_visible()
    assert page.locator("form[data-action=reject] .invalid-feedback").first.is_visible()
    assert Addon.objects.get(pk=addon.pk).state == State.SUBMITTED

    page.goto(f"/addons/{addon.addon_id}/review/")
    page.fill("[name=reject-rationale]", RATIONALE)
    page.get_by_role("button", name="Reject", exact=True).click()
    assert page.get_by_text("Rejected; the owner team was notified.").is_visible()

    login(page, "owner")
    page.goto(f"/addons/{addon.addon_id}/")
    badge = page.locator('[data-state="rejected"]').first
    assert badge.is_visible() and "Rejected" in badge.inner_text()
    assert f"Rejected: {RATIONALE}" in page.get_by_test_id("timeline").inner_text()
    assert page.get_by_role("link", name="Edit intake").count() == 0
    assert Addon.objects.get(pk=addon.pk).state == State.REJECTED
