"""Role mapping from the groups claim, and the login page with SSO on or off."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured

from onboarding.integrations.oidc import PortalOIDCBackend
from tests.factories import UserFactory


@pytest.fixture
def sso(settings):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "portal"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:9/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:9/me"
    settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:9/jwks"
    settings.OIDC_GROUP_ROLES = {"sre": "Addon SRE", "owners": "Service Owner"}
    return settings


def _claims(username, *groups):
    return {"email": f"{username}@example.com", "preferred_username": username, "groups": groups}


def _roles(user):
    return set(user.groups.values_list("name", flat=True))


@pytest.mark.django_db
def test_new_user_gets_the_roles_of_mapped_groups_only(sso):
    user = PortalOIDCBackend().create_user(_claims("alice", "sre", "everyone"))
    assert user.username == "alice"
    assert _roles(user) == {"Addon SRE"}


@pytest.mark.django_db
def test_next_login_follows_the_provider_and_keeps_other_groups(sso):
    backend = PortalOIDCBackend()
    user = backend.create_user(_claims("bob", "sre"))
    other = Group.objects.create(name="Newsletter")
    user.groups.add(other)
    backend.update_user(user, _claims("bob", "owners"))
    assert _roles(user) == {"Service Owner", "Newsletter"}


@pytest.mark.django_db
def test_accounts_match_by_username_not_email(sso):
    UserFactory(username="local-carol", email="carol@example.com")
    found = PortalOIDCBackend().filter_users_by_claims(_claims("carol"))
    assert list(found) == []


@pytest.mark.django_db
def test_claims_without_email_are_refused(sso):
    assert PortalOIDCBackend().verify_claims({"preferred_username": "dave"}) is False


@pytest.mark.django_db
def test_mapping_to_an_unknown_role_is_a_configuration_error(sso):
    sso.OIDC_GROUP_ROLES = {"sre": "Addon Superhero"}
    with pytest.raises(ImproperlyConfigured):
        PortalOIDCBackend().create_user(_claims("erin", "sre"))


@pytest.mark.django_db
def test_without_sso_the_login_page_has_only_the_password_form(client):
    page = client.get("/login/").content.decode()
    assert "Sign in with single sign-on" not in page
    assert 'name="password"' in page
    assert client.get("/oidc/authenticate/").status_code == 404


@pytest.mark.django_db
def test_sso_button_starts_the_authorization_code_flow(client, sso):
    page = client.get("/login/").content.decode()
    assert "Sign in with single sign-on" in page
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("http://127.0.0.1:9/auth?")
    assert "response_type=code" in location
    assert "code_challenge_method=S256" in location


@pytest.mark.django_db
def test_password_login_refused_when_switched_off(client, sso, owner):
    sso.LOCAL_LOGIN_ENABLED = False
    assert 'name="password"' not in client.get("/login/").content.decode()
    response = client.post("/login/", {"username": "owner", "password": "demo-password"})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session
