from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from onboarding.selectors.durations import state_segments, totals_by
from onboarding.selectors.state_strip import STATE_COLOURS, strip_bars, strip_legend

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _event(day, source, target, pk):
    return SimpleNamespace(
        pk=pk, created_at=T0 + timedelta(days=day), from_state=source, to_state=target
    )


HAND_BUILT = [
    # Given out of order on purpose: the segments are ordered by time.
    _event(5, "changes_requested", "submitted", 3),
    _event(2, "draft", "submitted", 1),
    _event(3, "submitted", "changes_requested", 2),
    _event(9, "submitted", "accepted", 4),
]


def test_segments_follow_the_transitions_and_the_current_state_runs_until_now():
    segments = state_segments(
        created_at=T0, current_state="accepted", transitions=HAND_BUILT, now=T0 + timedelta(days=10)
    )
    assert [(s.state, s.duration.days, s.current) for s in segments] == [
        ("draft", 2, False),
        ("submitted", 1, False),
        ("changes_requested", 2, False),
        ("submitted", 4, False),
        ("accepted", 1, True),
    ]


def test_time_per_state_and_stage_adds_up_repeated_visits():
    segments = state_segments(
        created_at=T0, current_state="accepted", transitions=HAND_BUILT, now=T0 + timedelta(days=10)
    )
    assert totals_by(segments, "state")["submitted"] == timedelta(days=5)
    assert totals_by(segments, "stage") == {"kickoff": timedelta(days=10)}


def test_bar_widths_are_proportional_to_time_spent():
    segments = state_segments(
        created_at=T0, current_state="accepted", transitions=HAND_BUILT, now=T0 + timedelta(days=10)
    )
    bars = strip_bars(segments)
    assert [b.percent for b in bars] == [20.0, 10.0, 20.0, 40.0, 10.0]
    assert [(b.x, b.width) for b in bars] == [
        (0, 200),
        (200, 100),
        (300, 200),
        (500, 400),
        (900, 100),
    ]


def test_the_legend_names_each_state_of_the_strip_once_with_its_colour_and_total():
    segments = state_segments(
        created_at=T0, current_state="accepted", transitions=HAND_BUILT, now=T0 + timedelta(days=10)
    )
    legend = strip_legend(segments)
    assert [(e.label, e.total.days, e.current) for e in legend] == [
        ("Draft", 2, False),
        ("Submitted", 5, False),
        ("Changes requested", 2, False),
        ("Accepted", 1, True),
    ]
    assert {e.colour for e in legend} == {STATE_COLOURS[e.state] for e in legend}
    assert {b.colour for b in strip_bars(segments)} == {e.colour for e in legend}


def test_every_state_has_its_own_colour():
    assert len(set(STATE_COLOURS.values())) == len(STATE_COLOURS)


def test_a_stay_of_minutes_is_still_drawn():
    segments = state_segments(
        created_at=T0,
        current_state="submitted",
        transitions=[_event(0.0001, "draft", "submitted", 1)],
        now=T0 + timedelta(days=30),
    )
    first, second = strip_bars(segments)
    assert first.width >= 3 and first.x == 0
    assert second.x + second.width <= 1000


def test_a_draft_without_events_is_one_current_segment():
    segments = state_segments(
        created_at=T0, current_state="draft", transitions=[], now=T0 + timedelta(hours=3)
    )
    assert [(s.state, s.duration, s.current) for s in segments] == [
        ("draft", timedelta(hours=3), True)
    ]
