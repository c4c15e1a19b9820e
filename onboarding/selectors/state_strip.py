"""The time-in-state strip of an addon's timeline: one SVG bar per stay, one legend row per state.

Each state has its own colour (shades of its stage's hue), so the legend can name what every
bar is; the legend also carries the total time per state, which is what the strip pictures.
"""

from dataclasses import dataclass
from datetime import timedelta

from ..models import State
from .durations import Segment, totals_by

WIDTH = 1000  # viewBox units; the SVG stretches to the card's width
MIN_WIDTH = 3  # a stay of minutes stays visible next to one of months

# Kickoff blues, onboarding browns and ambers, transition greens, closed greys; rejected red
# and changes requested orange so the detours stand out. Each passes 3:1 against white.
STATE_COLOURS = {
    State.DRAFT: "#6c757d",
    State.SUBMITTED: "#3d8bfd",
    State.CHANGES_REQUESTED: "#d35400",
    State.ACCEPTED: "#0a58ca",
    State.REJECTED: "#b02a37",
    State.ASSIGNED: "#052c65",
    State.ONBOARDING: "#8a4b00",
    State.PRODUCTION_APPROVED: "#b8860b",
    State.TRANSITION: "#198754",
    State.TRANSITIONED: "#0a3622",
    State.WITHDRAWN: "#343a40",
}


@dataclass
class StripBar:
    state: str
    label: str
    duration: timedelta
    percent: float
    current: bool
    colour: str
    x: float
    width: float


@dataclass
class LegendEntry:
    state: str
    label: str
    colour: str
    total: timedelta
    current: bool


def strip_bars(segments: list[Segment]) -> list[StripBar]:
    """Widths proportional to each stay's share of the addon's age."""
    total = sum((s.duration for s in segments), timedelta()) or timedelta(seconds=1)
    bars, x = [], 0.0
    for s in segments:
        share = s.duration / total
        width = max(round(WIDTH * share, 1), MIN_WIDTH)
        bars.append(
            StripBar(
                s.state,
                s.label,
                s.duration,
                round(100 * share, 2),
                s.current,
                STATE_COLOURS[s.state],
                round(min(x, WIDTH - width), 1),
                width,
            )
        )
        x += WIDTH * share
    return bars


def strip_legend(segments: list[Segment]) -> list[LegendEntry]:
    """Every state the strip shows, in first-seen order, with its total time."""
    current = segments[-1].state if segments else None
    return [
        LegendEntry(state, State(state).label, STATE_COLOURS[state], total, state == current)
        for state, total in totals_by(segments, "state").items()
    ]
