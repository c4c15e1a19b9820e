from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from onboarding.selectors.durations import state_bars, state_segments, totals_by

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
    assert [b.percent for b in state_bars(segments)] == [20.0, 10.0, 20.0, 40.0, 10.0]


def test_a_draft_without_events_is_one_current_segment():
    segments = state_segments(
        created_at=T0, current_state="draft", transitions=[], now=T0 + timedelta(hours=3)
    )
    assert [(s.state, s.duration, s.current) for s in segments] == [
        ("draft", timedelta(hours=3), True)
    ]
