"""The gate settings in force for one addon: those its transition period opened with, or, before
it opens, the portal's current ones (README "Four eyes per person").

A manager's change of the portal settings applies to transitions that start after it; an
addon in its transition period keeps the window length and coverage it started with.
"""

from dataclasses import dataclass

from ..models import PortalSettings


@dataclass(frozen=True)
class GateSettings:
    window_days: int
    min_coverage_percent: int


def gate_settings(addon, current: PortalSettings | None = None) -> GateSettings:
    """`current`: the portal settings when the caller read them already (one read for a list)."""
    current = current or PortalSettings.load()
    return GateSettings(
        addon.transition_window_days or current.transition_window_days,
        addon.slo_min_coverage_percent or current.slo_min_coverage_percent,
    )


def gate_settings_freeze(addon) -> dict:
    """Copy the portal's current gate settings onto the addon (in memory, as the transition
    starts); returns them for the transition's timeline event."""
    current = PortalSettings.load()
    addon.transition_window_days = current.transition_window_days
    addon.slo_min_coverage_percent = current.slo_min_coverage_percent
    return {
        "transition_window_days": addon.transition_window_days,
        "slo_min_coverage_percent": addon.slo_min_coverage_percent,
    }
