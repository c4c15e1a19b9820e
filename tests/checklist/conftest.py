import pytest

from onboarding.models import ChecklistItem, State


@pytest.fixture
def onboarding_addon(make_addon):
    """An addon in onboarding with checklist v1 instantiated by the scope step."""
    return make_addon(State.ONBOARDING)


@pytest.fixture
def item_of(onboarding_addon):
    def get(key, addon=None):
        return ChecklistItem.objects.get(addon=addon or onboarding_addon, key=key)

    return get
