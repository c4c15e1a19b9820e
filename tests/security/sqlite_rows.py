"""Run as a script (tests/security/test_issue_table.py): the issue's SQLite rows, on SQLite.

Migrates a fresh SQLite database (path in argv[1]), loads the demo data, stores two buckets
of 9e18 events in one SLO (each fits a 64-bit column, their sum does not), then requests the
pages and the push API as the issue did and prints {request: status} as JSON.
"""

import json
import os
import sys
from datetime import UTC, datetime, timedelta

os.environ["DATABASE_URL"] = f"sqlite:///{sys.argv[1]}"
os.environ["DJANGO_DEBUG"] = "1"  # seed_demo sets known passwords only in debug mode
os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in process
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from onboarding.models import SLO, Addon, SLOBucket, State  # noqa: E402
from onboarding.services.api_tokens import token_create  # noqa: E402


def main():
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    addon = Addon.objects.filter(state=State.TRANSITION, slos__isnull=False).first()
    slo = SLO.objects.filter(addon=addon).first()
    hour = datetime.now(tz=UTC).replace(minute=0, second=0, microsecond=0)
    SLOBucket.objects.filter(slo=slo, start__gte=hour - timedelta(hours=2)).delete()
    for h in (1, 2):
        SLOBucket.objects.create(
            slo=slo, start=hour - timedelta(hours=h), good=9 * 10**18, total=9 * 10**18
        )
    results = {}
    pages = {
        "addon page": reverse("addon_detail", args=[addon.addon_id]),
        "SLO page": reverse("addon_slos", args=[addon.addon_id]),
        "timeline ?actor=²": reverse("addon_timeline", args=[addon.addon_id]) + "?actor=²",
        "timeline.json ?actor=²": reverse("addon_timeline_export", args=[addon.addon_id, "json"])
        + "?actor=²",
    }
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.order_by("username"):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for name, url in pages.items():
            results[f"{name} as {user.username}"] = client.get(url).status_code
    _, raw = token_create(addon=addon, by=addon.team.members.first(), label="sqlite")
    push = reverse("api:slo_measurements_push", args=[slo.pk])
    start = (hour - timedelta(hours=5)).isoformat()
    bodies = {
        'good "²"': json.dumps([{"start": start, "good": "²", "total": 1}]),
        "good = total = 10**19": json.dumps([{"start": start, "good": 10**19, "total": 10**19}]),
        "start year 1": json.dumps([{"start": "0001-01-01T00:00:00+01:00", "good": 1, "total": 1}]),
        "start year 9999": json.dumps(
            [{"start": "9999-12-31T23:00:00-01:00", "good": 1, "total": 1}]
        ),
        "100k-deep nesting": "[" * 100000 + "]" * 100000,
    }
    client = Client(raise_request_exception=False)
    for name, body in bodies.items():
        response = client.post(
            push, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
        )
        results[f"push {name}"] = response.status_code
    print(json.dumps(results))


if __name__ == "__main__":
    main()
