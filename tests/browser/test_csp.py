"""The pages work under the Content-Security-Policy: nothing refused, htmx still swaps."""

import pytest

from onboarding.models import ChecklistItem, State
from tests.journey import pass_gate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_violations(page):
    """Every CSP violation the page reports, from the DOM event and the console."""
    seen = []
    page.on(
        "console",
        lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy violation: ' + e.violatedDirective))"
    )
    return seen


def test_checklist_htmx_action_works_under_the_policy(page, login, make_addon):
    addon = make_addon(State.ONBOARDING)
    pass_gate(addon, "production")
    ChecklistItem.objects.filter(addon=addon, key="CONT-1").update(status="todo")
    violations = watch_violations(page)
    login(page, "owner")
    page.goto(f"/addons/{addon.addon_id}/checklist/")
    page.evaluate("window.__samePage = true")
    bar = page.locator(".progress-stacked .progress").first
    assert bar.bounding_box()["width"] > 0

    cont1 = page.locator("li[data-key='CONT-1']")
    cont1.get_by_label("Evidence URL").fill("https://docs.example.com/continuity")
    cont1.get_by_role("button", name="Mark done").click()
    page.wait_for_selector("li[data-key='CONT-1'][data-status='done']")
    assert page.evaluate("window.__samePage") is True  # swapped in place, not reloaded
    assert violations == []


def test_addon_timeline_and_dashboard_show_no_violations(page, login, make_addon):
    addon = make_addon(State.ONBOARDING)
    violations = watch_violations(page)
    login(page, "owner")
    for url in (f"/addons/{addon.addon_id}/", f"/addons/{addon.addon_id}/timeline/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert page.locator(".state-bar").first.bounding_box()["width"] > 0
    login(page, "manager")
    page.goto("/dashboard/")
    page.wait_for_load_state("networkidle")
    assert violations == []
