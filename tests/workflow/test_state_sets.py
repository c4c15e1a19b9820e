"""One spelling of the open and closed states (issue 24): the model's, which the workflow's
withdraw step and the SLO rules both read."""

import pytest

from onboarding.models import Addon, State
from onboarding.models.states import CLOSED_STATES, OPEN_STATES
from onboarding.rules import RULES
from onboarding.rules.slos import push_closed


def test_open_and_closed_states_split_every_state_once():
    assert set(OPEN_STATES) | CLOSED_STATES == set(State)
    assert not set(OPEN_STATES) & CLOSED_STATES


def test_withdraw_leaves_exactly_the_open_states():
    withdraw = Addon.withdraw._django_fsm.transitions
    assert set(withdraw) == set(OPEN_STATES)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [State.REJECTED, State.TRANSITIONED, State.WITHDRAWN])
def test_the_slo_rules_call_an_addon_closed_exactly_when_the_model_does(make_addon, state):
    addon = make_addon(state)
    closed = state in CLOSED_STATES
    assert (push_closed(addon) is not None) is closed
    refusal = RULES["slos.slo_upload"].why_not(addon.team.members.first(), addon)
    assert (refusal is not None and "cannot change" in refusal) is closed
