"""Playwright in Debian's Chromium against pytest-django's live server (on PostgreSQL).

On failure a test leaves a screenshot and the page's HTML under test-artifacts/.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.transition.managed_tenants_remote import mt_remote  # noqa: F401 - fixture
from tests.transition.pagerduty_standin import pagerduty  # noqa: F401 - fixture

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (fixtures, assertions on the data) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "demo-password"  # tests.factories.UserFactory's password


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, personas, request):
    # Tests that inject test tooling (axe-core) into the page ask to bypass the CSP; the
    # portal's own pages are always tested under it.
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        bypass_csp=request.node.get_closest_marker("inject_tooling") is not None,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = request.node.name.replace("/", "_")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content())
    context.close()


@pytest.fixture
def login():
    """login(page, username): log in through the login form, as a person would."""

    def do(page, username):
        page.context.clear_cookies()
        page.goto("/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")

    return do


pytestmark = pytest.mark.browser
