import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onboarding.models import TimelineEvent
from onboarding.services.timeline import event_record

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _comments(addon, actor, n):
    TimelineEvent.objects.bulk_create(
        TimelineEvent(addon=addon, actor=actor, kind="comment", message=f"note {i}")
        for i in range(n)
    )


def test_owner_sees_every_event_newest_first_with_state_bars(client, make_addon, owner):
    addon = make_addon("accepted")
    event_record(addon=addon, actor=owner, kind="comment", message="Latest remark")
    client.force_login(owner)
    response = client.get(reverse("addon_timeline", args=[addon.addon_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Latest remark") < page.index("submitted the intake")
    assert 'data-testid="state-strip"' in page
    assert 'data-state="submitted"' in page and 'data-state="accepted"' in page


def test_filter_by_kind_and_actor(client, make_addon, owner, architect1):
    addon = make_addon("submitted")
    event_record(addon=addon, actor=architect1, kind="comment", message="Architect comment")
    event_record(addon=addon, actor=owner, kind="comment", message="Owner comment")
    client.force_login(owner)
    url = reverse("addon_timeline", args=[addon.addon_id])
    page = client.get(url, {"kind": "comment", "actor": architect1.pk}).content.decode()
    assert "Architect comment" in page
    assert "Owner comment" not in page
    assert "submitted the intake" not in page


def test_other_teams_timeline_is_404(client, make_addon, owner2):
    addon = make_addon("submitted")
    client.force_login(owner2)
    assert client.get(reverse("addon_timeline", args=[addon.addon_id])).status_code == 404


def test_csv_and_json_exports_contain_every_event(client, make_addon, owner):
    addon = make_addon("assigned")
    _comments(addon, owner, 60)  # more than one page of the HTML view
    expected = set(TimelineEvent.objects.filter(addon=addon).values_list("pk", flat=True))
    client.force_login(owner)
    response = client.get(reverse("addon_timeline_export", args=[addon.addon_id, "csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {int(r["id"]) for r in rows} == expected
    response = client.get(reverse("addon_timeline", args=[addon.addon_id]), {"format": "json"})
    assert {e["id"] for e in json.loads(response.content)["events"]} == expected
    assert response["Content-Disposition"].endswith(f'{addon.addon_id}-timeline.json"')


def test_age_and_time_in_current_state_are_shown(client, addon, owner):
    addon.created_at = timezone.now() - timedelta(days=3, hours=2)
    addon.state_changed_at = timezone.now() - timedelta(days=3, hours=2)
    addon.save()
    client.force_login(owner)
    page = client.get(reverse("addon_timeline", args=[addon.addon_id])).content.decode()
    assert 'data-testid="addon-age">3d 2h<' in page
    assert 'data-testid="time-in-state">3d 2h<' in page


def _count_queries(client, addon):
    url = reverse("addon_timeline", args=[addon.addon_id])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_events(client, make_addon, owner):
    addon = make_addon("assigned")
    client.force_login(owner)
    _comments(addon, owner, 10)
    small = _count_queries(client, addon)
    _comments(addon, owner, 1000)
    assert _count_queries(client, addon) == small
