"""The demo's review activity: comments and sign-offs consistent with each addon's state."""

import pytest

from onboarding.demo.kickoff import seed_kickoff
from onboarding.models import State, TimelineEvent

pytestmark = pytest.mark.django_db


def test_demo_gives_model_serving_one_current_signoff_and_a_discussion(make_addon, personas):
    serving = make_addon(State.SUBMITTED, addon_id="model-serving")
    relay = make_addon(State.CHANGES_REQUESTED, addon_id="stream-bridge")
    seed_kickoff(personas)
    assert serving.signoffs.current().count() == 1
    assert serving.comments.count() == 2
    assert serving.events.filter(kind=TimelineEvent.Kind.SIGNOFF).count() == 1
    assert relay.comments.count() == 1 and not relay.signoffs.exists()
    seed_kickoff(personas)  # idempotent
    assert serving.comments.count() == 2 and serving.signoffs.count() == 1
