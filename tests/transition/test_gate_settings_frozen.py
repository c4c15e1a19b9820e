"""Gate settings cannot weaken a gate in flight: an addon's transition period keeps the window
length and SLO coverage it started with; a manager's change applies to later transitions."""

from decimal import Decimal

import pytest

from onboarding.models import PortalSettings, State
from onboarding.selectors.slo_evaluation import evaluate, viability_blocker

pytestmark = pytest.mark.django_db


def _settings(**values):
    row = PortalSettings.load()
    for name, value in values.items():
        setattr(row, name, value)
    row.save()


def test_the_transition_records_the_settings_it_started_with(make_addon):
    addon = make_addon(State.TRANSITION)
    assert (addon.transition_window_days, addon.slo_min_coverage_percent) == (28, 95)
    event = addon.events.get(to_state=State.TRANSITION)
    assert event.payload["transition_window_days"] == 28
    assert event.payload["slo_min_coverage_percent"] == 95
    assert "the 28-day transition window starts" in event.message


def test_a_shorter_window_set_mid_transition_does_not_shorten_it(make_addon):
    addon = make_addon(State.TRANSITION)
    _settings(transition_window_days=1)
    assert viability_blocker(addon).startswith("The 28-day transition window has not elapsed yet")


def test_a_lower_coverage_set_mid_transition_does_not_lower_it(make_addon):
    addon = make_addon(State.TRANSITION)
    _settings(slo_min_coverage_percent=50)
    results = evaluate(addon.slos.all())
    assert results and {r.min_coverage for r in results} == {Decimal("0.95")}


def test_a_transition_started_after_the_change_uses_the_new_settings(make_addon):
    _settings(transition_window_days=35, slo_min_coverage_percent=99)
    addon = make_addon(State.TRANSITION)
    assert (addon.transition_window_days, addon.slo_min_coverage_percent) == (35, 99)
    assert viability_blocker(addon).startswith("The 35-day transition window")
