"""Restarts (issue 13): an addon withdrawn from onboarding can come back and be scoped again."""

from django.utils import timezone

from onboarding.models import ChecklistItem, State, TimelineEvent
from onboarding.services import checklist as c
from onboarding.services import transitions as t
from tests.journey import bring_to


def test_withdrawn_onboarding_comes_back_with_its_checklist_resumed(make_addon, personas):
    p = personas
    addon = make_addon(State.ONBOARDING)
    count = addon.checklist_items.count()
    item = ChecklistItem.objects.get(addon=addon, key="INC-1")
    c.item_verify(item=c.item_mark_done(item=item, by=p["owner"]), by=p["sre"])
    addon = t.addon_withdraw(addon=addon, by=p["owner"], reason="Paused for a quarter.")
    addon = t.addon_reopen(addon=addon, by=p["owner"])
    addon = bring_to(addon, State.ONBOARDING, p, now=timezone.now())
    assert addon.state == State.ONBOARDING
    assert addon.checklist_items.count() == count
    assert ChecklistItem.objects.get(addon=addon, key="INC-1").status == "verified"
    scoped = TimelineEvent.objects.filter(addon=addon, payload__transition="scope")
    assert [e.payload["checklist_resumed"] for e in scoped.order_by("id")] == [False, True]
    assert "resumed" in scoped.order_by("id").last().message
