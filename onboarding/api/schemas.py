"""The API's request and response bodies, as pydantic models (the OpenAPI document is
generated from them)."""

from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict, StrictInt

from ..bounds import BIGINT_MAX
from ..models import SLO, Stage, State, TimelineEvent
from ..selectors.api import checklist_progress
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
    name: str
    sli_type: Literal[tuple(SLO.SLIType.values)]  # type: ignore[valid-type]
    objective: float
    window_days: int
    review: Literal[tuple(SLO.Review.values)]  # type: ignore[valid-type]
    status: Literal[tuple(SLO.Status.values)] | None  # type: ignore[valid-type]
    last_evaluated_at: datetime | None

    @staticmethod
    def resolve_status(slo) -> str | None:
        return slo.last_status or None


class AddonDetail(AddonSummary):
    checklist: dict[Literal["production", "handover"], GateProgress]
    slos: list[SLOSummary]

    @staticmethod
    def resolve_checklist(addon) -> dict:
        return checklist_progress(addon)

    @staticmethod
    def resolve_slos(addon) -> list:
        return list(addon.slos.order_by("name"))


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
