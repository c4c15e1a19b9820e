"""The portal's auth backends read a user's permissions in one query, with Django's answer."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.auth_backends import PortalModelBackend
from onboarding.integrations.oidc import PortalOIDCBackend
from onboarding.rules.roles import Role

pytestmark = pytest.mark.django_db


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def people():
    User = get_user_model()
    lead = User.objects.create_user("lena", is_active=True)
    lead.groups.add(Group.objects.get(name=Role.LEAD), Group.objects.get(name=Role.SRE))
    lead.user_permissions.add(Permission.objects.get(codename="view_team"))
    return {
        "lead": lead,
        "nobody": User.objects.create_user("nora"),
        "admin": User.objects.create_superuser("ada"),
        "gone": User.objects.create_user("gil", is_active=False),
    }


@pytest.mark.parametrize("who", ["lead", "nobody", "admin", "gone"])
@pytest.mark.parametrize("backend", [PortalModelBackend, PortalOIDCBackend])
def test_the_same_permissions_as_djangos_backend_save_a_superusers_implicit_ones(
    people, who, backend
):
    # Django gives a superuser every permission; the portal only what their groups grant.
    plain = _fresh(people[who])
    plain.is_superuser = False
    expected = ModelBackend().get_all_permissions(plain)
    user = _fresh(people[who])
    with CaptureQueriesContext(connection) as queries:
        got = backend().get_all_permissions(user)
        assert backend().has_perm(user, "onboarding.lead_onboarding") == (
            "onboarding.lead_onboarding" in expected and user.is_active
        )
    assert got == expected
    assert len(queries) == (1 if user.is_active else 0)
    if who == "admin":
        assert got == set()
    if who == "lead":
        assert {
            "onboarding.lead_onboarding",
            "onboarding.verify_addon",
            "onboarding.view_team",
        } <= got
