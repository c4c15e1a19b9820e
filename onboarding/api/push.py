"""The push endpoint: an addon's automation posts hourly buckets with a `push` token."""

from typing import Annotated

from ninja import Body, Field, Router

from ..models import SLO
from ..rules import slos as slo_rules
from ..services.slo_measurements import (
    BadMeasurements,
    PushClosed,
    measurements_parse,
    measurements_push,
    push_earliest,
)
from .auth import require_scope
from .errors import ERRORS, ApiError
from .schemas import MeasurementIn, PushOut

MAX_ROWS = 2000
Rows = Annotated[list[MeasurementIn], Field(min_length=1, max_length=MAX_ROWS)]
router = Router(tags=["SLO push"])


@router.post(
    "/slos/{slo_id}/measurements",
    response={200: PushOut, **ERRORS},
    url_name="slo_measurements_push",
)
def slo_measurements_push(
    request,
    slo_id: int,
    rows: Body[Rows],
):
    """Store up to 2,000 hours of one SLO of the token's addon: all of them or none.

    A bucket pushed again replaces the stored one (its old values are kept as history), so a
    retry never double-counts; a push that changed stored data is one event on the addon's
    timeline. Refused once the addon is transitioned or withdrawn.
    """
    token = require_scope(request, "push")
    slo = SLO.objects.filter(pk=slo_id).select_related("addon").first()
    if slo is None or slo.addon_id != token.addon_id:
        raise ApiError(404, f"Unknown SLO {slo_id} for this token's addon.", "slo_id")
    if not slo_rules.push.permits_role(token, slo):
        raise ApiError(403, slo_rules.push.why_not(token, slo), "Authorization")
    try:
        measurements = measurements_parse(
            [row.model_dump(mode="json") for row in rows], earliest=push_earliest(slo.addon)
        )
        stored = measurements_push(slo=slo, token=token, measurements=measurements)
    except BadMeasurements as exc:
        raise ApiError(400, str(exc), exc.where) from exc
    except PushClosed as exc:
        raise ApiError(403, str(exc), "Authorization") from exc
    return {"stored": stored.written, "added": stored.added, "replaced": stored.replaced}
