"""Walk addons through the workflow with the real services, on a moved clock.

`seed_demo` uses it for the demo data, tests use it to bring an addon to any state; either
way every state change happens through the service functions, so the timelines are true.
The caller says what "now" is: nothing here reads the wall clock, so a demo seeded at 12:59
and one seeded at 13:00 differ only by that hour.
"""

from contextlib import contextmanager
from datetime import datetime, timedelta

import time_machine
from django.utils import timezone

from ..models import SLO, SOP, ChecklistItem, SLOBucket, State, Team
from ..services import transitions as t
from ..services.review import signoff_give

PATH = [
    State.DRAFT,
    State.SUBMITTED,
    State.ACCEPTED,
    State.ASSIGNED,
    State.ONBOARDING,
    State.PRODUCTION_APPROVED,
    State.TRANSITION,
    State.TRANSITIONED,
]


@contextmanager
def clock(at: datetime | None):
    """Stop the clock at `at` while the block runs (no-op for None).

    The services and the models' `auto_now_add` fields read the clock themselves, so the demo's
    past is written by travelling there rather than by passing dates through every service.
    """
    if at is None:
        yield
        return
    with time_machine.travel(at, tick=False):
        yield


def sign_off(addon, *architects):
    """Sign-offs through the review service, so each has its timeline event."""
    for architect in architects:
        if not addon.signoffs.current().filter(architect=architect).exists():
            signoff_give(addon=addon, by=architect)


def pass_gate(addon, gate):
    ChecklistItem.objects.filter(addon=addon, gate__in=ChecklistItem.gates_up_to(gate)).update(
        status=ChecklistItem.Status.VERIFIED
    )


def add_slo_with_data(
    addon, *, now: datetime, days=29, name="availability", objective="99.000", good=999
):
    """An SLO with `days` of full hourly buckets ending at the last full hour before `now`."""
    slo = SLO.objects.create(
        addon=addon,
        name=name,
        sli_type=SLO.SLIType.AVAILABILITY,
        description="Share of successful API requests",
        objective=objective,
        review=SLO.Review.APPROVED,
    )
    end = now.replace(minute=0, second=0, microsecond=0)
    SLOBucket.objects.bulk_create(
        SLOBucket(slo=slo, start=end - timedelta(hours=h), good=good, total=1000)
        for h in range(1, days * 24 + 1)
    )
    return slo


def step(addon, state, p, *, now: datetime):
    """Take the one step that leads from the previous state on PATH to `state`.

    `now` is the demo's present: SLO data ends there, whenever the step itself happens.
    """
    if state == State.SUBMITTED:
        return t.addon_submit(addon=addon, by=p["owner"])
    if state == State.ACCEPTED:
        sign_off(addon, p["architect1"], p["architect2"])
        return t.addon_accept(addon=addon, by=p["architect1"], priority="P2")
    if state == State.ASSIGNED:
        return t.addon_assign(
            addon=addon,
            by=p["manager"],
            sre_team=Team.objects.get(slug="addon-sre"),
            sre_lead=p["lead"],
            engineers=[p["sre"]],
            sprint_slot="2026-S24",
        )
    if state == State.ONBOARDING:
        return t.addon_scope(
            addon=addon,
            by=p["lead"],
            work_items="Review alerts and SOPs\nWire Dead Man's Snitch\nLoad test review",
            estimate_weeks=6,
            target_production_date=timezone.localdate() + timedelta(days=60),
        )
    if state == State.PRODUCTION_APPROVED:
        pass_gate(addon, "production")
        addon.stage_enabled = True
        addon.stage_deployed_on = timezone.localdate() - timedelta(days=14)
        addon.save(update_fields=["stage_enabled", "stage_deployed_on"])
        if not addon.slos.exists():
            add_slo_with_data(addon, now=now)
        return t.addon_approve_production(addon=addon, by=p["sre"])
    if state == State.TRANSITION:
        return t.addon_mark_in_production(
            addon=addon, by=p["owner"], deployed_on=timezone.localdate()
        )
    if state == State.TRANSITIONED:
        pass_gate(addon, "handover")
        SOP.objects.get_or_create(
            addon=addon,
            title="Operator pod crash-looping",
            defaults={
                "url": "https://sops.example.com/operator-down",
                "status": SOP.Status.APPROVED,
            },
        )
        return t.addon_complete_transition(addon=addon, by=p["sre"])
    raise ValueError(f"No single step leads to {state}")


def bring_to(addon, state, personas, *, now: datetime, start=None, days_per_step=0):
    """Bring a draft addon to `state` as of `now`.

    With `start`, step i happens at start + i*days_per_step; without, the steps run on the real
    clock. Completing the transition happens at `now`: it is judged against the SLO data, which
    ends there.
    """

    if start is None and state == State.TRANSITIONED:
        # The transition window must have elapsed before the transition can complete.
        start, days_per_step = now - timedelta(days=40), 1

    def at(i):
        if PATH[min(i, len(PATH) - 1)] == State.TRANSITIONED:
            return now
        if start is None:
            return None
        return start + timedelta(days=i * days_per_step)

    if state == State.DRAFT:
        return addon
    side = {State.CHANGES_REQUESTED, State.REJECTED, State.WITHDRAWN}
    path = PATH[1 : PATH.index(State.SUBMITTED if state in side else state) + 1]
    for i, target in enumerate(path, start=1):
        with clock(at(i)):
            addon = step(addon, target, personas, now=now)
    if state in side:
        with clock(at(len(path) + 1)):
            if state == State.CHANGES_REQUESTED:
                addon = t.addon_request_changes(
                    addon=addon,
                    by=personas["architect1"],
                    comment="Please add the capacity forecast for the next year.",
                )
            elif state == State.REJECTED:
                addon = t.addon_reject(
                    addon=addon,
                    by=personas["architect1"],
                    rationale="Duplicates an existing managed service.",
                )
            else:
                addon = t.addon_withdraw(
                    addon=addon, by=personas["owner"], reason="The product was cancelled."
                )
    return addon
