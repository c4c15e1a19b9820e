import copy

import pytest

from onboarding.models import ChecklistItem, State
from tests.crawl.crawler import INVALID


@pytest.fixture
def onboarding_addon(make_addon):
    """An addon in onboarding with checklist v1 instantiated by the scope step."""
    return make_addon(State.ONBOARDING)


@pytest.fixture
def item_of(onboarding_addon):
    def get(key, addon=None):
        return ChecklistItem.objects.get(addon=addon or onboarding_addon, key=key)

    return get


@pytest.fixture(autouse=True)
def shows_invalid_variables(settings):
    """A variable missing from a checklist template's context shows in the HTML (`html()`)."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0].setdefault("OPTIONS", {})["string_if_invalid"] = INVALID
    settings.TEMPLATES = templates


def html(response) -> str:
    """The response's HTML, which must not print a variable its context lacks."""
    body = response.content.decode()
    assert str(INVALID) not in body, body[body.index(str(INVALID)) - 300 :][:400]
    return body
