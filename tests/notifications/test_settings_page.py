"""The "Notification settings" page: each person mutes the kinds of e-mail they don't want."""

import pytest
from django.urls import reverse

from onboarding.models import MUTABLE_KINDS, NotificationPreference

pytestmark = pytest.mark.django_db

PAGE = "/account/notifications/"
EVERY_KIND = [kind.value for kind in MUTABLE_KINDS]


def _checked(page: str, kind: str) -> bool:
    start = page.index(f'value="{kind}"')
    tag = page[page.rindex("<input", 0, start) : page.index(">", start)]
    return "checked" in tag


def test_anonymous_is_sent_to_the_login_page_and_nothing_is_saved(client):
    assert client.get(PAGE)["Location"].startswith(reverse("login"))
    response = client.post(PAGE, {"wanted": ["comment"]})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not NotificationPreference.objects.exists()


def test_the_user_menu_links_to_the_page(client, owner):
    client.force_login(owner)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{PAGE}" data-testid="nav-notifications">Notifications<' in page


def test_every_mutable_kind_is_offered_and_wanted_until_muted(client, owner):
    client.force_login(owner)
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "owner@example.com" in page
    for kind in MUTABLE_KINDS:
        assert kind.label in page
        assert _checked(page, kind.value)
    assert 'value="reminder"' not in page
    assert "Reminders and the weekly digest always come" in page


def test_saving_mutes_the_cleared_kinds_and_says_so(client, owner):
    client.force_login(owner)
    wanted = [k for k in EVERY_KIND if k not in ("comment", "checklist")]
    response = client.post(PAGE, {"wanted": wanted}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(PAGE, 302)]
    assert "Notification settings saved: 2 kinds of e-mail muted." in page
    assert NotificationPreference.objects.get(user=owner).muted_kinds == ["comment", "checklist"]
    assert not _checked(page, "comment") and not _checked(page, "checklist")
    assert _checked(page, "objection")


def test_ticking_every_kind_again_unmutes_them(client, owner):
    NotificationPreference.objects.create(user=owner, muted_kinds=["comment"])
    client.force_login(owner)
    response = client.post(PAGE, {"wanted": EVERY_KIND}, follow=True)
    assert "you get e-mail about every kind" in response.content.decode()
    assert NotificationPreference.objects.get(user=owner).muted_kinds == []


@pytest.mark.parametrize("bad", ["reminder", "everything", "comment\x00"])
def test_an_unknown_kind_is_refused_next_to_the_field_and_nothing_changes(client, owner, bad):
    NotificationPreference.objects.create(user=owner, muted_kinds=["comment"])
    client.force_login(owner)
    response = client.post(PAGE, {"wanted": ["objection", bad]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert response.context["form"].errors["wanted"]
    assert NotificationPreference.objects.get(user=owner).muted_kinds == ["comment"]


def test_one_persons_settings_do_not_touch_anothers(client, owner, owner2):
    NotificationPreference.objects.create(user=owner2, muted_kinds=["assignment"])
    client.force_login(owner)
    client.post(PAGE, {"wanted": []})
    assert NotificationPreference.objects.get(user=owner).muted_kinds == EVERY_KIND
    assert NotificationPreference.objects.get(user=owner2).muted_kinds == ["assignment"]
