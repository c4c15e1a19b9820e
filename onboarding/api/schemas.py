"""The API's request and response bodies, as pydantic models (the OpenAPI document is
generated from them)."""

from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict, StrictInt

from ..bounds import BIGINT_MAX
from ..models import SLO, Handover, Stage, State, TimelineEvent
from ..selectors.api import checklist_progress
from ..selectors.pager import (
    Carrier,
    Step,
    hand_back_of,
    handover_of,
    pager,
    pager_test_of,
    step_due,
)
from ..selectors.slo_evaluation import evaluate
from ..validators import ADDON_ID_RE

StateName = Literal[tuple(State.values)]  # type: ignore[valid-type]
StageName = Literal[tuple(Stage.values)]  # type: ignore[valid-type]
EventKind = Literal[tuple(TimelineEvent.Kind.values)]  # type: ignore[valid-type]
Count = Annotated[StrictInt, Field(ge=0, le=BIGINT_MAX)]


class AddonSummary(Schema):
    id: str = Field(pattern=ADDON_ID_RE)
    name: str
    state: StateName
    stage: StageName
    priority: Literal["P1", "P2", "P3", "P4"] | None
    team: str
    created_at: datetime
    state_changed_at: datetime
    url: str

    @staticmethod
    def resolve_id(addon) -> str:
        return addon.addon_id

    @staticmethod
    def resolve_stage(addon) -> str:
        return str(addon.stage)

    @staticmethod
    def resolve_priority(addon) -> str | None:
        return addon.priority or None

    @staticmethod
    def resolve_team(addon) -> str:
        return addon.team.name

    @staticmethod
    def resolve_url(addon, context) -> str:
        path = reverse("api:addon_detail", args=[addon.addon_id])
        return context["request"].build_absolute_uri(path)


class GateProgress(Schema):
    total: int = Field(ge=0)
    todo: int = Field(ge=0)
    done: int = Field(ge=0)
    verified: int = Field(ge=0)
    waiver_requested: int = Field(ge=0)
    waived: int = Field(ge=0)


class SLOSummary(Schema):
    """An SLO with the verdict the addon page shows (selectors/slo_evaluation.py)."""

    name: str
    sli_type: Literal[tuple(SLO.SLIType.values)]  # type: ignore[valid-type]
    objective: float
    window_days: int
    review: Literal[tuple(SLO.Review.values)]  # type: ignore[valid-type]
    status: Literal[tuple(SLO.Status.values)]  # type: ignore[valid-type]
    compliance: float | None = Field(description="good / total over the window, 0–1.")
    coverage: float = Field(description="The share of the window's hours with data, 0–1.")
    window_end: datetime = Field(description="The end of the last collected hour.")


class PagerOut(Schema):
    """Who carries the addon's pager now: the fact every page says (selectors/pager.py)."""

    carrier: Literal[tuple(Carrier.values)]  # type: ignore[valid-type]
    label: str
    handed_over: bool = Field(description="Merged and verified: Addon SRE carries it.")
    policy: str = Field(description="The escalation policy addon.yaml names.")
    sentence: str


class HandBackOut(Schema):
    """The pager handed back to the owners: the reverse merge request."""

    status: Literal[tuple(Handover.Status.values)]  # type: ignore[valid-type]
    escalation_policy: str = Field(description="The owners' policy it restores.")
    reason: str
    requested_by: str
    branch: str
    commit: str
    last_error: str
    requested_at: datetime | None
    completed_at: datetime | None

    @staticmethod
    def resolve_escalation_policy(hand_back) -> str:
        return hand_back.escalation_policy_id

    @staticmethod
    def resolve_requested_by(hand_back) -> str:
        return hand_back.requested_by.get_username()

    @staticmethod
    def resolve_commit(hand_back) -> str:
        return hand_back.commit_sha


class PagerTestOut(Schema):
    """The handover's first step: a test incident on Addon SRE's policy and who acknowledged it."""

    incident: str = Field(description="PagerDuty's incident id.")
    incident_number: int | None
    escalation_policy: str
    triggered_by: str
    triggered_at: datetime
    acknowledged: bool
    acknowledged_by: str = Field(description="The PagerDuty user's name, as PagerDuty gives it.")
    acknowledged_by_id: str = Field(description="The PagerDuty user's id.")
    acknowledged_at: datetime | None

    @staticmethod
    def resolve_incident(test) -> str:
        return test.incident_id

    @staticmethod
    def resolve_escalation_policy(test) -> str:
        return test.escalation_policy_id

    @staticmethod
    def resolve_triggered_by(test) -> str:
        return test.triggered_by.get_username()


