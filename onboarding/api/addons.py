"""The read endpoints: addons (list, detail) and an addon's timeline; a `read` token sees
exactly what its user sees in the portal (rules.context.visible)."""

from django.template.defaultfilters import pluralize
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ..models import Addon, TimelineEvent
from ..rules.context import visible
from .auth import require_scope
from .errors import ERRORS, ApiError
from .pagination import Pages
from .schemas import AddonDetail, AddonSummary, EventKind, StateName, TimelineEventOut

router = Router(tags=["addons"])


def only_params(request, *known: str) -> None:
    """A misspelt filter silently ignored would return the wrong data: name it instead."""
    unknown = sorted(set(request.GET) - set(known))
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        allowed = ", ".join(sorted(known)) or "none"
        raise ApiError(
            400,
            f"Unknown query parameter{pluralize(len(unknown))}: {names}. Known: {allowed}.",
            unknown[0],
        )


def _visible(request):
    token = require_scope(request, "read")
    return visible(Addon.objects, token.user).select_related("team")


class AddonFilters(Schema):
    state: StateName | None = None


@router.get("/v1/addons", response={200: list[AddonSummary], **ERRORS}, url_name="addon_list")
@paginate(Pages)
def addon_list(request, filters: Query[AddonFilters]):
    """The addons the token's user may see, by id."""
    only_params(request, "page", "page_size", "state")
    addons = _visible(request).order_by("addon_id")
    if filters.state:
        addons = addons.filter(state=filters.state)
    return addons


def _addon(request, addon_id: str) -> Addon:
    addon = (
        _visible(request)
        .select_related(
            "handover__hand_back",
            "handover__pager_test__triggered_by",
            "handover__shadow_started_by",
        )
        .filter(addon_id=addon_id)
        .first()
    )
    if addon is None:
        raise ApiError(404, "No such addon.", "addon_id")
    return addon


@router.get("/v1/addons/{addon_id}", response={200: AddonDetail, **ERRORS}, url_name="addon_detail")
def addon_detail(request, addon_id: str):
    """One addon with its checklist progress per gate, its SLOs with the verdict the addon
    page shows, who carries its pager and its handover."""
    only_params(request)
    return _addon(request, addon_id)


class TimelineFilters(Schema):
    kind: EventKind | None = None


@router.get(
    "/v1/addons/{addon_id}/timeline",
    response={200: list[TimelineEventOut], **ERRORS},
    url_name="addon_timeline",
)
@paginate(Pages)
def addon_timeline(request, addon_id: str, filters: Query[TimelineFilters]):
    """The addon's audit trail, oldest first."""
    only_params(request, "page", "page_size", "kind")
    events = TimelineEvent.objects.for_addon(_addon(request, addon_id)).order_by("created_at", "pk")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    return events
