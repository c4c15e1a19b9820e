"""Every step of the workflow: the right role in the right state succeeds with one event;
the wrong role gets 403, the wrong state or a failing guard is refused — and nothing changes."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from onboarding.errors import ActionRefused
from onboarding.models import Addon, State, Team, TimelineEvent
from onboarding.services import transitions as t
from tests.journey import add_slo_with_data, pass_gate, sign_off


def _assign_kwargs(p):
    return {
        "sre_team": Team.objects.get(slug="addon-sre"),
        "sre_lead": p["lead"],
        "engineers": [p["sre"]],
        "sprint_slot": "2026-S30",
    }


def _scope_kwargs(p):
    return {
        "work_items": "Alerts review",
        "estimate_weeks": 4,
        "target_production_date": timezone.localdate() + timedelta(days=30),
    }


def _ready_for_production(addon, p):
    pass_gate(addon, "production")
    add_slo_with_data(addon, now=timezone.now())
    Addon.objects.filter(pk=addon.pk).update(stage_deployed_on=timezone.localdate())
    return Addon.objects.get(pk=addon.pk)


# name, state it starts from, who may, who may not, inputs, preparation, a state it can't start from
STEPS = [
    ("submit", State.DRAFT, "owner", "architect1", lambda p: {}, None, State.SUBMITTED),
    ("resubmit", State.CHANGES_REQUESTED, "owner", "architect1", lambda p: {}, None, State.DRAFT),
    (
        "request_changes",
        State.SUBMITTED,
        "architect1",
        "owner",
        lambda p: {"comment": "More"},
        None,
        State.DRAFT,
    ),
    (
        "accept",
        State.SUBMITTED,
        "architect1",
        "owner",
        lambda p: {"priority": "P2"},
        lambda a, p: sign_off(a, p["architect1"], p["architect2"]),
        State.DRAFT,
    ),
    (
        "reject",
        State.SUBMITTED,
        "architect1",
        "owner",
        lambda p: {"rationale": "No"},
        None,
        State.DRAFT,
    ),
    ("assign", State.ACCEPTED, "manager", "architect1", _assign_kwargs, None, State.SUBMITTED),
    ("scope", State.ASSIGNED, "lead", "sre", _scope_kwargs, None, State.ONBOARDING),
    (
        "approve_production",
        State.ONBOARDING,
        "sre",
        "owner",
        lambda p: {},
        _ready_for_production,
        State.PRODUCTION_APPROVED,
    ),
    (
        "mark_in_production",
        State.PRODUCTION_APPROVED,
        "owner",
        "architect1",
        lambda p: {"deployed_on": timezone.localdate()},
        None,
        State.TRANSITION,
    ),
    (
        "complete_transition",
        State.TRANSITION,
        "sre",
        "owner",
        lambda p: {},
        None,
        State.TRANSITIONED,
    ),
    (
        "withdraw",
        State.SUBMITTED,
        "owner",
        "architect1",
        lambda p: {"reason": "Cancelled"},
        None,
        State.WITHDRAWN,
    ),
    ("reopen", State.REJECTED, "owner", "architect1", lambda p: {}, None, State.SUBMITTED),
]
IDS = [s[0] for s in STEPS]


def _prepared(make_addon, personas, state, prepare):
    addon = make_addon(state)
    if prepare:
        prepare(addon, personas)
    return Addon.objects.get(pk=addon.pk)


def _snapshot(addon):
    fresh = Addon.objects.get(pk=addon.pk)
    return fresh.state, TimelineEvent.objects.filter(addon=addon).count()


# complete_transition needs a full window of data; its own test below covers it.
DIRECT = [s for s in STEPS if s[0] != "complete_transition"]


@pytest.mark.parametrize(
    ("name", "state", "who", "_w", "inputs", "prepare", "_s"), DIRECT, ids=[s[0] for s in DIRECT]
)
def test_the_right_role_in_the_right_state_moves_the_addon_with_one_event(
    make_addon, personas, name, state, who, _w, inputs, prepare, _s
):
    addon = _prepared(make_addon, personas, state, prepare)
    before = TimelineEvent.objects.filter(addon=addon, kind="transition").count()

    result = t.SERVICES[name](addon=addon, by=personas[who], **inputs(personas))

    transition = getattr(Addon, name)._django_fsm.get_transition(state)
    assert Addon.objects.get(pk=addon.pk).state == result.state == transition.target
    events = TimelineEvent.objects.filter(addon=addon, kind="transition")
    assert events.count() == before + 1
    latest = events.first()
    assert (latest.from_state, latest.to_state, latest.actor) == (
        state,
        result.state,
        personas[who],
    )


def test_complete_transition_starts_the_handover_with_one_transition_event(make_addon, personas):
    addon = make_addon(State.TRANSITIONED)
    transition_events = TimelineEvent.objects.filter(addon=addon, to_state=State.TRANSITIONED)
    assert transition_events.count() == 1
    assert transition_events.get().actor == personas["sre"]
    assert addon.handover.status == "steps"  # the merge request waits on the pager test, shadow
    message = transition_events.get().message
    assert "The owners' team (Data Science) carries the pager; pager test to run" in message


@pytest.mark.parametrize(("name", "state", "_r", "who", "inputs", "prepare", "_s"), STEPS, ids=IDS)
def test_the_wrong_role_is_refused_and_nothing_changes(
    make_addon, personas, name, state, _r, who, inputs, prepare, _s
):
    if name == "complete_transition":
        addon = make_addon(State.PRODUCTION_APPROVED)
        addon = t.addon_mark_in_production(
            addon=addon, by=personas["owner"], deployed_on=timezone.localdate()
        )
    else:
        addon = _prepared(make_addon, personas, state, prepare)
    before = _snapshot(addon)

    with pytest.raises(PermissionDenied):
        t.SERVICES[name](addon=addon, by=personas[who], **inputs(personas))

    assert _snapshot(addon) == before


@pytest.mark.parametrize(("name", "_st", "who", "_w", "inputs", "_p", "wrong"), STEPS, ids=IDS)
def test_the_wrong_state_is_refused_with_a_message_and_nothing_changes(
    make_addon, personas, name, _st, who, _w, inputs, _p, wrong
):
    addon = make_addon(wrong)
    before = _snapshot(addon)

    with pytest.raises(ActionRefused, match="Not possible while the addon is"):
        t.SERVICES[name](addon=addon, by=personas[who], **inputs(personas))

    assert _snapshot(addon) == before


def test_accept_without_quorum_says_how_many_sign_offs_are_missing(make_addon, personas):
    addon = make_addon(State.SUBMITTED)
    sign_off(addon, personas["architect1"])

    with pytest.raises(ActionRefused, match="Needs sign-off from 2 architects; has 1"):
        t.addon_accept(addon=addon, by=personas["architect1"], priority="P1")

    assert _snapshot(addon) == (State.SUBMITTED, 2)  # the submit and the one sign-off
    assert Addon.objects.get(pk=addon.pk).priority == ""


def test_submit_of_an_incomplete_intake_names_every_missing_field(addon, owner):
    Addon.objects.filter(pk=addon.pk).update(description="", sde_epic_url="")
    addon = Addon.objects.get(pk=addon.pk)

    with pytest.raises(ActionRefused) as refused:
        t.addon_submit(addon=addon, by=owner)

    assert "description" in refused.value.message
    assert "SDE epic" in refused.value.message
    assert _snapshot(addon) == (State.DRAFT, 0)


def test_approve_production_is_refused_on_an_empty_checklist(make_addon, personas):
    addon = make_addon(State.ONBOARDING)
    addon.checklist_items.all().delete()
    addon = _ready_for_production(addon, personas)

    with pytest.raises(ActionRefused, match="no acceptance checklist"):
        t.addon_approve_production(addon=addon, by=personas["sre"])


def test_mark_in_production_refuses_a_future_deploy_date(make_addon, personas):
    addon = make_addon(State.PRODUCTION_APPROVED)

    with pytest.raises(ActionRefused, match="cannot be in the future"):
        t.addon_mark_in_production(
            addon=addon, by=personas["owner"], deployed_on=timezone.localdate() + timedelta(days=1)
        )

    assert Addon.objects.get(pk=addon.pk).production_deployed_on is None


def test_a_failure_after_the_transition_rolls_back_state_and_event(addon, owner, architect1):
    with (
        mock.patch(
            "onboarding.services.transitions.notification_queue", side_effect=RuntimeError("boom")
        ),
        pytest.raises(RuntimeError),
    ):
        t.addon_submit(addon=addon, by=owner)

    assert _snapshot(addon) == (State.DRAFT, 0)


def test_a_step_on_a_stale_copy_is_refused_as_a_concurrent_change(make_addon, personas):
    addon = make_addon(State.SUBMITTED)
    stale = Addon.objects.get(pk=addon.pk)
    t.addon_withdraw(addon=addon, by=personas["owner"], reason="Cancelled")

    with pytest.raises(ActionRefused, match="changed while you were looking"):
        t.addon_reject(addon=stale, by=personas["architect1"], rationale="No")

    assert _snapshot(addon)[0] == State.WITHDRAWN
