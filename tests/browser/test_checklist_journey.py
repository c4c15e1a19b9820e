"""The checklist journey of the issue, as the people would do it in a browser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.models import ChecklistItem, State
from tests.journey import add_slo_with_data, pass_gate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN = ["CONT-1", "INC-1", "RELI-4", "GATE-1"]


@pytest.fixture
def nearly_ready(make_addon):
    """Onboarding, stage run and SLO recorded; four production-gate items still open."""
    addon = make_addon(State.ONBOARDING)
    addon.stage_deployed_on = timezone.localdate() - timedelta(days=7)
    addon.save(update_fields=["stage_deployed_on"])
    add_slo_with_data(addon, now=timezone.now(), days=1)
    pass_gate(addon, "production")
    ChecklistItem.objects.filter(addon=addon, key__in=OPEN).update(status="todo")
    return addon


def item(page, key):
    return page.locator(f"li[data-key='{key}']")


def overall(page):
    return page.get_by_test_id("progress-overall-text")


def test_checklist_journey_to_production(page, login, nearly_ready):
    url = f"/addons/{nearly_ready.addon_id}/checklist/"
    login(page, "owner")
    page.goto(url)
    page.evaluate("window.__samePage = true")
    assert overall(page).inner_text().startswith("31 of 44")

    cont1 = item(page, "CONT-1")
    cont1.get_by_label("Evidence URL").fill("https://docs.example.com/continuity")
    cont1.get_by_role("button", name="Mark done").click()
    page.wait_for_selector("li[data-key='CONT-1'][data-status='done']")
    assert "1 awaiting verification" in overall(page).inner_text()
    # Focus stays on the item that was acted on.
    assert page.evaluate("document.activeElement.id") == item(page, "CONT-1").get_attribute("id")

    item(page, "INC-1").get_by_role("button", name="Mark done").click()
    page.wait_for_selector("li[data-key='INC-1'][data-status='done']")

    waiver = item(page, "RELI-4")
    waiver.get_by_role("link", name="Details…").click()  # the panel comes on demand
    waiver.get_by_text("Request a waiver…").click()
    waiver.get_by_label("Justification").fill("The addon terminates no customer TLS.")
    waiver.get_by_role("button", name="Request waiver").click()
    page.wait_for_selector("li[data-key='RELI-4'][data-status='waiver_requested']")
    assert page.evaluate("window.__samePage") is True  # no page reload

    login(page, "sre")
    page.goto(url)
    page.evaluate("window.__samePage = true")
    for key in ("CONT-1", "INC-1"):
        item(page, key).get_by_role("button", name="Verify").click()
        page.wait_for_selector(f"li[data-key='{key}'][data-status='verified']")
    assert overall(page).inner_text().startswith("33 of 44")
    item(page, "GATE-1").get_by_role("button", name="Mark done").click()
    page.wait_for_selector("li[data-key='GATE-1'][data-status='done']")
    # Four eyes: the SRE who marked it done is not offered its verification, and is told why.
    gate1 = item(page, "GATE-1")
    assert gate1.get_by_role("button", name="Verify").count() == 0
    assert "another Addon SRE must verify it" in gate1.get_by_test_id("held").inner_text()
    assert page.evaluate("window.__samePage") is True

    login(page, "lead")
    page.goto(url)
    item(page, "GATE-1").get_by_role("button", name="Verify").click()
    page.wait_for_selector("li[data-key='GATE-1'][data-status='verified']")
    item(page, "RELI-4").get_by_role("button", name="Approve waiver").click()
    page.wait_for_selector("li[data-key='RELI-4'][data-status='waived']")
    assert overall(page).inner_text().startswith("35 of 44")
    assert page.get_by_test_id("progress-gate-production-text").inner_text().startswith("35 of 35")

    login(page, "sre")
    page.goto(f"/addons/{nearly_ready.addon_id}/")
    page.get_by_role("button", name="Approve production").click()
    page.wait_for_load_state()
    nearly_ready.refresh_from_db()
    assert nearly_ready.state == State.PRODUCTION_APPROVED
