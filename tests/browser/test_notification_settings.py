"""An owner mutes comment e-mail from the user menu and sees the choice kept."""

import pytest

from onboarding.models import NotificationPreference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_mutes_comments_from_the_user_menu(page, login, owner):
    login(page, "owner")
    page.get_by_test_id("nav-notifications").click()
    page.get_by_role("heading", name="Notification settings").wait_for()
    comments = page.get_by_label("Comments in a discussion you take part in")
    assert comments.is_checked()
    comments.uncheck()
    page.get_by_role("button", name="Save notification settings").click()
    page.get_by_text("Notification settings saved: 1 kind of e-mail muted.").wait_for()
    assert not page.get_by_label("Comments in a discussion you take part in").is_checked()
    assert page.get_by_label("Assignments of an addon to Addon SRE").is_checked()
    assert NotificationPreference.objects.get(user=owner).muted_kinds == ["comment"]
