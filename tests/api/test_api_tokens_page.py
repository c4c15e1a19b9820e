"""The "API tokens" page: people issue, see and revoke their own JSON API tokens."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onboarding.models import ApiToken

pytestmark = pytest.mark.django_db

PAGE = "/account/tokens/"


def _create(client, label="Release dashboard"):
    return client.post(PAGE, {"label": label})


def _raw_token(response) -> str:
    return response.context["new_token"]


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_create_a_token(client):
    response = _create(client)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not ApiToken.objects.exists()


def test_the_navigation_links_to_the_page(client, owner):
    client.force_login(owner)
    response = client.get(reverse("home"))
    assert f'href="{PAGE}"' in response.content.decode()


def test_created_token_is_shown_once_with_a_warning(client, owner):
    client.force_login(owner)
    response = _create(client)
    raw = _raw_token(response)
    body = response.content.decode()
    assert response.status_code == 200
    assert raw.startswith("aop_") and raw in body
    assert "copy it now" in body and "not shown again" in body
    token = ApiToken.objects.get(user=owner)
    assert token.label == "Release dashboard"
    assert token.prefix == raw[:12]
    assert raw not in token.token_hash

    again = client.get(PAGE).content.decode()
    assert raw not in again
    assert "copy it now" not in again


def test_the_list_shows_label_prefix_and_status_but_never_the_secret(client, owner):
    token, raw = ApiToken.issue(user=owner, label="Nightly export")
    client.force_login(owner)
    body = client.get(PAGE).content.decode()
    assert "Nightly export" in body
    assert f"{token.prefix}…" in body
    assert "active" in body and "never" in body
    assert raw not in body
    assert token.token_hash not in body


def test_the_list_shows_only_my_tokens(client, owner, owner2):
    ApiToken.issue(user=owner2, label="Someone else's script")
    client.force_login(owner)
    body = client.get(PAGE).content.decode()
    assert "Someone else" not in body
    assert "You have no API tokens yet." in body


def test_the_new_token_works_against_the_api(client, owner, addon):
    client.force_login(owner)
    raw = _raw_token(_create(client))
    client.logout()
    response = client.get("/api/v1/addons", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["results"]] == [addon.addon_id]
    client.force_login(owner)
    assert "never" not in client.get(PAGE).content.decode()


def test_revoking_stops_the_token(client, owner, addon):
    client.force_login(owner)
    raw = _raw_token(_create(client))
    token = ApiToken.objects.get(user=owner)
    response = client.post(reverse("account_api_token_revoke", args=[token.pk]), follow=True)
    assert "Token Release dashboard revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revoked" in response.content.decode()
    api = client.get("/api/v1/addons", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 401


def test_revoking_twice_says_so_and_keeps_the_first_time(client, owner):
    token, _ = ApiToken.issue(user=owner, label="ci")
    client.force_login(owner)
    url = reverse("account_api_token_revoke", args=[token.pk])
    client.post(url)
    token.refresh_from_db()
    first = token.revoked_at
    response = client.post(url, follow=True)
    assert "This token is already revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at == first


def test_revoking_someone_elses_token_is_404(client, owner, owner2):
    token, raw = ApiToken.issue(user=owner2, label="theirs")
    client.force_login(owner)
    response = client.post(reverse("account_api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_manager_cannot_revoke_from_the_page_either(client, manager, owner):
    token, _ = ApiToken.issue(user=owner, label="theirs")
    client.force_login(manager)
    assert client.post(reverse("account_api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_is_post_only(client, owner):
    token, _ = ApiToken.issue(user=owner, label="ci")
    client.force_login(owner)
    assert client.get(reverse("account_api_token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 101, "Ensure this value has at most 100 characters (it has 101)."),
    ],
)
def test_a_bad_label_is_refused_next_to_the_field(client, owner, label, message):
    client.force_login(owner)
    response = _create(client, label)
    assert response.status_code == 400
    body = response.content.decode()
    # crispy renders the error under the input it belongs to
    field_error = body.split('id="id_label"', 1)[1].split("</form>", 1)[0]
    assert 'id="error_1_id_label"' in field_error
    assert message in field_error
    assert "copy it now" not in body
    assert not ApiToken.objects.exists()


def test_the_page_costs_the_same_with_many_tokens(client, owner):
    ApiToken.issue(user=owner, label="one")
    client.force_login(owner)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    for n in range(15):
        token, _ = ApiToken.issue(user=owner, label=f"script {n}")
        if n % 2:
            ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.created_at)
    with CaptureQueriesContext(connection) as many:
        body = client.get(PAGE).content.decode()
    assert "script 14" in body
    assert len(many) == len(few)


def test_a_manager_revokes_tokens_in_the_admin(client, manager, owner):
    token, raw = ApiToken.issue(user=owner, label="leaked")
    client.force_login(manager)
    changelist = reverse("admin:onboarding_apitoken_changelist")
    assert "leaked" in client.get(changelist).content.decode()
    client.post(changelist, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/addons", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_admin_cannot_edit_add_or_delete_tokens(client, manager, owner):
    token, _ = ApiToken.issue(user=owner, label="ci")
    client.force_login(manager)
    change = reverse("admin:onboarding_apitoken_change", args=[token.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert token.token_hash not in page.content.decode()
    client.post(change, {"label": "renamed", "user": owner.pk})
    token.refresh_from_db()
    assert token.label == "ci"
    assert client.get(reverse("admin:onboarding_apitoken_add")).status_code == 403
    delete = reverse("admin:onboarding_apitoken_delete", args=[token.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_non_manager_cannot_reach_tokens_in_the_admin(client, owner):
    owner.is_staff = True
    owner.save()
    client.force_login(owner)
    response = client.get(reverse("admin:onboarding_apitoken_changelist"))
    assert response.status_code == 302
