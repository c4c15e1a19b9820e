import pytest

from onboarding.models import Addon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_of_another_team_sees_not_found(page, login, addon):
    login(page, "owner2")
    response = page.goto(f"/addons/{addon.addon_id}/")
    assert response.status == 404
    assert "Not Found" in page.content() or "not found" in page.content().lower()


def test_forced_post_of_an_action_not_offered_is_refused(page, login, make_addon):
    addon = make_addon("submitted")
    login(page, "owner")
    page.goto(f"/addons/{addon.addon_id}/")
    assert page.locator("form[data-action=accept]").count() == 0
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        f"/addons/{addon.addon_id}/transition/accept/",
        form={
            "csrfmiddlewaretoken": token,
            "accept-seen_state": "submitted",
            "accept-priority": "P1",
        },
        headers={"Referer": page.url},
    )
    assert response.status == 403
    assert Addon.objects.get(pk=addon.pk).state == "submitted"
