"""'My work' (home): per addon, the steps that wait on the person — the addon page's."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onboarding.models import SOP, Addon, ChecklistItem, Handover, SignOff
from onboarding.services.checklist import item_mark_done
from tests.journey import add_slo_with_data, pass_gate

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _card(page, addon):
    """The addon's card on My work, or '' when nothing of it is shown."""
    found = re.search(rf'<article [^>]*data-addon="{addon.addon_id}">(.*?)</article>', page, re.S)
    return found.group(1) if found else ""


def _steps(card):
    return re.findall(r'data-kind="([^"]+)"[^>]*>\s*<a href="[^"]+">([^<]+)</a>', card)


def test_owner_sees_the_checklist_items_their_team_has_to_do(client, owner, make_addon):
    addon = make_addon("onboarding")
    todo = ChecklistItem.objects.filter(addon=addon, side="owner", status="todo").count()
    card = _card(_page(client, owner), addon)
    assert ("todo", f"{todo} checklist items to do.") in _steps(card)


def test_owner_sees_whom_a_team_addon_under_review_waits_on(client, owner, make_addon):
    addon = make_addon("submitted")
    card = _card(_page(client, owner), addon)
    assert _steps(card) == []
    assert "Waits on <strong>the architects</strong>: 0 of 2 sign-offs in round 1." in card


def test_architect_sees_only_the_intakes_awaiting_their_sign_off(
    client, architect1, architect3, make_addon
):
    signed, unsigned = make_addon("submitted"), make_addon("submitted")
    SignOff.objects.create(addon=signed, architect=architect3, intake_revision=1)
    page = _page(client, architect3)
    assert _card(page, signed) == ""
    kinds = [kind for kind, _ in _steps(_card(page, unsigned))]
    assert kinds == ["sign_off"]


def test_lead_sees_the_addon_to_scope(client, lead, make_addon):
    addon = make_addon("assigned")
    steps = _steps(_card(_page(client, lead), addon))
    assert steps == [
        ("scope", "Record the scope: work items, estimate and target production date.")
    ]


def test_sre_sees_items_to_verify_but_not_the_ones_they_marked_done(client, sre, owner, make_addon):
    addon = make_addon("transition")
    todo = ChecklistItem.objects.filter(addon=addon, status="todo")
    evidence = "https://evidence.example.com/run"
    item_mark_done(item=todo.filter(side="owner").first(), by=owner, evidence_url=evidence)
    item_mark_done(item=todo.filter(side="sre").first(), by=sre, evidence_url=evidence)
    SOP.objects.create(addon=addon, title="Restart the operator", url="https://sops.example.com/r")
    card = _card(_page(client, sre), addon)
    assert ("verify", "1 checklist item to verify.") in _steps(card)
    assert ("sop-review", "1 SOP to review.") in _steps(card)
    assert "<li>Restart the operator</li>" in card


def test_an_addon_in_its_window_shows_the_day_it_can_complete(client, sre, make_addon):
    addon = make_addon("transition")
    started = timezone.now() - timedelta(days=3)
    Addon.objects.filter(pk=addon.pk).update(transition_started_at=started)
    ends = timezone.localtime(started + timedelta(days=28))
    card = _card(_page(client, sre), addon)
    expected = f"The transition can complete on {ends.day} {ends:%b %Y} if the SLOs hold."
    assert ("window", expected) in _steps(card)
    assert "complete_transition" not in [kind for kind, _ in _steps(card)]


def _viable(make_addon):
    """An addon whose window elapsed with every SLO met, its SOP approved, its gate passed."""
    addon = make_addon("transition")
    Addon.objects.filter(pk=addon.pk).update(
        transition_started_at=timezone.now() - timedelta(days=29)
    )
    pass_gate(addon, "handover")
    SOP.objects.create(
        addon=addon, title="Disk full", url="https://sops.example.com/d", status="approved"
    )
    return addon


def test_sre_is_offered_to_complete_a_viable_transition(client, sre, make_addon):
    addon = _viable(make_addon)
    steps = _steps(_card(_page(client, sre), addon))
    assert steps == [
        (
            "complete_transition",
            "Complete the transition: this starts the pager handover (pager test, shadow, merge request).",
        )
    ]


def test_an_addon_with_a_missed_slo_is_offered_an_extension_not_completion(client, sre, make_addon):
    addon = _viable(make_addon)
    add_slo_with_data(addon, now=timezone.now(), name="latency", good=900)
    steps = _steps(_card(_page(client, sre), addon))
    assert steps == [
        (
            "extend",
            "Extend the transition period: the latest window was not met by latency (missed).",
        )
    ]


def test_sre_home_costs_the_same_with_more_viable_addons(client, sre, make_addon):
    _viable(make_addon)
    _queries(client, sre)
    small = _queries(client, sre)
    _viable(make_addon), _viable(make_addon)
    assert _queries(client, sre) == small


def test_manager_sees_the_addon_to_assign_and_failed_handovers(client, manager, make_addon):
    accepted = make_addon("accepted")
    failed = make_addon("submitted")
    Handover.objects.create(
        addon=failed, status="failed", escalation_policy_id="P", last_error="503 from PagerDuty"
    )
    page = _page(client, manager)
    assert _steps(_card(page, accepted)) == [
        ("assign", "Assign the addon to an Addon SRE lead and engineers.")
    ]
    assert "503 from PagerDuty" in page


def test_empty_states_say_what_to_do_next(client, manager, owner):
    page = _page(client, manager)
    assert "Nothing waits on you right now." in page
    assert "No failed pager handovers." in page
    assert "Your team has no open addon" in _page(client, owner)


def _queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx.captured_queries)


STATES = ["changes_requested", "submitted", "accepted", "assigned", "onboarding", "transition"]


def test_query_count_does_not_grow_with_work(client, personas, make_addon):
    everyone = personas["manager"]
    everyone.groups.add(
        *personas["owner"].groups.all(),
        *personas["architect1"].groups.all(),
        *personas["lead"].groups.all(),
    )
    for state in STATES:
        make_addon(state)
    _queries(client, everyone)  # a first request fills the caches (settings, collection clock)
    small = _queries(client, everyone)
    for state in STATES:
        make_addon(state)
    assert _queries(client, everyone) == small


def test_an_architect_with_a_long_queue_is_told_more_waits_than_is_shown(
    client, architect1, make_addon
):
    from onboarding.selectors.my_work import LIMIT

    addons = [make_addon("submitted") for _ in range(LIMIT)]
    page = _page(client, architect1)
    assert all(_card(page, a) for a in addons)
    assert 'data-testid="more-work"' not in page

    extra = make_addon("submitted")
    page = _page(client, architect1)
    assert sum(bool(_card(page, a)) for a in [*addons, extra]) == LIMIT
    assert f"These are the {LIMIT} addons waiting longest; more may wait on you." in page
    assert 'href="/addons/">All addons</a> lists the rest.' in page
