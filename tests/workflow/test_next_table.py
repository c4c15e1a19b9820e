"""Issue 24 item 3: one "who acts next" table (rules/next.py).

For every state (and the sub-states that change who acts) and every persona: each step the table
gives that persona is one its rule allows them, or holds back only for a reason of the state
(never `Forbidden`) that the addon page shows; and in every state the party the addon waits on
can act — nobody is left waiting on someone who cannot.
"""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.models import SOP, Addon, AddonMetadata, ChecklistItem, Handover, State
from onboarding.rules import RULES
from onboarding.rules.base import Forbidden
from onboarding.rules.checklist import ITEM_RULES
from onboarding.rules.context import AddonContext
from onboarding.rules.next import PEOPLE, Party, Persona, duties, item_next
from onboarding.rules.roles import Role
from onboarding.services.checklist import item_mark_done, item_request_waiver
from onboarding.services.review import objection_raise
from tests.conftest import _persona
from tests.factories import AddonFactory
from tests.journey import add_slo_with_data, pass_gate, sign_off

pytestmark = pytest.mark.django_db

EVIDENCE = "https://evidence.example.com/run"
PERSONAS = ["owner", "architect", "manager", "lead", "sre", "other_lead", "outsider"]


@pytest.fixture
def people(personas):
    """One user per persona: the owner in the team, an architect, the manager, the assigned
    lead, the assigned Addon SRE engineer, an SRE lead not assigned, an owner of another team."""
    return {
        "owner": personas["owner"],
        "architect": personas["architect3"],
        "manager": personas["manager"],
        "lead": personas["lead"],
        "sre": personas["sre"],
        "other_lead": _persona("lead2", Role.LEAD),
        "outsider": personas["owner2"],
    }


@pytest.fixture(autouse=True)
def _pagerduty(settings):
    settings.PAGERDUTY_API_URL = "https://api.pagerduty.example"
    settings.PAGERDUTY_TOKEN = "token"  # noqa: S105 - not a secret
    settings.PAGERDUTY_PAGER_TEST_SERVICE_ID = "PTESTSV"


def _fresh(addon):
    return Addon.objects.get(pk=addon.pk)


def _set(addon, **fields):
    Addon.objects.filter(pk=addon.pk).update(**fields)
    return _fresh(addon)


def _items(addon, **filters):
    return ChecklistItem.objects.filter(addon=addon, **filters).order_by("pk")


# --- the states -----------------------------------------------------------------------------


def _draft_missing(make_addon, owner_team, p):
    return AddonFactory(team=owner_team, dependencies="", load_testing="")


def _draft_complete(make_addon, owner_team, p):
    return AddonFactory(team=owner_team)


def _objection(make_addon, owner_team, p):
    addon = make_addon(State.SUBMITTED)
    objection_raise(addon=addon, by=p["architect1"], note="The capacity plan is missing.")
    return addon


def _quorum(make_addon, owner_team, p):
    addon = make_addon(State.SUBMITTED)
    sign_off(addon, p["architect1"], p["architect2"])
    return addon


def _to_verify(make_addon, owner_team, p):
    addon = make_addon(State.ONBOARDING)
    item_mark_done(item=_items(addon, side="owner").first(), by=p["owner"], evidence_url=EVIDENCE)
    item_mark_done(item=_items(addon, side="sre").first(), by=p["sre"], evidence_url=EVIDENCE)
    return addon


def _waivers(make_addon, owner_team, p):
    """One waiver asked by the owners (the assigned lead decides), one by the assigned lead
    (another lead decides)."""
    addon = make_addon(State.ONBOARDING)
    item_request_waiver(
        item=_items(addon, side="owner").first(), by=p["owner"], justification="n/a"
    )
    item_request_waiver(item=_items(addon, side="sre").first(), by=p["lead"], justification="n/a")
    return addon


def _metadata_missing(make_addon, owner_team, p):
    addon = make_addon(State.ONBOARDING)
    AddonMetadata.objects.filter(addon=addon).delete()
    return addon


