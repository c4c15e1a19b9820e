"""The review queue: oldest first, filters, counts in SQL, the nav's count; the assignment page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Addon, SignOff, State
from tests.factories import AddonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _submitted(team, n, *, days_ago=1, prefix="q"):
    """n submitted addons, created in bulk: the queue reads them, no step is needed."""
    when = timezone.now() - timedelta(days=days_ago)
    addons = [
        AddonFactory.build(
            team=team,
            addon_id=f"{prefix}-{i}",
            name=f"{prefix} {i}",
            state=State.SUBMITTED,
            state_changed_at=when - timedelta(minutes=i),
        )
        for i in range(n)
    ]
    return Addon.objects.bulk_create(addons)


def _rows(response):
    return [a.addon_id for a in response.context["page"].object_list]


def test_queue_query_count_does_not_grow_with_the_queue(client, owner_team, architect1, architect2):
    client.force_login(architect1)
    small = _submitted(owner_team, 5, prefix="small")
    SignOff.objects.create(addon=small[0], architect=architect2, intake_revision=1)
    client.get(reverse("review_queue"))  # warm the session and settings row
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("review_queue")).status_code == 200
    big = _submitted(owner_team, 195, prefix="big")
    SignOff.objects.bulk_create(
        SignOff(addon=a, architect=architect2, intake_revision=1) for a in big[:50]
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("review_queue"))
    assert response.context["page"].paginator.count == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_queue_lists_oldest_first_with_signoffs_and_sla_flag(
    client, owner_team, architect1, architect2, architect3
):
    old = _submitted(owner_team, 1, days_ago=9, prefix="old")[0]
    new = _submitted(owner_team, 1, days_ago=1, prefix="new")[0]
    SignOff.objects.create(addon=new, architect=architect1, intake_revision=1)
    SignOff.objects.create(addon=new, architect=architect2, intake_revision=0)  # stale
    client.force_login(architect1)
    response = client.get(reverse("review_queue"))
    assert _rows(response) == [old.addon_id, new.addon_id]
    page = response.content.decode()
    rows = page.split('data-addon="')
    assert "over SLA" in rows[1] and "over SLA" not in rows[2]
    assert "1 of 2" in rows[2] and "0 of 2" in rows[1]
    assert ">Yes</td>" in rows[2] and ">No</td>" in rows[1]
    assert "Review queue (2)" in page


def test_queue_filters_and_sorts(client, owner_team, other_team, architect1):
    a = _submitted(owner_team, 1, days_ago=8, prefix="a")[0]
    b = _submitted(other_team, 1, days_ago=2, prefix="b")[0]
    c = _submitted(owner_team, 1, days_ago=1, prefix="c")[0]
    Addon.objects.filter(pk=c.pk).update(priority="P1")
    SignOff.objects.create(addon=b, architect=architect1, intake_revision=1)
    client.force_login(architect1)
    url = reverse("review_queue")
    assert _rows(client.get(url, {"team": owner_team.pk})) == ["a-0", "c-0"]
    assert _rows(client.get(url, {"priority": "P1"})) == ["c-0"]
    assert _rows(client.get(url, {"signed_by_me": "yes"})) == ["b-0"]
    assert _rows(client.get(url, {"signed_by_me": "no"})) == ["a-0", "c-0"]
    assert _rows(client.get(url, {"over_sla": "yes"})) == ["a-0"]
    assert _rows(client.get(url, {"over_sla": "no"})) == ["b-0", "c-0"]
    assert _rows(client.get(url, {"sort": "newest"})) == ["c-0", "b-0", "a-0"]
    assert _rows(client.get(url, {"sort": "most_signoffs"}))[0] == "b-0"
    assert a.addon_id in _rows(client.get(url))


def test_queue_sla_follows_the_setting(client, owner_team, architect1):
    from onboarding.models import PortalSettings

    _submitted(owner_team, 1, days_ago=3, prefix="x")
    settings = PortalSettings.load()
    settings.review_sla_days = 2
    settings.save()
    client.force_login(architect1)
    assert _rows(client.get(reverse("review_queue"), {"over_sla": "yes"})) == ["x-0"]


def test_queue_is_paginated(client, owner_team, architect1):
    _submitted(owner_team, 30)
    client.force_login(architect1)
    response = client.get(reverse("review_queue"), {"page": 2})
    assert len(response.context["page"].object_list) == 5


@pytest.mark.parametrize("persona", ["owner", "sre", "manager"])
def test_queue_is_for_architects_and_the_lead(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("review_queue")).status_code == 403
    assert "Review queue (" not in client.get(reverse("home")).content.decode()


def test_lead_sees_the_queue(client, lead, owner_team):
    _submitted(owner_team, 2)
    client.force_login(lead)
    response = client.get(reverse("review_queue"))
    assert response.status_code == 200 and len(_rows(response)) == 2


def test_assignment_page_orders_by_priority_then_age(client, owner_team, manager, sre_team):
    now = timezone.now()
    rows = [("p3-old", "P3", 9), ("p1-new", "P1", 1), ("p1-old", "P1", 5), ("p2", "P2", 3)]
    Addon.objects.bulk_create(
        AddonFactory.build(
            team=owner_team,
            addon_id=addon_id,
            priority=priority,
            state=State.ACCEPTED,
            state_changed_at=now - timedelta(days=days),
        )
        for addon_id, priority, days in rows
    )
    client.force_login(manager)
    response = client.get(reverse("assign_queue"))
    assert [a.addon_id for a, _ in response.context["rows"]] == ["p1-old", "p1-new", "p2", "p3-old"]
    page = response.content.decode()
    assert reverse("addon_transition", args=["p1-old", "assign"]) in page
    assert 'name="assign-sre_lead"' in page


@pytest.mark.parametrize("persona", ["owner", "architect1", "lead"])
def test_assignment_page_is_for_managers(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("assign_queue")).status_code == 403


def test_assign_is_refused_for_the_wrong_role_and_state(client, make_addon, personas, sre_team):
    accepted = make_addon(State.ACCEPTED)
    data = {
        "assign-seen_state": "accepted",
        "assign-sre_team": sre_team.pk,
        "assign-sre_lead": personas["lead"].pk,
        "assign-sprint_slot": "2026-S30",
    }
    client.force_login(personas["architect1"])
    url = reverse("addon_transition", args=[accepted.addon_id, "assign"])
    assert client.post(url, data).status_code == 403
    submitted = make_addon(State.SUBMITTED)
    client.force_login(personas["manager"])
    response = client.post(
        reverse("addon_transition", args=[submitted.addon_id, "assign"]),
        {**data, "assign-seen_state": "submitted"},
        follow=True,
    )
    assert "Not possible while the addon is submitted" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_scope_is_refused_in_the_wrong_state_and_to_the_manager(client, make_addon, personas):
    from onboarding.errors import ActionRefused
    from onboarding.services.transitions import addon_scope

    onboarding = make_addon(State.ONBOARDING)
    kwargs = {
        "work_items": "x",
        "estimate_weeks": 2,
        "target_production_date": timezone.localdate() + timedelta(days=30),
    }
    with pytest.raises(ActionRefused, match="Not possible while the addon is onboarding"):
        addon_scope(addon=onboarding, by=personas["lead"], **kwargs)
    assigned = make_addon(State.ASSIGNED)
    client.force_login(personas["manager"])
    response = client.post(
        reverse("addon_transition", args=[assigned.addon_id, "scope"]),
        {
            "scope-seen_state": "assigned",
            "scope-work_items": "x",
            "scope-estimate_weeks": 2,
            "scope-target_production_date": kwargs["target_production_date"].isoformat(),
        },
    )
    assert response.status_code == 403


def test_queue_counts_only_the_objections_of_the_current_round(
    client, owner_team, architect1, architect2, architect3
):
    """The queue uses the one definition of a current sign-off (models.review.current_round):
    an objection of an earlier round is shown on the review page as stale, not counted here."""
    addon = _submitted(owner_team, 1, prefix="rounds")[0]
    Addon.objects.filter(pk=addon.pk).update(intake_revision=2)
    SignOff.objects.create(addon=addon, architect=architect2, intake_revision=1, objection=True)
    client.force_login(architect1)
    row = client.get(reverse("review_queue")).content.decode().split('data-addon="')[1]
    assert "objection" not in row
    SignOff.objects.create(addon=addon, architect=architect3, intake_revision=2, objection=True)
    row = client.get(reverse("review_queue")).content.decode().split('data-addon="')[1]
    assert "1 objection</span>" in row
