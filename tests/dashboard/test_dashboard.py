from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onboarding.demo.workflow import clock
from onboarding.models import Addon, PortalSettings, TimelineEvent
from onboarding.selectors import dashboard as figures
from onboarding.selectors.lead_times import lead_times, percentile_cont
from onboarding.views.dashboard import FIGURES_KEY
from tests.factories import AddonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

DAY = timedelta(days=1)


def _walk(addon, now, *steps):
    """Transition events at now - days_ago: steps are (days_ago, from_state, to_state)."""
    for days_ago, source, target in steps:
        with clock(now - days_ago * DAY):
            TimelineEvent.objects.create(
                addon=addon, kind="transition", from_state=source, to_state=target
            )


@pytest.fixture
def hand_built(owner_team):
    """Three addons whose kickoff took 20, 6 and 100 days; one spent 4 days onboarding."""
    now = timezone.now()
    a = AddonFactory(team=owner_team, addon_id="alpha", state="onboarding")
    b = AddonFactory(team=owner_team, addon_id="bravo", state="production_approved")
    c = AddonFactory(team=owner_team, addon_id="charlie", state="accepted")
    _walk(
        a,
        now,
        (30, "draft", "submitted"),
        (20, "submitted", "accepted"),
        (18, "accepted", "assigned"),
        (10, "assigned", "onboarding"),
    )
    _walk(
        b,
        now,
        (12, "draft", "submitted"),
        (8, "submitted", "accepted"),
        (7, "accepted", "assigned"),
        (6, "assigned", "onboarding"),
        (2, "onboarding", "production_approved"),
    )
    _walk(c, now, (200, "draft", "submitted"), (100, "submitted", "accepted"))
    return now


def _by_stage(rows):
    return {r.stage: r for r in rows}


def _days(delta):
    return round(delta / DAY, 3)


def test_lead_time_median_and_p90_over_90_days(hand_built):
    rows = _by_stage(lead_times(days=90, now=hand_built))
    assert rows["kickoff"].addons == 2
    assert _days(rows["kickoff"].median) == 13
    assert _days(rows["kickoff"].p90) == 18.6
    assert (rows["onboarding"].addons, _days(rows["onboarding"].median)) == (1, 4)
    assert (rows["transition"].addons, rows["transition"].median) == (0, None)


def test_lead_time_over_365_days_includes_older_stays(hand_built):
    rows = _by_stage(lead_times(days=365, now=hand_built))
    assert rows["kickoff"].addons == 3
    assert _days(rows["kickoff"].median) == 20
    assert _days(rows["kickoff"].p90) == 84


def test_percentile_cont_interpolates_like_postgresql():
    assert percentile_cont([6, 20, 100], 0.9) == pytest.approx(84)
    assert percentile_cont([5], 0.5) == 5
    assert percentile_cont([], 0.5) is None


def test_counts_per_state_and_stage(hand_built):
    per_state, per_stage = figures.counts_by_state()
    counts = {state: n for state, _label, n in per_state}
    assert (counts["onboarding"], counts["production_approved"], counts["accepted"]) == (1, 1, 1)
    assert per_stage == {"kickoff": 1, "onboarding": 2, "transition": 0, "closed": 0}


def test_review_queue_aging_buckets_by_sla(owner_team):
    now = timezone.now()
    PortalSettings.objects.update_or_create(pk=1, defaults={"review_sla_days": 5})
    for addon_id, days in [("fresh", 1), ("late", 7), ("very-late", 11)]:
        AddonFactory(
            team=owner_team, addon_id=addon_id, state="submitted", state_changed_at=now - days * DAY
        )
    aging = figures.review_queue_aging(now=now)
    assert (aging.within_sla, aging.over_sla, aging.over_twice_sla) == (1, 1, 1)
    assert [a.addon_id for a in aging.oldest] == ["very-late", "late", "fresh"]


def test_stuck_list_uses_the_threshold_setting(owner_team):
    now = timezone.now()
    PortalSettings.objects.update_or_create(pk=1, defaults={"stuck_after_days": 30})
    AddonFactory(
        team=owner_team, addon_id="stuck", state="assigned", state_changed_at=now - 31 * DAY
    )
    AddonFactory(
        team=owner_team, addon_id="moving", state="assigned", state_changed_at=now - 29 * DAY
    )
    AddonFactory(
        team=owner_team, addon_id="done", state="transitioned", state_changed_at=now - 90 * DAY
    )
    assert [a.addon_id for a in figures.stuck_addons(now=now)] == ["stuck"]


def test_monthly_throughput_counts_started_and_finished(hand_built):
    months = figures.monthly_throughput(now=hand_built)
    assert len(months) == 12
    assert sum(m["started"] for m in months) == 2
    assert sum(m["finished"] for m in months) == 0


def test_load_per_team_and_engineer(make_addon, lead, sre):
    make_addon("assigned")
    make_addon("onboarding")
    assert figures.load_per_team() == [{"sre_team__name": "Addon SRE", "n": 2}]
    assert {r["name"]: (r["leading"], r["engineering"]) for r in figures.load_per_engineer()} == {
        "lead": (2, 0),
        "sre": (0, 2),
    }


def test_manager_sees_the_dashboard(client, manager, hand_built):
    client.force_login(manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Lead time per stage" in page
    assert 'data-testid="monthly-chart"' in page
    assert ">Dashboard</a>" in page


@pytest.mark.parametrize("persona", ["owner", "architect1", "lead", "sre"])
def test_other_roles_get_403(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("dashboard")).status_code == 403


def _bulk(team, n, prefix):
    addons = Addon.objects.bulk_create(
        Addon(addon_id=f"{prefix}-{i}", name=f"{prefix} {i}", team=team, state="submitted")
        for i in range(n)
    )
    TimelineEvent.objects.bulk_create(
        TimelineEvent(addon=a, kind="transition", from_state="draft", to_state="submitted")
        for a in addons
    )


def _queries(client):
    cache.delete(FIGURES_KEY)  # count the aggregates, not a cached copy of them
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_the_same_with_10_and_1000_addons(client, manager, make_addon, owner_team):
    make_addon("onboarding")
    client.force_login(manager)
    _bulk(owner_team, 10, "small")
    small = _queries(client)
    _bulk(owner_team, 990, "large")
    assert _queries(client) == small
