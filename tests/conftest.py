"""Shared fixtures: the role personas of DOMAIN.md and addons in any state."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from onboarding.rules.roles import Role
from tests.factories import AddonFactory, TeamFactory, UserFactory

pytest_plugins = ["tests.plugins.services"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached rows (portal settings, dashboard figures) must not outlive a test's data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reference_data(db):
    """Groups, checklist v1 and settings: back after tests that flush the database."""
    from onboarding.reference_data import ensure

    ensure()


def _persona(username, *roles, team=None):
    user = UserFactory(username=username, email=f"{username}@example.com")
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    if team is not None:
        team.members.add(user)
    return user


@pytest.fixture
def owner_team(reference_data):
    return TeamFactory(name="Data Science", slug="data-science", mailing_list="ds@example.com")


@pytest.fixture
def other_team(reference_data):
    return TeamFactory(name="Messaging", slug="messaging")


@pytest.fixture
def sre_team(reference_data):
    return TeamFactory(name="Addon SRE", slug="addon-sre", is_sre=True)


@pytest.fixture
def owner(owner_team):
    return _persona("owner", Role.OWNER, team=owner_team)


@pytest.fixture
def owner2(other_team):
    return _persona("owner2", Role.OWNER, team=other_team)


@pytest.fixture
def architect1(reference_data):
    return _persona("architect1", Role.ARCHITECT)


@pytest.fixture
def architect2(reference_data):
    return _persona("architect2", Role.ARCHITECT)


@pytest.fixture
def architect3(reference_data):
    return _persona("architect3", Role.ARCHITECT)


@pytest.fixture
def lead(sre_team):
    return _persona("lead", Role.LEAD, team=sre_team)


@pytest.fixture
def sre(sre_team):
    return _persona("sre", Role.SRE, team=sre_team)


@pytest.fixture
def manager(reference_data):
    user = _persona("manager", Role.MANAGER)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def personas(owner, owner2, architect1, architect2, architect3, lead, sre, manager):
    return {
        "owner": owner,
        "owner2": owner2,
        "architect1": architect1,
        "architect2": architect2,
        "architect3": architect3,
        "lead": lead,
        "sre": sre,
        "manager": manager,
    }


@pytest.fixture
def addon(owner_team, owner):
    """A complete draft intake of `owner`'s team."""
    return AddonFactory(team=owner_team, created_by=owner)


@pytest.fixture
def make_addon(owner_team, personas):
    """make_addon(state) -> an addon brought to `state` through the real services."""
    from tests.journey import bring_to

    def make(state, **kwargs):
        return bring_to(
            AddonFactory(team=owner_team, **kwargs), state, personas, now=timezone.now()
        )

    return make