def _approvable(make_addon, owner_team, p):
    """Onboarding with the production gate passed, the stage deploy and an SLO recorded."""
    addon = make_addon(State.ONBOARDING)
    pass_gate(addon, "production")
    add_slo_with_data(addon, now=timezone.now())
    SOP.objects.create(addon=addon, title="Down", url="https://sops.example.com/d")
    return _set(addon, stage_enabled=True, stage_deployed_on=timezone.localdate())


def _in_window(make_addon, owner_team, p):
    addon = make_addon(State.TRANSITION)
    return _set(addon, transition_started_at=timezone.now() - timedelta(days=5))


def _window_without_data(make_addon, owner_team, p):
    from tests.dashboard.test_waiting_on import _window_ended_without_data

    return _window_ended_without_data(make_addon)


def _window_missed(make_addon, owner_team, p):
    """A full window ran with data that misses the objective: the SRE extends."""
    addon = make_addon(State.TRANSITION)
    addon.slos.all().delete()
    add_slo_with_data(addon, now=timezone.now(), days=29, good=900)
    pass_gate(addon, "handover")
    SOP.objects.create(addon=addon, title="D", url="https://sops.example.com/d", status="approved")
    return _set(addon, transition_started_at=timezone.now() - timedelta(days=30))


def _completable(make_addon, owner_team, p):
    addon = make_addon(State.TRANSITION)
    pass_gate(addon, "handover")
    SOP.objects.create(addon=addon, title="D", url="https://sops.example.com/d", status="approved")
    return _set(addon, transition_started_at=timezone.now() - timedelta(days=30))


def _pager_test_due(make_addon, owner_team, p):
    return make_addon(State.TRANSITIONED)


def _pager_test_unacknowledged(make_addon, owner_team, p):
    from onboarding.models import PagerTest

    addon = make_addon(State.TRANSITIONED)
    PagerTest.objects.create(
        handover=addon.handover,
        escalation_policy_id="PSRE247",
        service_id="PTESTSV",
        incident_id="PT00001",
        triggered_by=p["sre"],
        triggered_at=timezone.now(),
    )
    return addon


def _shadow_due(make_addon, owner_team, p):
    from tests.transition.handover_steps import acknowledge_pager_test

    addon = make_addon(State.TRANSITIONED)
    acknowledge_pager_test(addon)
    return addon


def _shadowing(make_addon, owner_team, p):
    from onboarding.services.handover_steps import shadow_start

    addon = _shadow_due(make_addon, owner_team, p)
    shadow_start(addon=_fresh(addon), by=p["lead"])
    return addon


def _push_due(make_addon, owner_team, p):
    from tests.transition.handover_steps import end_shadow

    addon = _shadowing(make_addon, owner_team, p)
    end_shadow(addon)
    return addon


def _handover_status(status, verification=Handover.Verification.NOT_RUN):
    def make(make_addon, owner_team, p):
        addon = make_addon(State.TRANSITIONED)
        Handover.objects.filter(addon=addon).update(
            status=status, verification=verification, escalation_policy_id="PSRE247"
        )
        return addon

    return make


def _handed_over_failing(make_addon, owner_team, p):
    """Addon SRE carries the pager and an SLO misses: the lead may hand it back."""
    addon = _handover_status(Handover.Status.DONE, Handover.Verification.VERIFIED)(
        make_addon, owner_team, p
    )
    addon.slos.all().delete()
    add_slo_with_data(addon, now=timezone.now(), days=29, good=900)
    return addon


def _state(state):
    return lambda make_addon, owner_team, p: make_addon(state)


