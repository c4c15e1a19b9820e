"""Property tests: arbitrary input at the intake form and the push API never gives a 500.

Each example runs in a savepoint that is rolled back, so examples do not see each other's data.
Either the input is refused with a message naming what is wrong, or it is stored and valid.
"""

import json
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onboarding.forms.intake import INTAKE_FIELDS
from onboarding.models import Addon, SLOBucket, State
from onboarding.services.api_tokens import token_create

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI repeats what a developer saw
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True),
)
scalars = st.one_of(
    st.text(max_size=300),
    numbers.map(str),
    st.sampled_from(["", " ", "\x00", "true", "OwnNamespace", "stable", "2026-02-30", "https://"]),
)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


@SETTINGS
@given(values=st.fixed_dictionaries({}, optional=dict.fromkeys(INTAKE_FIELDS, scalars)))
def test_intake_form_stores_a_valid_addon_or_names_the_problem(owner_client, owner_team, values):
    data = {"addon_id": "fuzz", "name": "Fuzz", "team": str(owner_team.pk), **values}
    with rolled_back():
        before = Addon.objects.count()
        response = owner_client.post(reverse("intake_new"), data)
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            form = response.context["form"]
            assert form.errors
            assert "please correct the fields below" in response.content.decode()
            # Counted, not looked up: a refused id may hold bytes no query can carry (NUL).
            assert Addon.objects.count() == before
        else:
            addon = Addon.objects.get(addon_id=data["addon_id"])
            addon.full_clean()
            assert response["Location"] == addon.get_absolute_url()


@pytest.fixture
def push(make_addon, owner):
    addon = make_addon(State.TRANSITION)
    slo = addon.slos.first()
    _, raw = token_create(addon=addon, by=owner, label="fuzz")
    client = Client()

    def send(body: bytes):
        return client.post(
            reverse("api:slo_measurements_push", args=[slo.pk]),
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )

    return slo, send


json_numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
)
json_values = st.recursive(
    st.none() | st.booleans() | json_numbers | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
starts = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes(max_value=datetime(2026, 1, 1), timezones=st.just(UTC)).map(
        lambda d: d.replace(minute=0, second=0, microsecond=0).isoformat()
    ),
    st.text(max_size=30),
    st.sampled_from(["2026-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z"]),
)
rows = st.lists(
    st.fixed_dictionaries(
        {
            "start": starts,
            "good": st.one_of(json_numbers, st.text(max_size=12)),
            "total": json_numbers,
        }
    ),
    max_size=5,
)


@SETTINGS
@given(body=st.one_of(rows, json_values).map(json.dumps) | st.binary(max_size=200).map(repr))
def test_push_api_stores_valid_buckets_or_names_the_problem(push, body):
    slo, send = push
    with rolled_back():
        before = SLOBucket.objects.filter(slo=slo).count()
        response = send(body.encode() if isinstance(body, str) else body)
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            assert response.json()["detail"]
            assert SLOBucket.objects.filter(slo=slo).count() == before
        else:
            stored = json.loads(body)
            assert response.json()["stored"] == len(stored)
            for bucket in SLOBucket.objects.filter(slo=slo):
                bucket.full_clean()
                assert 0 <= bucket.good <= bucket.total


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_push_api_answers_undecodable_bodies_with_400(push, raw):
    _, send = push
    with rolled_back():
        response = send(raw)
        assert response.status_code in (200, 400)
        assert response.json()


# Valid hours lie in the addon's transition window (opened by the fixture just now, with the
# push's day of grace before it) and not in the future.
LAST_HOUR = datetime.now(tz=UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
valid_rows = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=20).map(lambda k: LAST_HOUR - timedelta(hours=k)),
        st.integers(min_value=0, max_value=2**62),
        st.integers(min_value=0, max_value=2**62),
    ).map(
        lambda t: {
            "start": t[0].isoformat(),
            "good": min(t[1], t[2]),
            "total": max(t[1], t[2]),
        }
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda row: row["start"],
)


@SETTINGS
@given(body=valid_rows)
def test_push_api_stores_every_valid_bucket_exactly(push, body):
    slo, send = push
    with rolled_back():
        response = send(json.dumps(body).encode())
        assert response.status_code == 200
        assert response.json()["stored"] == len(body)
        for row in body:
            bucket = SLOBucket.objects.get(slo=slo, start=datetime.fromisoformat(row["start"]))
            assert (bucket.good, bucket.total) == (row["good"], row["total"])


@pytest.mark.parametrize(
    "start", ["2026-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z"]
)
def test_push_api_names_an_impossible_date_instead_of_failing(push, start):
    _, send = push
    response = send(json.dumps([{"start": start, "good": 1, "total": 1}]).encode())
    assert response.status_code == 400
    error = response.json()
    assert error["field"] == "rows[0].start"
    assert error["detail"].startswith("rows[0].start: Input should be a valid datetime")
