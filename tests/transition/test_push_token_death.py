"""A push token dies with its user's right to upload the addon's data, checked on each push
through the upload page's own rule; and a push names its bad hours in the README's shape."""

import pytest
from django.contrib.auth.models import Group

from onboarding.models import SLOBucket
from onboarding.rules.roles import Role

from .test_push_api import post, pushed, row  # noqa: F401 - `pushed` is a fixture

pytestmark = pytest.mark.django_db


def test_the_token_works_while_its_user_may_upload(pushed):  # noqa: F811
    slo, raw = pushed
    assert post(slo.pk, [row(0)], raw).status_code == 200


def test_a_token_is_refused_once_its_user_is_deactivated(pushed, owner):  # noqa: F811
    slo, raw = pushed
    owner.is_active = False
    owner.save()
    response = post(slo.pk, [row(0)], raw)
    assert response.status_code == 401
    assert not SLOBucket.objects.filter(slo=slo).exists()


def test_a_token_is_refused_once_its_user_leaves_the_addons_team(pushed, owner):  # noqa: F811
    slo, raw = pushed
    slo.addon.team.members.remove(owner)
    response = post(slo.pk, [row(0)], raw)
    assert response.status_code == 403
    assert "may no longer upload this addon's SLO data" in response.json()["detail"]
    assert not SLOBucket.objects.filter(slo=slo).exists()


def test_a_token_is_refused_once_its_user_loses_the_owner_role(pushed, owner):  # noqa: F811
    slo, raw = pushed
    owner.groups.remove(Group.objects.get(name=Role.OWNER))
    assert post(slo.pk, [row(0)], raw).status_code == 403
    assert not SLOBucket.objects.filter(slo=slo).exists()


@pytest.mark.parametrize("start", ["2001-01-01T00:00:00Z", "1999-12-31T23:00:00+00:00"])
def test_hours_long_before_the_transition_window_are_refused_as_sent(pushed, start):  # noqa: F811
    slo, raw = pushed
    response = post(slo.pk, [row(0), row(start=start)], raw)
    assert response.status_code == 400
    error = response.json()
    assert error["field"] == "rows[1].start"
    assert error["detail"].startswith("rows[1].start: ")
    assert "datetime.datetime" not in error["detail"]
    assert not SLOBucket.objects.filter(slo=slo).exists()


def test_an_hour_before_the_window_says_the_window(pushed):  # noqa: F811
    slo, raw = pushed
    response = post(slo.pk, [row(start="2001-01-01T00:00:00Z")], raw)
    assert response.json()["detail"].startswith(
        'rows[0].start: "2001-01-01T00:00:00Z" is before the addon\'s transition window'
    )


def test_the_rows_are_counted_from_zero_in_every_error(pushed):  # noqa: F811
    slo, raw = pushed
    response = post(slo.pk, [row(0), row(1, good=11, total=10)], raw)
    assert response.json() == {
        "detail": "rows[1].good: 11 is greater than total (10).",
        "field": "rows[1].good",
    }
