"""Two people acting on one addon at the same moment, on real PostgreSQL row locks."""

import threading

import pytest
from django.db import connection, connections

from onboarding.errors import ActionRefused
from onboarding.models import Addon, State, TimelineEvent
from onboarding.services import transitions as t


@pytest.mark.django_db(transaction=True)
def test_two_conflicting_steps_at_once_one_wins_and_one_event_is_written(make_addon, personas):
    assert connection.vendor == "postgresql"
    addon = make_addon(State.SUBMITTED)
    events_before = TimelineEvent.objects.filter(addon=addon).count()
    # Both people loaded the page while the addon was submitted.
    copies = [Addon.objects.get(pk=addon.pk), Addon.objects.get(pk=addon.pk)]
    barrier = threading.Barrier(2)
    outcomes = []

    def act(copy, step):
        barrier.wait()
        try:
            step(copy)
            outcomes.append("ok")
        except ActionRefused as refusal:
            outcomes.append(refusal.message)
        finally:
            connections.close_all()

    steps = [
        lambda a: t.addon_reject(addon=a, by=personas["architect1"], rationale="Not viable"),
        lambda a: t.addon_withdraw(addon=a, by=personas["owner"], reason="Cancelled"),
    ]
    threads = [threading.Thread(target=act, args=pair) for pair in zip(copies, steps, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes, key=len) == sorted(
        ["ok", "This addon changed while you were looking — reload the page and try again."],
        key=len,
    )
    final = Addon.objects.get(pk=addon.pk)
    assert final.state in (State.REJECTED, State.WITHDRAWN)
    new_events = TimelineEvent.objects.filter(addon=addon).count() - events_before
    assert new_events == 1