STATES = {
    "draft, fields missing": _draft_missing,
    "draft, complete": _draft_complete,
    "changes requested": _state(State.CHANGES_REQUESTED),
    "submitted": _state(State.SUBMITTED),
    "submitted, objection open": _objection,
    "submitted, quorum met": _quorum,
    "accepted": _state(State.ACCEPTED),
    "assigned": _state(State.ASSIGNED),
    "onboarding": _state(State.ONBOARDING),
    "onboarding, items to verify": _to_verify,
    "onboarding, waivers to decide": _waivers,
    "onboarding, metadata missing": _metadata_missing,
    "onboarding, production gate passed": _approvable,
    "production approved": _state(State.PRODUCTION_APPROVED),
    "transition, window running": _in_window,
    "transition, window ended without data": _window_without_data,
    "transition, window missed": _window_missed,
    "transition, ready to complete": _completable,
    "handover, pager test due": _pager_test_due,
    "handover, pager test unacknowledged": _pager_test_unacknowledged,
    "handover, shadow to start": _shadow_due,
    "handover, shadowing": _shadowing,
    "handover, push due": _push_due,
    "handover, merge request open": _handover_status(Handover.Status.REQUESTED),
    "handover, failed": _handover_status(Handover.Status.FAILED),
    "handover, check failed": _handover_status(
        Handover.Status.DONE, Handover.Verification.MISMATCH
    ),
    "handed over, SLO failing (hand-back)": _handed_over_failing,
    "rejected": _state(State.REJECTED),
    "withdrawn": _state(State.WITHDRAWN),
}


# --- asking the rules -----------------------------------------------------------------------


def _reasons(duty, user, addon) -> list:
    """Why `user` may not take the duty's step now: [] when its rule allows it."""
    if duty.rule is None:
        return []
    if duty.rule.startswith("checklist."):
        rule = ITEM_RULES[duty.rule.removeprefix("checklist.")]
        who = AddonContext.of(user, addon)
        mine = [i for i in addon.checklist_items.all() if _item_is(duty, i)]
        reasons = [rule.why_not(who, item) for item in mine]
        return [] if None in reasons else reasons
    reason = RULES[duty.rule].why_not(user, addon)
    return [] if reason is None else [reason]


def _item_is(duty, item) -> bool:
    """Whether the item is one the checklist duty is about: the table's row for the item."""
    row = item_next(item)
    if row is None or row.action != duty.rule:
        return False
    if duty.kind in ("owner_todo", "sre_todo"):
        return row.party == (Party.OWNERS if duty.kind == "owner_todo" else Party.SRE)
    if duty.kind in ("waivers", "lead_waivers"):
        return row.party == (Party.LEAD if duty.kind == "waivers" else Party.ANY_LEAD)
    return True


def _page(client, user, addon, duty) -> str:
    """The page that offers the step: the checklist for an item move, else the addon page."""
    client.force_login(user)
    url = addon.get_absolute_url()
    if duty.rule.startswith("checklist."):
        url = reverse("checklist", args=[addon.addon_id]) + "?show=all"
    return unescape(client.get(url).content.decode())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", list(STATES))
def test_every_step_the_table_gives_a_persona_is_one_its_rule_allows(
    client, make_addon, owner_team, personas, people, state, persona
):
    addon = _fresh(STATES[state](make_addon, owner_team, personas))
    user = people[persona]
    persona_of = Persona.of(AddonContext.of(user, addon))
    for duty in duties(AddonContext.of(None, addon)):
        if not persona_of.takes(duty):
            continue
        for reason in _reasons(duty, user, _fresh(addon)):
            assert not isinstance(reason, Forbidden), (duty.kind, reason)
            assert str(reason) in _page(client, user, addon, duty), (duty.kind, reason)


@pytest.mark.parametrize("state", list(STATES))
def test_in_every_state_the_party_waited_on_can_act(
    make_addon, owner_team, personas, people, state
):
    addon = _fresh(STATES[state](make_addon, owner_team, personas))
    everyone = [*personas.values(), people["other_lead"]]
    due = duties(AddonContext.of(None, addon))
    waited = [d for d in due if d.waits]
    closed = state in ("withdrawn",) or not due
    assert waited or closed or state.startswith("handed over"), state
    for duty in waited:
        if duty.party not in PEOPLE:
            # A date or an outside system: a date is named; someone else may act meanwhile.
            assert duty.until or duty.kind == "handover", duty.kind
            continue
        able = [
            u
            for u in everyone
            if duty.party in Persona.of(AddonContext.of(u, addon)).parties
            and not _reasons(duty, u, _fresh(addon))
        ]
        assert able, f"{state}: the addon waits on {duty.party} to {duty.step.does}, who cannot"


