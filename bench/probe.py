"""In-process measurements of one database, printed as JSON (run by bench/run.py per database).

- the pages the bench drives and who drives them, found in the data (so the same pages are
  chosen in the demo data and in the large data);
- each page's SQL query count, through the test Client and CaptureQueriesContext;
- with --timings: the SLO evaluation of every SLO and the dashboard's aggregates.

    DATABASE_URL=... BENCH_FLOOR=1 .venv/bin/python bench/probe.py [--timings]
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from onboarding.models import SLO, Addon, ChecklistItem, PortalSettings, State  # noqa: E402
from onboarding.selectors import dashboard as figures  # noqa: E402
from onboarding.selectors.lead_times import lead_times  # noqa: E402
from onboarding.selectors.slo_evaluation import evaluate  # noqa: E402

POST_ITEMS = 64


def _first(queryset):
    found = queryset.order_by("pk").first()
    if found is None:
        raise SystemExit(f"bench: no addon for {queryset.query}")
    return found


def targets() -> dict:
    """Addon ids, items and URLs of the measured pages, chosen the same way at any size."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}
    owner, sre = users["owner"], users["sre"]
    detail = _first(
        Addon.objects.filter(team__members=owner, state=State.TRANSITION)
        .annotate(n=Count("slos"))
        .filter(n__gt=0)
    )
    checklist = _first(
        Addon.objects.filter(state=State.ONBOARDING, engineers=sre)
        .annotate(n=Count("checklist_items"))
        .filter(n__gt=0)
    )
    slo_addon = _first(
        Addon.objects.filter(state=State.TRANSITION).annotate(n=Count("slos")).filter(n__gt=0)
    )
    items = list(
        ChecklistItem.objects.filter(
            addon__state=State.ONBOARDING,
            addon__engineers=sre,
            side="sre",
            evidence_required=False,
            status=ChecklistItem.Status.TO_DO,
        )
        .order_by("addon_id", "position")
        .values_list("addon__addon_id", "pk")[:POST_ITEMS]
    )
    if not items:
        raise SystemExit("bench: no SRE-side open checklist item to post to")
    return {
        "pages": {
            "floor": ["owner", "/bench/floor/"],
            "home": ["sre", reverse("home")],
            "addon_list": ["manager", reverse("addon_list")],
            "review_queue": ["architect1", reverse("review_queue")],
            "addon_detail": ["owner", reverse("addon_detail", args=[detail.addon_id])],
            "checklist": ["sre", reverse("checklist", args=[checklist.addon_id])],
            "timeline": ["owner", reverse("addon_timeline", args=[detail.addon_id])],
            "slo_page": ["sre", reverse("addon_slos", args=[slo_addon.addon_id])],
            "dashboard": ["manager", reverse("dashboard")],
            "admin_changelist": ["manager", "/admin/onboarding/addon/"],
        },
        "post": {
            "persona": "sre",
            "items": [
                [
                    # As the page posts them: mark done through the page's one "mark done"
                    # form (the item in the request), reopen from the item's panel.
                    reverse("checklist_action", args=[a, "mark_done"]),
                    reverse("checklist_item_action", args=[a, pk, "reopen"]),
                    pk,
                ]
                for a, pk in items
            ],
        },
    }


PERSONAS = ["owner", "owner2", "architect1", "lead", "sre", "manager"]


def _count(client, method, url, *args, **extra) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, *args, **extra)
    return len(queries), response.status_code


def query_counts(found: dict) -> dict:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}
    clients = {}
    counts = {}
    for name, (persona, url) in found["pages"].items():
        if persona not in clients:
            clients[persona] = Client()
            clients[persona].force_login(users[persona])
        client = clients[persona]
        client.get(url)  # the first request of a session may warm caches; count the second
        counts[name], status = _count(client, "get", url)
        if status != 200:
            raise SystemExit(f"bench: {name} {url} answered {status}")
    client = clients.get("sre") or Client()
    client.force_login(users["sre"])
    done_url, reopen_url, pk = found["post"]["items"][0]
    done, status = _count(client, "post", done_url, {"item": pk}, headers={"HX-Request": "true"})
    reopen, status2 = _count(
        client, "post", reopen_url, {"reason": "bench"}, headers={"HX-Request": "true"}
    )
    if (status, status2) != (200, 200):
        raise SystemExit(f"bench: checklist POST answered {status}/{status2}")
    counts["checklist_post"] = max(done, reopen)
    return counts


def _best(fn, repeat=3) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def dashboard_aggregates():
    settings = PortalSettings.load()
    figures.counts_by_state()
    figures.review_queue_aging(settings=settings)
    figures.load_per_team()
    figures.load_per_engineer()
    figures.monthly_throughput()
    list(figures.stuck_addons(settings=settings))
    lead_times(days=90)
    lead_times(days=365)


def timings() -> dict:
    slos = list(SLO.objects.all())
    return {
        "slo_count": len(slos),
        "slo_evaluation_s": _best(lambda: evaluate(slos)),
        "dashboard_aggregates_s": _best(dashboard_aggregates),
    }


def main() -> None:
    found = targets()
    result = {"targets": found, "queries": query_counts(found)}
    if "--timings" in sys.argv:
        result["timings"] = timings()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
