"""What a recording rule's name says it holds, in the conventions SLO generators write.

- Sloth (slok/sloth): `slo:sli_error:ratio_rate<period>` is the *error* ratio over the
  period; `slo:objective:ratio`, `slo:error_budget:ratio`, `slo:*burn_rate:ratio`,
  `slo:period_error_budget_remaining:ratio` and `slo:time_period:days` describe the SLO, not
  an hour of it.
- Pyrra (pyrra-dev/pyrra), and odh-deployer after it: `<metric>:burnrate<period>` is the
  error ratio over the period; `<metric>:increase<period>` the period's counts (by status).
- Otherwise `<level>:<metric>:<operations>` (Prometheus' naming practice): every level of the
  name is read, not only the last, so `slo:sli_error:ratio_rate1h` is an error ratio although
  its last part, `ratio_rate1h`, says nothing of errors.

The portal reads one value per hour at the hour's end, so only a one-hour period is the
hour's fraction: a 5m rule is the last five minutes, a 30d rule the month.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

ERROR_WORDS = {"error", "errors", "burnrate", "failure", "failures", "failed", "bad"}
GOOD_WORDS = {"availability", "available", "success", "successful", "good", "goodput", "up"}
SLOTH_DESCRIPTIONS = {
    "objective",
    "error_budget",
    "current_burn_rate",
    "period_burn_rate",
    "period_error_budget_remaining",
    "time_period",
}
_PERIOD = re.compile(r"(?:rate|burnrate|increase)(?P<number>\d+)(?P<unit>[smhdwy])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400}
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class RuleName:
    name: str
    holds: str  # "error ratio", "good ratio", "counts", "a description of the SLO", "unknown"
    convention: str  # "Sloth", "Pyrra", "" when only the words of the name say it
    period: timedelta | None

    @property
    def period_text(self) -> str:
        match = _PERIOD.search(self.name.split(":")[-1])
        return f"{match['number']}{match['unit']}" if match else ""


def _period(last_level: str) -> timedelta | None:
    match = _PERIOD.search(last_level)
    if not match:
        return None
    return timedelta(seconds=int(match["number"]) * _UNITS[match["unit"]])


def _words(levels: list[str]) -> set[str]:
    """The words of every level: sli_error -> sli, error; availability30d -> availability."""
    return {word for level in levels for word in re.findall(r"[a-z]+", level.lower())}


def rule_name(name: str) -> RuleName | None:
    """How a recording rule's name reads; None for a plain metric (no colon)."""
    if ":" not in name:
        return None
    levels = name.split(":")
    last, period = levels[-1], _period(levels[-1])
    if levels[0] == "slo" and len(levels) == 3:
        if levels[1] in SLOTH_DESCRIPTIONS:
            return RuleName(name, "a description of the SLO", "Sloth", period)
        if levels[1] == "sli_error" and last.startswith("ratio_rate"):
            return RuleName(name, "error ratio", "Sloth", period)
    if last.startswith("burnrate") and period:
        return RuleName(name, "error ratio", "Pyrra", period)
    if last.startswith("increase") and period:
        return RuleName(name, "counts", "Pyrra", period)
    words = _words(levels)
    if words & ERROR_WORDS:
        return RuleName(name, "error ratio", "", period)
    if words & GOOD_WORDS:
        return RuleName(name, "good ratio", "", period)
    return RuleName(name, "unknown", "", period)
