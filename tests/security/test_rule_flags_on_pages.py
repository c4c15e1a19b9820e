"""Pages offer what the rules allow, never what Django's flags or permissions say: a superuser
without a role is offered nothing a role would give (tests/security/test_rules_only.py keeps
templates from asking `perms`, flags or role names)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _link(name: str) -> str:
    return f'href="{reverse(name)}"'


def test_new_intake_is_offered_to_owners_and_not_to_a_superuser_without_the_role(
    client, owner, reference_data
):
    new_intake = _link("intake_new")
    client.force_login(owner)
    assert new_intake in client.get(reverse("addon_list")).content.decode()
    assert new_intake in client.get(reverse("home")).content.decode()
    root = get_user_model().objects.create_superuser("root", "root@example.com", "x-Long-42-y")
    client.force_login(root)
    assert new_intake not in client.get(reverse("addon_list")).content.decode()
    assert client.get(reverse("intake_new")).status_code in (403, 404)


def test_the_navigation_offers_each_page_to_whom_its_rule_opens_it(
    client, manager, architect1, sre
):
    links = {name: _link(name) for name in ("assign_queue", "dashboard", "review_queue")}

    def offered(user):
        client.force_login(user)
        nav = client.get(reverse("home")).content.decode()
        return {name for name, link in links.items() if link in nav}

    assert offered(manager) == {"assign_queue", "dashboard"}
    assert offered(architect1) == {"review_queue"}
    assert offered(sre) == set()
