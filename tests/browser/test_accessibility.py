"""axe-core in Chromium on every main page: no violation of impact "serious" or "critical"."""

from pathlib import Path

import pytest

# axe-core is injected as an inline script, which the portal's CSP rightly blocks.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.inject_tooling,
    pytest.mark.django_db(transaction=True),
]

AXE = Path(__file__).resolve().parents[1] / "assets" / "axe.min.js"
BLOCKING = {"serious", "critical"}

# page name -> (persona, state of the addon the page is about or None, URL template)
PAGES = {
    "home": ("owner", None, "/"),
    "addon-list": ("owner", "onboarding", "/addons/"),
    "addon-detail": ("owner", "onboarding", "/addons/{id}/"),
    "intake-form": ("owner", None, "/intake/new/"),
    "review-queue": ("architect1", "submitted", "/review/"),
    "review-page": ("architect1", "submitted", "/addons/{id}/review/"),
    "checklist": ("owner", "onboarding", "/addons/{id}/checklist/"),
    "slo-page": ("owner", "transition", "/addons/{id}/slos/"),
    "timeline": ("manager", "onboarding", "/addons/{id}/timeline/"),
    "dashboard": ("manager", "onboarding", "/dashboard/"),
}


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in violations
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_main_page_has_no_serious_accessibility_violation(page, login, make_addon, name):
    username, state, url = PAGES[name]
    addon = make_addon(state) if state else None
    login(page, username)
    response = page.goto(url.format(id=addon.addon_id if addon else ""))
    assert response.status == 200, f"{name}: HTTP {response.status}"
    violations = axe_violations(page)
    assert not violations, f"{name}:\n{describe(violations)}"
    labels = page.locator("main label").all_inner_texts()
    assert not [label for label in labels if "invalid" in label.lower()], labels


@pytest.mark.parametrize("name", ["addon-list", "addon-detail"])
def test_page_fits_a_390px_phone_without_horizontal_scroll(page, login, make_addon, name):
    username, state, url = PAGES[name]
    addon = make_addon(state)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, username)
    page.goto(url.format(id=addon.addon_id))
    for table in page.locator("main table").all():
        assert table.evaluate("t => !!t.closest('.table-responsive')"), (
            f"{name}: a table is not wrapped in .table-responsive"
        )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name}: the page is {width}px wide at a 390px viewport"


# The demo as `make run` seeds it: several SLOs and SOPs, discussions, a 44-item checklist.
DEMO_PAGES = [
    ("owner", "/addons/observability/"),
    ("owner", "/addons/observability/slos/"),
    ("sre", "/addons/observability/sops/"),
    ("sre", "/addons/api-gateway/checklist/"),
    ("owner2", "/addons/api-gateway/checklist/"),
    ("architect1", "/addons/model-serving/review/"),
    ("manager", "/addons/observability/timeline/"),
]


def test_pages_on_the_demo_data_have_no_serious_accessibility_violation(page, login):
    from django.utils import timezone

    from onboarding.demo.seed import seed
    from tests.browser.conftest import PASSWORD

    seed(password=PASSWORD, now=timezone.now())
    found = []
    for username, url in DEMO_PAGES:
        login(page, username)
        response = page.goto(url)
        assert response.status == 200, f"{url} as {username}: HTTP {response.status}"
        violations = axe_violations(page)
        if violations:
            found.append(f"{url} as {username}:\n{describe(violations)}")
    assert not found, "\n".join(found)
