"""The push API: bearer token per addon, 400 + JSON error naming the problem, nothing stored."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from onboarding.models import ApiToken, SLOBucket, State, TimelineEvent
from onboarding.services.api_tokens import token_create, token_revoke

from .conftest import make_slo

HOUR = (datetime.now(tz=UTC) - timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def pushed(addon, owner):
    slo = make_slo(addon, name="pushed")
    _, raw = token_create(addon=addon, by=owner, label="exporter")
    return slo, raw


def post(slo_id, body, raw, client=None):
    client = client or Client(enforce_csrf_checks=True)
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(
        reverse("api:slo_measurements_push", args=[slo_id]),
        data=data,
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


def row(hours_ago=0, good=9, total=10, start=None):
    start = start or (HOUR - timedelta(hours=hours_ago)).isoformat()
    return {"start": start, "good": good, "total": total}


def test_token_is_stored_only_as_its_sha256(pushed):
    slo, raw = pushed
    token = ApiToken.objects.get()
    assert raw not in (token.token_hash, token.prefix + token.token_hash)
    assert len(token.token_hash) == 64 and raw.startswith(token.prefix)


def test_push_stores_buckets_and_pushing_again_replaces_them(pushed):
    slo, raw = pushed
    response = post(slo.pk, [row(0), row(1)], raw)
    assert response.status_code == 200, response.content
    assert response.json() == {"stored": 2, "added": 2, "replaced": 0}
    assert post(slo.pk, [row(0, good=5)], raw).status_code == 200
    buckets = dict(SLOBucket.objects.filter(slo=slo).values_list("start", "good"))
    assert buckets == {HOUR: 5, HOUR - timedelta(hours=1): 9}


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ([row(0), row(1, good=11, total=10)], "rows[1].good: 11 is greater than total (10)"),
        ([row(0), row(1, good=-1)], "rows[1].good: Input should be greater than or equal to 0"),
        ([row(0, total=-5, good=0)], "rows[0].total: Input should be greater than or equal to 0"),
        ([row(start="yesterday")], "rows[0].start: Input should be a valid datetime"),
        ([row(start="2026-01-01T10:30:00Z")], "must be on the hour"),
        ([row(start="2026-01-01T10:00:00")], "rows[0].start: Input should have timezone info"),
        ([row(start="2999-01-01T10:00:00Z")], "in the future"),
        ([row(0), row(0)], "appears twice"),
        ([row(0, good="many")], "rows[0].good: Input should be a valid integer"),
        ([row(h % 2000) for h in range(2001)], "rows: List should have at most 2000 items"),
        ("{not json", "not valid JSON"),
        ({"start": "x"}, "rows: Input should be a valid list"),
        ([], "rows: List should have at least 1 item"),
        ([{"start": HOUR.isoformat(), "good": 1}], "rows[0].total: Field required"),
    ],
)
def test_bad_input_is_refused_with_400_naming_the_problem_and_stores_nothing(pushed, body, needle):
    slo, raw = pushed
    response = post(slo.pk, body, raw)
    assert response.status_code == 400
    assert needle in response.json()["detail"], response.json()
    assert not SLOBucket.objects.filter(slo=slo).exists()


def test_unknown_slo_is_refused(pushed):
    slo, raw = pushed
    response = post(slo.pk + 999, [row(0)], raw)
    assert response.status_code == 404
    assert "Unknown SLO" in response.json()["detail"]


def test_slo_of_another_addon_is_refused_as_unknown(pushed, make_addon, owner_team):
    _, raw = pushed
    from tests.factories import AddonFactory

    other = make_slo(AddonFactory(team=owner_team), name="theirs")
    response = post(other.pk, [row(0)], raw)
    assert response.status_code == 404
    assert "Unknown SLO" in response.json()["detail"]
    assert not SLOBucket.objects.exists()


def test_revoked_and_wrong_tokens_are_refused(pushed, owner):
    slo, raw = pushed
    assert post(slo.pk, [row(0)], "slo_wrong").status_code == 401
    token_revoke(token=ApiToken.objects.get(), by=owner)
    response = post(slo.pk, [row(0)], raw)
    assert response.status_code == 401
    assert not SLOBucket.objects.exists()
    assert TimelineEvent.objects.filter(kind="token").count() == 2


def test_owner_creates_a_token_on_the_slo_page_and_sees_it_once(client, addon, owner):
    make_slo(addon)
    client.force_login(owner)
    response = client.post(reverse("token_new", args=[addon.addon_id]), {"label": "ci"})
    raw = response.context["new_token"]
    assert raw in response.content.decode()
    page = client.get(reverse("addon_slos", args=[addon.addon_id])).content.decode()
    assert raw not in page and raw[:8] in page


def test_architect_cannot_create_tokens(client, addon, architect1):
    client.force_login(architect1)
    response = client.post(reverse("token_new", args=[addon.addon_id]), {"label": "ci"})
    assert response.status_code == 403


def test_csv_upload_stores_rows_and_names_the_bad_line(client, make_addon, owner):
    addon = make_addon(State.ONBOARDING)
    slo = make_slo(addon, name="csv")
    client.force_login(owner)
    url = reverse("slo_upload", args=[addon.addon_id, slo.pk])
    bad = f"start,good,total\n{HOUR.isoformat()},9,10\n\n{HOUR.isoformat()[:-6]}Z,11,10\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("d.csv", bad.encode())})
    assert response.status_code == 400
    assert "line 4, good: 11 is greater than total (10)" in response.content.decode()
    assert not SLOBucket.objects.filter(slo=slo).exists()
    good = f"start,good,total\n{HOUR.isoformat()},9,10\n"
    response = client.post(url, {"file": SimpleUploadedFile("d.csv", good.encode())})
    assert response.status_code == 302
    assert SLOBucket.objects.get(slo=slo).good == 9


def test_csv_upload_is_recorded_on_the_timeline(client, make_addon, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    addon = make_addon(State.ONBOARDING)
    slo = make_slo(addon, name="csv")
    client.force_login(owner)
    url = reverse("slo_upload", args=[addon.addon_id, slo.pk])
    rows = f"start,good,total\n{HOUR.isoformat()},9,10\n"
    client.post(url, {"file": SimpleUploadedFile("d.csv", rows.encode())})
    event = addon.events.get(kind="slo", payload__action="upload")
    assert event.actor == owner
    assert event.message == (
        "SLO csv: 1 hour of data uploaded from a CSV file (1 added, 0 replaced)."
    )


def test_each_token_is_refused_where_its_scope_does_not_reach_with_what_it_needs(pushed, owner):
    slo, push_raw = pushed
    read = Client().get("/api/v1/addons", headers={"Authorization": f"Bearer {push_raw}"})
    assert read.status_code == 403
    assert f"scope is push:{slo.addon.addon_id}" in read.content.decode()
    assert "this endpoint needs read." in read.content.decode()
    _, read_raw = ApiToken.issue(user=owner, label="reader")
    pushed_with_read = post(slo.pk, [row(0)], read_raw)
    assert pushed_with_read.status_code == 403
    assert (
        "scope is read; this endpoint needs push:<addon id>." in pushed_with_read.content.decode()
    )
    assert not SLOBucket.objects.exists()
