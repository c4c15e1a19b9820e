import csv
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import bounds, csv_safe
from ..models import TimelineEvent
from ..rules.context import AddonContext
from ..selectors.durations import addon_segments
from ..selectors.state_strip import strip_bars, strip_legend
from ..selectors.timeline_story import story_page_rows, story_rows

EXPORT_FIELDS = [
    "id",
    "created_at",
    "actor",
    "kind",
    "from_state",
    "to_state",
    "message",
    "payload",
]


def _filtered(request, addon):
    events = TimelineEvent.objects.for_addon(addon)
    kind = request.GET.get("kind", "")
    if kind in TimelineEvent.Kind.values:
        events = events.filter(kind=kind)
    actor = request.GET.get("actor", "")
    if actor == "system":
        events = events.filter(actor__isnull=True)
    elif actor:
        # ASCII digits only: "²".isdigit() is true and int("²") raises.
        try:
            events = events.filter(actor_id=bounds.whole_number(actor, field="actor"))
        except bounds.OutOfBounds:
            events, actor = events.none(), ""
    return events, kind, actor


def _row(event) -> dict:
    return {
        "id": event.pk,
        "created_at": event.created_at.isoformat(),
        "actor": event.actor.get_username() if event.actor else "system",
        "kind": event.kind,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "message": event.message,
        "payload": event.payload,
    }


class _Echo:
    def write(self, value):
        return value


def _export(addon, events, fmt):
    filename = f"{addon.addon_id}-timeline.{fmt}"
    if fmt == "json":
        rows = [_row(e) for e in events.iterator(chunk_size=500)]
        response = HttpResponse(
            json.dumps({"addon": addon.addon_id, "events": rows}, cls=DjangoJSONEncoder, indent=1),
            content_type="application/json",
        )
    else:
        writer = csv.writer(_Echo())

        def lines():
            yield writer.writerow(EXPORT_FIELDS)
            for event in events.iterator(chunk_size=500):
                row = _row(event)
                row["payload"] = json.dumps(row["payload"], cls=DjangoJSONEncoder)
                yield writer.writerow(csv_safe.row(row[f] for f in EXPORT_FIELDS))

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _toggle(query, folded) -> str:
    """The filters as they are, with checklist moves listed (or folded again)."""
    query = query.copy()
    query.pop("show", None)
    if folded:
        query["show"] = "all"
    return query.urlencode()


@login_required
def addon_timeline(request, addon_id, fmt=None):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    events, kind, actor = _filtered(request, addon)
    fmt = fmt or request.GET.get("format")
    if fmt:
        if fmt not in ("csv", "json"):
            raise Http404("No such export format.")
        return _export(addon, events, fmt)
    now = timezone.now()
    segments = addon_segments(addon, now=now)
    actor_ids = TimelineEvent.objects.filter(addon=addon, actor__isnull=False).values("actor_id")
    # The story by default: checklist moves folded per day, unless asked for a kind or for all.
    folded = not kind and request.GET.get("show") != "all"
    page = Paginator(story_rows(events) if folded else events, 50).get_page(request.GET.get("page"))
    if folded:
        page.object_list = story_page_rows(events, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "onboarding/timeline.html",
        {
            "addon": addon,
            "ctx": ctx,
            "page": page,
            "folded": folded,
            "query": query.urlencode(),
            "toggle_query": _toggle(query, folded),
            "kinds": TimelineEvent.Kind.choices,
            "actors": get_user_model()
            .objects.filter(pk__in=actor_ids)
            .order_by("first_name", "last_name", "username"),
            "kind": kind,
            "actor": actor,
            "bars": strip_bars(segments),
            "legend": strip_legend(segments),
            "age": now - addon.created_at,
            "in_state": now - addon.state_changed_at,
        },
    )
