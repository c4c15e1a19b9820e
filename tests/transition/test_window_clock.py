"""The window ends at the last collected hour, not the wall clock: the verdict holds between
collection runs, the run moves it, and the evaluation waits for a running collection."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from onboarding.models import Addon, SLOBucket, SLOClock
from onboarding.rules.guards import slos_viable
from onboarding.selectors.slo_evaluation import viability_blocker
from onboarding.selectors.slo_window import window_end
from onboarding.services.slo_collection_run import clock_locked
from onboarding.services.slo_evaluate import evaluate_all

from .conftest import make_slo


def _now():
    return datetime.now(tz=UTC)


def _hour(moment):
    return moment.replace(minute=0, second=0, microsecond=0)


def test_collection_runs_aligned_to_the_hour_plus_a_delay():
    schedule = settings.CELERY_BEAT_SCHEDULE["collect-slo-measurements"]["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.minute == {settings.SLO_COLLECTION_DELAY_MINUTES}
    assert schedule.hour == set(range(24))


def test_the_verdict_holds_until_the_next_collection_run(transition_addon, run_collection):
    """Met over the window ending at the clock (the fixture's data ends at the last full
    hour). Without a run, the next hour changes nothing; the run moves the window on."""
    end = _hour(_now())
    SLOClock.objects.create(pk=1, collected_through=end, finished_at=end)
    assert viability_blocker(transition_addon) is None
    # The window ends at `end` whatever the wall clock says, until a run completes.
    assert window_end() == end
    run_collection(
        end + timedelta(hours=1, minutes=5)
    )  # no Prometheus SLO: the run only moves the clock
    assert window_end() == end + timedelta(hours=1)
    # The hour after `end` has no data yet: one missing hour of 696 is within 95 %.
    assert viability_blocker(transition_addon) is None


def test_a_page_and_the_guard_agree_across_the_minute(
    client, transition_addon, sre, run_collection
):
    end = _hour(_now())
    SLOClock.objects.create(pk=1, collected_through=end, finished_at=end)
    client.force_login(sre)
    first = client.get(reverse("addon_slos", args=[transition_addon.addon_id])).content
    assert f"as of <strong>{end:%Y-%m-%d %H:%M} UTC".encode() in first.replace(b"Windows as", b"as")
    assert slos_viable.blocker(Addon.objects.get(pk=transition_addon.pk)) is None
    # A bucket arriving for the hour after the clock does not count until a run moves it.
    slo = transition_addon.slos.get()
    SLOBucket.objects.create(slo=slo, start=end, good=0, total=10_000_000)
    assert slos_viable.blocker(Addon.objects.get(pk=transition_addon.pk)) is None
    second = client.get(reverse("addon_slos", args=[transition_addon.addon_id])).content
    assert b'data-status="met"' in first and b'data-status="met"' in second
    run_collection(end + timedelta(hours=1, minutes=5))
    assert "availability (missed)" in slos_viable.blocker(Addon.objects.get(pk=transition_addon.pk))


@pytest.mark.django_db(transaction=True)
def test_the_evaluation_waits_for_a_running_collection(make_addon, reference_data):
    from onboarding.models import State

    addon = make_addon(State.TRANSITION)
    make_slo(addon, name="latency", window_days=1)
    end = _hour(_now())
    SLOClock.objects.create(pk=1, collected_through=end - timedelta(hours=1), finished_at=end)
    released = threading.Event()
    order = []

    def collection():
        with transaction.atomic():
            clock_locked(_now())  # a collection run holds the clock row...
            time.sleep(1.0)
            SLOClock.objects.filter(pk=1).update(collected_through=end)
            order.append("collected")
        released.set()
        connection.close()

    thread = threading.Thread(target=collection)
    thread.start()
    time.sleep(0.3)
    evaluate_all()  # ...so this waits, then judges the window the run completed
    order.append("evaluated")
    thread.join()
    assert order == ["collected", "evaluated"] and released.is_set()
    assert addon.slos.get(name="latency").last_evaluated_at is not None
