"""/api/docs: a person tries the API with a token in the browser, under the CSP."""

import pytest

from onboarding.models import ApiToken
from tests.browser.test_csp import watch_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def try_it(page, path: str) -> tuple[str, str]:
    """Open GET `path` in Swagger UI, Try it out, Execute: (status, response body)."""
    operation = page.locator(".opblock-get").filter(
        has=page.locator(f".opblock-summary-path[data-path='{path}']")
    )
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table .response .response-col_status").first
    status.wait_for()
    body = operation.locator(".live-responses-table .response-col_description pre").first
    return status.inner_text().strip(), body.inner_text()


def test_a_person_tries_the_addon_list_with_a_token(page, addon, owner):
    _, raw = ApiToken.issue(user=owner, label="docs")
    violations = watch_violations(page)
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Addon onboarding portal API" in page.locator(".swagger-ui .info .title").inner_text()

    page.get_by_role("button", name="Authorize").first.click()
    page.get_by_label("auth-bearer-value").fill(raw)
    page.get_by_role("button", name="Apply credentials").click()
    page.locator(".modal-ux button.btn-done").click()

    status, body = try_it(page, "/api/v1/addons")
    assert status == "200"
    assert f'"id": "{addon.addon_id}"' in body
    assert not violations, violations


def test_without_a_token_the_docs_show_the_401_in_the_one_error_shape(page, addon):
    page.goto("/api/docs")
    status, body = try_it(page, "/api/v1/addons")
    assert status == "401"
    assert '"field": "Authorization"' in body