class ShadowOut(Schema):
    """The handover's second step: Addon SRE paged alongside the owners for `days` (frozen
    from HANDOVER_SHADOW_DAYS when the assigned lead started it)."""

    days: int
    started_by: str
    started_at: datetime
    ends_at: datetime
    ended: bool

    @staticmethod
    def resolve_days(handover) -> int:
        return handover.shadow_days

    @staticmethod
    def resolve_started_by(handover) -> str:
        return handover.shadow_started_by.get_username()

    @staticmethod
    def resolve_started_at(handover) -> datetime:
        return handover.shadow_started_at

    @staticmethod
    def resolve_ends_at(handover) -> datetime:
        return handover.shadow_ends_at

    @staticmethod
    def resolve_ended(handover) -> bool:
        return handover.shadow_ended(timezone.now())


class HandoverOut(Schema):
    """The pager handover, once complete_transition created it: its steps (pager test, shadow;
    `step` names the one due while it waits on them), then its merge request."""

    status: Literal[tuple(Handover.Status.values)]  # type: ignore[valid-type]
    step: Literal[tuple(Step.values)] | None = Field(  # type: ignore[valid-type]
        description="The step due before the merge request: pager_test, shadow, shadowing, "
        "push; null once the merge request is pushed."
    )
    escalation_policy: str
    branch: str
    commit: str
    attempts: int
    last_error: str
    verification: Literal[tuple(Handover.Verification.values)]  # type: ignore[valid-type]
    verification_detail: str
    requested_at: datetime | None
    completed_at: datetime | None
    verified_at: datetime | None
    pager_test: PagerTestOut | None
    shadow: ShadowOut | None
    hand_back: HandBackOut | None

    @staticmethod
    def resolve_step(handover):
        return step_due(handover)

    @staticmethod
    def resolve_shadow(handover):
        return handover if handover.shadow_started_at else None

    @staticmethod
    def resolve_pager_test(handover):
        return pager_test_of(handover)

    @staticmethod
    def resolve_hand_back(handover):
        return hand_back_of(handover)

    @staticmethod
    def resolve_escalation_policy(handover) -> str:
        return handover.escalation_policy_id

    @staticmethod
    def resolve_commit(handover) -> str:
        return handover.commit_sha


class AddonDetail(AddonSummary):
    checklist: dict[Literal["production", "handover"], GateProgress]
    slos: list[SLOSummary]
    pager: PagerOut
    handover: HandoverOut | None

    @staticmethod
    def resolve_checklist(addon) -> dict:
        return checklist_progress(addon)

    @staticmethod
    def resolve_slos(addon) -> list:
        return [
            {
                "name": r.slo.name,
                "sli_type": r.slo.sli_type,
                "objective": r.slo.objective,
                "window_days": r.slo.window_days,
                "review": r.slo.review,
                "status": r.status,
                "compliance": r.compliance,
                "coverage": r.coverage,
                "window_end": r.window_end,
            }
            for r in evaluate(addon.slos.order_by("name"))
        ]

    @staticmethod
    def resolve_pager(addon) -> dict:
        fact = pager(addon)
        return {
            "carrier": fact.carrier,
            "label": fact.label,
            "handed_over": fact.handed_over,
            "policy": fact.policy,
            "sentence": fact.sentence,
        }

    @staticmethod
    def resolve_handover(addon):
        return handover_of(addon)


class TimelineEventOut(Schema):
    id: int
    created_at: datetime
    actor: str = Field(description='The username, or "system".')
    kind: EventKind
    from_state: str
    to_state: str
    message: str
    payload: dict

    @staticmethod
    def resolve_actor(event) -> str:
        return event.actor.get_username() if event.actor else "system"


class MeasurementIn(Schema):
    """One hour of an SLO: good and total events from `start` (on the hour, with its time
    zone, from 2000 on and not in the future) to one hour later."""

    model_config = ConfigDict(extra="forbid")

    start: AwareDatetime
    good: Count
    total: Count


class PushOut(Schema):
    stored: int = Field(description="Hours written (added, replaced or unchanged).")
    added: int
    replaced: int
