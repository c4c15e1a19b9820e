"""Hand-computed evaluation cases (DOMAIN.md: compliance = sum(good) / sum(total))."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from onboarding.models import SLO, Addon, Notification, SLOBucket, TimelineEvent
from onboarding.selectors.slo_evaluation import evaluate, viability_blocker
from onboarding.services.slo_evaluate import addon_evaluate, evaluate_all

from .conftest import NOW, fill, make_slo

pytestmark = pytest.mark.both_databases


def test_compliance_exactly_at_the_objective_is_met(addon):
    slo = make_slo(addon)
    fill(slo, 24, good=99, total=100)  # 2376 / 2400 = 0.99 exactly
    [result] = evaluate([slo], NOW)
    assert result.compliance == Decimal("0.99")
    assert result.status == SLO.Status.MET
    assert result.budget_remaining == 0


def test_one_bad_event_below_the_objective_is_missed(addon):
    slo = make_slo(addon)
    fill(slo, 24, good=99, total=100, skip={7})
    fill(slo, 1, end=NOW.replace(minute=0) - timedelta(hours=6), good=98, total=100)
    [result] = evaluate([slo], NOW)
    assert result.good == 2375 and result.total == 2400
    assert result.status == SLO.Status.MISSED


def test_a_gap_hour_makes_the_window_insufficient_even_with_perfect_data(addon):
    slo = make_slo(addon)
    fill(slo, 24, good=100, total=100, skip={5})
    [result] = evaluate([slo], NOW)
    assert result.hours_with_data == 23
    assert result.coverage == 23 / 24
    assert result.status == SLO.Status.INSUFFICIENT


def test_zero_total_hours_count_as_covered_and_add_nothing(addon):
    slo = make_slo(addon)
    fill(slo, 24, good=0, total=0)
    SLOBucket.objects.filter(
        slo=slo, start__gte=NOW.replace(minute=0) - timedelta(hours=12)
    ).update(good=99, total=100)
    [result] = evaluate([slo], NOW)
    assert (result.good, result.total, result.coverage) == (1188, 1200, 1.0)
    assert result.status == SLO.Status.MET


def test_a_window_of_only_zero_total_hours_is_insufficient(addon):
    slo = make_slo(addon)
    fill(slo, 24, good=0, total=0)
    [result] = evaluate([slo], NOW)
    assert result.compliance is None
    assert result.status == SLO.Status.INSUFFICIENT


def test_buckets_outside_the_window_are_ignored(addon):
    slo = make_slo(addon)
    fill(slo, 24, good=99, total=100)
    fill(slo, 1, end=NOW.replace(minute=0) + timedelta(hours=1), good=0, total=100)  # running hour
    fill(slo, 1, end=NOW.replace(minute=0) - timedelta(hours=24), good=0, total=100)  # before
    [result] = evaluate([slo], NOW)
    assert result.status == SLO.Status.MET


def test_window_not_yet_elapsed_blocks_viability(transition_addon):
    Addon.objects.filter(pk=transition_addon.pk).update(
        transition_started_at=transition_addon.transition_started_at + timedelta(days=20)
    )
    transition_addon.refresh_from_db()
    assert "has not elapsed" in viability_blocker(transition_addon)


def _real_end():
    return datetime.now(tz=UTC).replace(minute=0, second=0, microsecond=0)


def test_one_missed_slo_among_several_blocks_viability_and_is_named(transition_addon):
    assert viability_blocker(transition_addon) is None
    latency = make_slo(transition_addon, name="latency", window_days=28)
    fill(latency, 28 * 24, end=_real_end(), good=98, total=100)
    assert viability_blocker(transition_addon) == (
        "SLOs not met over the latest window: latency (missed)."
    )


def test_daily_evaluation_records_status_changes_once(transition_addon):
    latency = make_slo(transition_addon, name="latency", window_days=28)
    fill(latency, 28 * 24, end=_real_end(), good=98, total=100)
    assert evaluate_all() == 1
    evaluate_all()
    events = TimelineEvent.objects.filter(addon=transition_addon, kind="slo_evaluation")
    by_slo = {e.payload.get("slo"): e.payload.get("to") for e in events if "slo" in e.payload}
    assert by_slo == {
        transition_addon.slos.get(name="availability").pk: "met",
        latency.pk: "missed",
    }
    assert events.count() == 2  # no viability event: the addon was never viable
    latency.refresh_from_db()
    assert latency.last_status == "missed" and latency.last_evaluated_at is not None


def test_assigned_sre_is_told_once_when_the_addon_becomes_viable(transition_addon, sre):
    latency = make_slo(transition_addon, name="latency", window_days=28)
    fill(latency, 28 * 24, end=_real_end(), good=98, total=100)
    addon_evaluate(addon=transition_addon)
    SLOBucket.objects.filter(slo=latency).update(good=100)
    addon_evaluate(addon=transition_addon)
    addon_evaluate(addon=transition_addon)
    viable = TimelineEvent.objects.filter(addon=transition_addon, payload__viable=True)
    assert viable.count() == 1
    notification = Notification.objects.get(event=viable.get())
    assert sre.email in notification.recipients
    assert "Viable" in notification.subject
