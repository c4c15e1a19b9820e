"""Single sign-on through a real OpenID Connect provider (npm's oidc-provider on loopback):
the authorization-code flow in Chromium, the groups claim mapped to roles, and a refusal."""

import pytest
from django.contrib.auth import get_user_model

from tests.oidc.provider_process import configure, running_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def provider(live_server, settings):
    with running_provider(f"{live_server.url}/oidc/callback/") as discovery:
        configure(settings, discovery)
        yield discovery


def _sign_in_at_provider(page, login):
    page.goto("/login/")
    page.get_by_role("link", name="Sign in with single sign-on").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any-password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def test_first_sso_login_creates_the_user_with_roles_from_groups(page, provider):
    _sign_in_at_provider(page, "sso-architect")
    page.wait_for_url("**/")
    user = get_user_model().objects.get(username="sso-architect")
    assert user.email == "sso-architect@example.com"
    assert set(user.groups.values_list("name", flat=True)) == {"SRES Architect"}
    assert not user.has_usable_password()
    page.goto("/addons/")
    assert page.url.endswith("/addons/")  # signed in: not sent back to the login page


def test_provider_refusal_leaves_the_person_logged_out(page, provider):
    page.goto("/login/")
    page.get_by_role("link", name="Sign in with single sign-on").click()
    page.get_by_role("link", name="[ Cancel ]").click()
    page.wait_for_url("**/login/?sso=failed")
    assert page.get_by_role("alert").inner_text().startswith("Single sign-on did not complete")
    assert not get_user_model().objects.filter(username__startswith="sso-").exists()
    page.goto("/addons/")
    assert "/login/" in page.url


def test_local_login_can_be_switched_off(page, live_server, settings, provider):
    configure(settings, provider, local_login=False)
    page.goto("/login/")
    assert page.get_by_role("link", name="Sign in with single sign-on").is_visible()
    assert page.locator("input[name=password]").count() == 0
