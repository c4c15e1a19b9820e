"""The read-only JSON API (v1) for automation: `Authorization: Bearer <user API token>`.

A token sees exactly what its user sees in the portal (Addon.objects.for_user). The shapes
here are described by onboarding/api_schema.py, served at /api/v1/openapi.json.
"""

from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from ..api_schema import MAX_PAGE_SIZE, openapi_document
from ..models import Addon, ChecklistItem, Gate, State, UserApiToken

DEFAULT_PAGE_SIZE = 25


def _error(status: int, detail: str, **headers) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def token_required(view):
    """Authenticate by bearer token only: no session, so no CSRF or cookie surprises."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        token = UserApiToken.objects.authenticate(raw.strip()) if scheme == "Bearer" else None
        if token is None:
            return _error(401, "A valid API token is required.", **{"WWW-Authenticate": "Bearer"})
        token.mark_used()
        request.user = token.user
        return view(request, *args, **kwargs)

    return wrapped


LIST_PARAMS = {"page", "page_size", "state"}


def _unknown_params(request, allowed=frozenset()) -> str | None:
    """A misspelt filter silently ignored would return the wrong data: name it instead."""
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        known = ", ".join(sorted(allowed)) or "none"
        return f"Unknown query parameter(s): {names}. Known: {known}."
    return None


def _int_param(request, name: str, default: int, maximum: int | None = None) -> int:
    value = request.GET.get(name, str(default))
    if not value.isdigit() or int(value) < 1 or (maximum and int(value) > maximum):
        upper = f" and at most {maximum}" if maximum else ""
        raise ValueError(f"{name} must be a whole number of at least 1{upper}.")
    return int(value)


def _addon_summary(request, addon: Addon) -> dict:
    return {
        "id": addon.addon_id,
        "name": addon.name,
        "state": addon.state,
        "stage": str(addon.stage),
        "priority": addon.priority or None,
        "team": addon.team.name,
        "created_at": addon.created_at,
        "state_changed_at": addon.state_changed_at,
        "url": request.build_absolute_uri(reverse("api_addon_detail", args=[addon.addon_id])),
    }


@require_GET
@token_required
def addon_list(request):
    if unknown := _unknown_params(request, LIST_PARAMS):
        return _error(400, unknown)
    try:
        page_number = _int_param(request, "page", 1)
        page_size = _int_param(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    except ValueError as exc:
        return _error(400, str(exc))
    addons = Addon.objects.for_user(request.user).select_related("team").order_by("addon_id")
    state = request.GET.get("state")
    if state is not None:
        if state not in State.values:
            return _error(400, f"state must be one of: {', '.join(State.values)}.")
        addons = addons.filter(state=state)
    paginator = Paginator(addons, page_size)
    if page_number > max(paginator.num_pages, 1):
        return _error(404, f"There are {paginator.num_pages} page(s).")
    page = paginator.page(page_number)

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "page": page_number,
            "page_size": page_size,
            "num_pages": paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [_addon_summary(request, addon) for addon in page],
        }
    )


def _checklist_progress(addon: Addon) -> dict:
    rows = (
        ChecklistItem.objects.filter(addon=addon)
        .order_by()
        .values("gate", "status")
        .annotate(n=Count("pk"))
    )
    progress = {
        gate: {"total": 0, **dict.fromkeys(ChecklistItem.Status.values, 0)} for gate in Gate.values
    }
    for row in rows:
        progress[row["gate"]][row["status"]] += row["n"]
        progress[row["gate"]]["total"] += row["n"]
    return progress


@require_GET
@token_required
def addon_detail(request, addon_id: str):
    if unknown := _unknown_params(request):
        return _error(400, unknown)
    addon = Addon.objects.for_user(request.user).select_related("team").filter(addon_id=addon_id)
    addon = addon.first()
    if addon is None:
        return _error(404, "No such addon.")
    body = _addon_summary(request, addon)
    body["checklist"] = _checklist_progress(addon)
    body["slos"] = [
        {
            "name": slo.name,
            "sli_type": slo.sli_type,
            "objective": float(slo.objective),
            "window_days": slo.window_days,
            "review": slo.review,
            "status": slo.last_status or None,
            "last_evaluated_at": slo.last_evaluated_at,
        }
        for slo in addon.slos.order_by("name")
    ]
    return JsonResponse(body)


@require_GET
def openapi(request):
    return JsonResponse(openapi_document(server_url=request.build_absolute_uri("/")))