def _waiting(addon):
    return {(d.kind, d.party) for d in duties(AddonContext.of(None, addon)) if d.waits}


def test_a_window_ended_without_data_waits_on_the_owners_for_data_and_the_sre_to_extend(
    make_addon, owner_team, personas
):
    addon = _fresh(_window_without_data(make_addon, owner_team, personas))
    waiting = _waiting(addon)
    assert ("slo_data", Party.OWNERS) in waiting and ("extend", Party.SRE) in waiting
    assert not any(kind == "complete_transition" for kind, _ in waiting)


def test_missing_metadata_is_an_owner_step_that_production_approval_waits_for(
    make_addon, owner_team, personas
):
    addon = _fresh(_metadata_missing(make_addon, owner_team, personas))
    [metadata] = [d for d in duties(AddonContext.of(None, addon)) if d.kind == "metadata"]
    assert metadata.party == Party.OWNERS and metadata.rule == "addon.metadata_edit"
    assert RULES["addon.metadata_edit"].allows(personas["owner"], addon)
    assert not RULES["addon.metadata_edit"].allows(personas["sre"], addon)


def test_the_last_step_waits_only_once_nothing_else_is_open(make_addon, owner_team, personas):
    addon = _fresh(_state(State.ONBOARDING)(make_addon, owner_team, personas))
    [last] = [d for d in duties(AddonContext.of(None, addon)) if d.kind == "approve_production"]
    assert not last.waits  # the owners' and the SRE's checklist items come first
    ready = _fresh(_completable(make_addon, owner_team, personas))
    assert _waiting(ready) == {("complete_transition", Party.SRE)}
    assert RULES["transitions.complete_transition"].allows(personas["sre"], ready)


def test_a_waiver_the_assigned_lead_asked_for_waits_on_another_lead(
    client, make_addon, owner_team, personas, people
):
    addon = _fresh(_waivers(make_addon, owner_team, personas))
    waiting = _waiting(addon)
    assert ("waivers", Party.LEAD) in waiting and ("lead_waivers", Party.ANY_LEAD) in waiting
    from tests.dashboard.test_waiting_on import _waiting_on

    lead = personas["lead"]
    said = _waiting_on(client, personas["owner"], addon)
    assert f"{lead} (SRE lead): 1 waiver request to decide" in said
    assert f"an Addon SRE lead other than {lead}: 1 waiver request to decide" in said


def test_a_stuck_addon_reminds_the_parties_the_table_names(make_addon, owner_team, personas):
    from onboarding.services.reminders import _responsible

    addon = _fresh(_state(State.ACCEPTED)(make_addon, owner_team, personas))
    assert _responsible(addon) == ["manager@example.com"]
    window = _fresh(_in_window(make_addon, owner_team, personas))
    # Owner and SRE work is open; the SLO window is a date, not a person.
    assert "ds@example.com" in _responsible(window) and "sre@example.com" in _responsible(window)


def test_the_checklist_names_and_tells_whom_the_table_says_acts_on_an_item(
    make_addon, owner_team, personas, people
):
    from onboarding.models import Notification
    from onboarding.rules.checklist import next_actor
    from onboarding.services.checklist_comments import item_comment_post

    addon = _fresh(_waivers(make_addon, owner_team, personas))
    by_owner = _items(addon, status="waiver_requested", side="owner").get()
    by_lead = _items(addon, status="waiver_requested", side="sre").get()
    assert next_actor(by_owner) == "Next: the assigned SRE lead decides the waiver."
    lead = personas["lead"]
    assert next_actor(by_lead) == f"Next: an Addon SRE Lead other than {lead} decides the waiver."
    # The discussion tells the lead who may decide it (another lead), not only the one who asked.
    item_comment_post(item=by_lead, by=personas["owner"], body="Why does this not apply?")
    told = Notification.objects.filter(subject__contains="commented on checklist item").get()
    assert "lead2@example.com" in told.recipients and "lead@example.com" in told.recipients
    assert next_actor(_items(addon, status="todo", side="owner").first()) == (
        "Next: the owner team marks it done (or asks for a waiver)."
    )
