"""Issue 16: the next steps are true — for each persona and state, the addon page and My work
list exactly what waits on that person, and every step is one its rule allows."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Addon, ChecklistItem, State
from onboarding.rules import RULES
from onboarding.rules.checklist import ITEM_RULES
from onboarding.rules.context import AddonContext
from onboarding.selectors.next_steps import next_steps_for
from onboarding.services.checklist import item_mark_done
from tests.factories import AddonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

PERSONAS = ["owner", "architect1", "sre", "lead", "manager"]
EVIDENCE = "https://evidence.example.com/run"


def _draft(owner_team, make_addon, personas):
    return AddonFactory(team=owner_team, dependencies="", load_testing="")


def _changes_requested(owner_team, make_addon, personas):
    return make_addon(State.CHANGES_REQUESTED)


def _in_review(owner_team, make_addon, personas):
    return make_addon(State.SUBMITTED)


def _to_verify(owner_team, make_addon, personas):
    """Onboarding, one owner item marked done by the owner, one SRE item by the engineer."""
    addon = make_addon(State.ONBOARDING)
    todo = ChecklistItem.objects.filter(addon=addon, status="todo")
    item_mark_done(
        item=todo.filter(side="owner").first(), by=personas["owner"], evidence_url=EVIDENCE
    )
    item_mark_done(item=todo.filter(side="sre").first(), by=personas["sre"], evidence_url=EVIDENCE)
    return addon


def _in_window(owner_team, make_addon, personas):
    addon = make_addon(State.TRANSITION)
    started = timezone.now() - timedelta(days=5)
    Addon.objects.filter(pk=addon.pk).update(transition_started_at=started)
    return Addon.objects.get(pk=addon.pk)


SCENARIOS = {
    "draft with missing fields": _draft,
    "changes requested": _changes_requested,
    "in review": _in_review,
    "checklist with items to verify": _to_verify,
    "transition window": _in_window,
}


def _count(addon, **filters):
    return ChecklistItem.objects.filter(addon=addon, **filters).count()


def _items(n):
    return f"{n} checklist item{'' if n == 1 else 's'}"


def _expected(scenario, persona, addon, personas):
    """(kind, text, details) of each step, in order, as the person must see them."""
    edit = []
    if scenario == "draft with missing fields" and persona == "owner":
        return [
            ("intake", "Complete the intake: 2 fields missing.", ["dependencies", "load testing"]),
        ]
    if scenario == "changes requested" and persona == "owner":
        return [
            ("changes", "Make the changes the reviewers asked for.", []),
            ("resubmit", "Resubmit the intake for review.", []),
        ]
    if scenario == "in review":
        return {
            "architect1": [
                (
                    "sign_off",
                    "Review the intake (round 1): sign off, object or ask for changes — "
                    "0 of 2 sign-offs so far.",
                    [],
                )
            ],
            "lead": [("concur", "Give the SRE lead's concurrence for review round 1.", [])],
        }.get(persona, edit)
    if scenario == "checklist with items to verify":
        stage = (
            "stage_deploy",
            "Record the date the addon first ran on OCM stage (production approval needs it).",
            [],
        )
        sre_todo = ("todo", f"{_items(_count(addon, side='sre', status='todo'))} to do.", [])
        return {
            "owner": [
                ("todo", f"{_items(_count(addon, side='owner', status='todo'))} to do.", []),
                stage,
                ("slos", "Define the SLOs.", []),
                ("sops", "List the SOPs.", []),
            ],
            # Four eyes: the engineer marked one of the two done items; the lead marked none.
            "sre": [sre_todo, ("verify", "1 checklist item to verify.", []), stage],
            "lead": [sre_todo, ("verify", "2 checklist items to verify.", []), stage],
        }.get(persona, edit)
    if scenario == "transition window":
        ends = timezone.localtime(addon.transition_started_at + timedelta(days=28))
        window = (
            "window",
            f"The transition can complete on {ends.day} {ends:%b %Y} if the SLOs hold.",
            [],
        )
        sre = [("todo", f"{_items(_count(addon, side='sre', status='todo'))} to do.", []), window]
        return {
            "owner": [
                ("todo", f"{_items(_count(addon, side='owner', status='todo'))} to do.", []),
                ("sops", "List the SOPs.", []),
                window,
            ],
            "sre": sre,
            "lead": sre,
        }.get(persona, edit)
    return edit


STEP = re.compile(
    r'<li [^>]*data-kind="([^"]+)"[^>]*>\s*<a href="[^"]+">([^<]+)</a>\s*'
    r'(?:<ul class="small mb-0" data-testid="step-details">(.*?)</ul>)?',
    re.S,
)


def _shown(html):
    return [
        (
            kind,
            unescape(text),
            [unescape(d) for d in re.findall(r"<li>([^<]+)</li>", details or "")],
        )
        for kind, text, details in STEP.findall(html)
    ]


def _addon_page_steps(client, addon):
    html = client.get(addon.get_absolute_url()).content.decode()
    card = html[html.index('id="actions-h"') :]
    listed = re.search(r'<ol [^>]*data-testid="next-steps">(.*?)</ol>', card, re.S)
    return _shown(listed.group(1)) if listed else []


def _my_work_steps(client, addon):
    html = client.get(reverse("home")).content.decode()
    card = re.search(rf'<article [^>]*data-addon="{addon.addon_id}">(.*?)</article>', html, re.S)
    return _shown(card.group(1)) if card else []


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_addon_page_and_my_work_list_exactly_what_waits_on_the_person(
    client, owner_team, make_addon, personas, scenario, persona
):
    addon = SCENARIOS[scenario](owner_team, make_addon, personas)
    client.force_login(personas[persona])
    expected = _expected(scenario, persona, addon, personas)
    assert _addon_page_steps(client, addon) == expected
    assert _my_work_steps(client, addon) == expected


def _allowed_by_its_rule(step, user, addon) -> bool:
    if step.rule.startswith("checklist."):
        who = AddonContext.of(user, addon)
        rule = ITEM_RULES[step.rule.removeprefix("checklist.")]
        return any(rule.allows(who, item) for item in addon.checklist_items.all())
    return RULES[step.rule].allows(user, addon)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_a_step_never_offers_what_its_action_would_refuse(
    client, owner_team, make_addon, personas, scenario, persona
):
    addon = SCENARIOS[scenario](owner_team, make_addon, personas)
    user = personas[persona]
    steps = next_steps_for(AddonContext.of(user, Addon.objects.get(pk=addon.pk)))
    for step in steps:
        if step.rule is None:
            assert step.kind == "window"  # a date, not an action
            continue
        assert _allowed_by_its_rule(step, user, Addon.objects.get(pk=addon.pk)), step
    # A transition the step names is the one the page offers as a form.
    client.force_login(user)
    html = client.get(addon.get_absolute_url()).content.decode()
    for step in steps:
        if step.rule and step.rule.startswith("transitions."):
            assert f'id="action-{step.kind}" data-action="{step.kind}"' in html


def _kinds(steps):
    return {kind: (text, details) for kind, text, details in steps}


def test_owners_are_told_to_start_sending_slo_data_when_the_window_has_none(
    client, make_addon, personas
):
    from tests.dashboard.test_waiting_on import _window_ended_without_data

    addon = _window_ended_without_data(make_addon)
    client.force_login(personas["owner"])
    expected = (
        "Start sending SLO data: 1 SLO without enough data.",
        ["latency: no data in the window yet"],
    )
    assert _kinds(_addon_page_steps(client, addon))["slo-data"] == expected
    assert _kinds(_my_work_steps(client, addon))["slo-data"] == expected
    # The SRE is not told to complete: only to extend, which the rule allows.
    client.force_login(personas["sre"])
    sre_steps = _kinds(_addon_page_steps(client, addon))
    assert "complete_transition" not in sre_steps and "slo-data" not in sre_steps
    assert "extend" in sre_steps
    for persona in ("owner", "sre"):
        for step in next_steps_for(
            AddonContext.of(personas[persona], Addon.objects.get(pk=addon.pk))
        ):
            assert _allowed_by_its_rule(step, personas[persona], addon), step


def test_owners_are_told_to_fill_the_metadata_that_blocks_production_approval(
    client, make_addon, personas
):
    from onboarding.models import AddonMetadata
    from onboarding.rules.guards import production_addon_yaml_valid

    addon = make_addon(State.ONBOARDING)
    client.force_login(personas["owner"])
    assert "metadata" not in _kinds(_addon_page_steps(client, addon))
    AddonMetadata.objects.filter(addon=addon).delete()
    addon = Addon.objects.get(pk=addon.pk)
    reason = production_addon_yaml_valid.blocker(addon)
    assert reason  # the guard of approve_production refuses: that is the step's detail
    expected = ("Fill in the managed-tenants metadata: production approval needs it.", [reason])
    assert _kinds(_addon_page_steps(client, addon))["metadata"] == expected
    assert _kinds(_my_work_steps(client, addon))["metadata"] == expected
    step = next(
        s for s in next_steps_for(AddonContext.of(personas["owner"], addon)) if s.kind == "metadata"
    )
    assert _allowed_by_its_rule(step, personas["owner"], addon)
    client.force_login(personas["sre"])
    assert "metadata" not in _kinds(_addon_page_steps(client, addon))
