"""A checklist move and the step that judges the checklist, at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import connections

from onboarding.errors import ActionRefused
from onboarding.models import Addon, ChecklistItem, State
from onboarding.services import transitions as t
from onboarding.services.checklist import item_reopen


def _race(*steps):
    barrier = threading.Barrier(len(steps))
    outcomes = [None] * len(steps)

    def run(i, step):
        barrier.wait()
        try:
            step()
            outcomes[i] = "ok"
        except ActionRefused as refusal:
            outcomes[i] = refusal.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_reopening_an_item_while_the_transition_completes_never_lets_both_through(
    make_addon, personas, attempt
):
    addon = make_addon(State.TRANSITIONED)
    # Step back to the doorstep: the same addon, in transition, everything passed.
    Addon.objects.filter(pk=addon.pk).update(state=State.TRANSITION, transitioned_at=None)
    addon.handover.delete()
    addon = Addon.objects.get(pk=addon.pk)
    item = ChecklistItem.objects.filter(addon=addon, gate="handover").first()

    complete, reopen = _race(
        lambda: t.addon_complete_transition(addon=addon, by=personas["sre"]),
        lambda: item_reopen(item=item, by=personas["sre"], reason="Evidence link is dead"),
    )

    final = Addon.objects.get(pk=addon.pk)
    item.refresh_from_db()
    assert "ok" in (complete, reopen)
    assert (complete, reopen).count("ok") == 1, (complete, reopen)
    if complete == "ok":
        assert final.state == State.TRANSITIONED and item.status == "verified"
    else:
        assert final.state == State.TRANSITION and item.status == "todo"
