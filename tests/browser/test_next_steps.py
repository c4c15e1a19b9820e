"""Issue 16 in a browser: the owner's next steps name the missing intake fields and, after an
architect asks for changes, the comment and who wrote it — on the addon page and on My work."""

import pytest

from onboarding.models import Addon, State
from tests.factories import AddonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Please describe how the query service fails over between zones."


def _steps(page):
    return page.get_by_test_id("next-steps").first


def test_owner_sees_the_missing_fields_then_the_requested_change_as_next_steps(
    page, login, owner_team, personas
):
    addon = AddonFactory(
        team=owner_team,
        addon_id="vector-search",
        name="Vector Search",
        dependencies="",
        continuity_plan="",
        load_testing="",
    )

    login(page, "owner")
    page.goto("/addons/vector-search/")
    steps = _steps(page)
    assert steps.get_by_role("link", name="Complete the intake: 3 fields missing.").is_visible()
    details = steps.get_by_test_id("step-details").inner_text()
    assert details.splitlines() == ["dependencies", "continuity / backup plan", "load testing"]
    assert "Nothing waits on you" not in page.content()

    # The step leads to the form where the fields are filled in.
    steps.get_by_role("link", name="Complete the intake: 3 fields missing.").click()
    page.wait_for_url("**/addons/vector-search/intake/")
    page.fill("[name=dependencies]", "Object storage.")
    page.fill("[name=continuity_plan]", "Snapshots hourly.")
    page.fill("[name=load_testing]", "1000 qps soak.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/addons/vector-search/")
    assert _steps(page).get_by_role("link", name="Submit the intake for review.").is_visible()
    page.get_by_role("button", name="Submit for review").click()
    assert page.get_by_text("Submitted for review").first.is_visible()

    # An architect asks for changes on the addon page.
    login(page, "architect1")
    page.goto("/addons/vector-search/")
    page.fill("[name='request_changes-comment']", COMMENT)
    page.get_by_role("button", name="Request changes").click()
    assert page.get_by_text("Changes requested; the owner team was notified.").is_visible()
    assert Addon.objects.get(pk=addon.pk).state == State.CHANGES_REQUESTED

    # The owner sees the request as a next step, with its words and its author.
    login(page, "owner")
    card = page.locator("[data-testid=work-addon][data-addon=vector-search]")
    assert card.get_by_role("link", name="Make the changes the reviewers asked for.").is_visible()
    assert card.get_by_test_id("step-quote").inner_text().startswith(COMMENT)
    assert str(personas["architect1"]) in card.get_by_test_id("step-quote").inner_text()

    page.goto("/addons/vector-search/")
    steps = _steps(page)
    assert steps.get_by_role("link", name="Make the changes the reviewers asked for.").is_visible()
    quote = steps.get_by_test_id("step-quote").inner_text()
    assert COMMENT in quote and str(personas["architect1"]) in quote
    assert steps.get_by_role("link", name="Resubmit the intake for review.").is_visible()
    waiting = page.get_by_test_id("waiting-on").inner_text()
    assert waiting.startswith("Waits on the owner team (Data Science)")
