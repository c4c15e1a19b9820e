"""The timeline reads as a story: a day's checklist moves are one row, one click from the list."""

from datetime import UTC, datetime

import pytest

from onboarding.demo.workflow import clock
from onboarding.models import State, TimelineEvent
from tests.browser.test_csp import watch_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_days_checklist_moves_open_with_one_click(page, login, make_addon, personas):
    addon = make_addon(State.ONBOARDING)
    with clock(datetime(2026, 3, 3, 10, tzinfo=UTC)):
        TimelineEvent.objects.bulk_create(
            TimelineEvent(
                addon=addon, actor=personas["sre"], kind="checklist", message=f"CONT-{i} verified"
            )
            for i in range(12)
        )
    violations = watch_violations(page)
    login(page, "owner")
    page.goto(f"/addons/{addon.addon_id}/timeline/")

    fold = page.get_by_test_id("checklist-fold")
    assert fold.count() == 1
    assert fold.locator("summary").inner_text() == "12 checklist changes on 3 Mar 2026"
    move = page.get_by_text("CONT-3 verified")
    assert not move.is_visible()
    assert page.get_by_text("submitted the intake").is_visible()

    fold.locator("summary").click()
    assert move.is_visible()
    assert fold.locator("li[data-kind='checklist']").count() == 12

    page.get_by_role("link", name="List every event").click()
    page.wait_for_url("**/timeline/?show=all")
    assert page.get_by_test_id("checklist-fold").count() == 0
    assert page.get_by_text("CONT-3 verified").is_visible()
    page.get_by_role("link", name="Fold checklist moves per day").click()
    assert page.get_by_test_id("checklist-fold").count() == 1
    assert violations == []
