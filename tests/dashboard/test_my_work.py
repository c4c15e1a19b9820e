from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onboarding.demo.workflow import add_slo_with_data
from onboarding.models import SLO, SOP, Addon, ChecklistItem, Handover, SignOff

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_owner_sees_team_addons_and_open_items(client, owner, make_addon):
    addon = make_addon("onboarding")
    item = ChecklistItem.objects.filter(addon=addon, side="owner").first()
    page = _page(client, owner)
    assert addon.name in page
    assert item.title in page


def test_architect_sees_what_waits_for_their_signoff(client, architect1, architect3, make_addon):
    signed, unsigned = make_addon("submitted"), make_addon("submitted")
    SignOff.objects.create(addon=signed, architect=architect3, intake_revision=1)
    page = _page(client, architect3)
    section = page.split("Waiting for my sign-off")[1].split("The review queue")[0]
    assert unsigned.name in section and signed.name not in section


def test_lead_sees_addons_to_scope(client, lead, make_addon):
    addon = make_addon("assigned")
    assert addon.name in _page(client, lead).split("Addons to scope")[1]


def test_sre_sees_items_sops_and_viable_addons(client, sre, make_addon):
    addon = make_addon("transition")
    item = ChecklistItem.objects.filter(addon=addon).first()
    ChecklistItem.objects.filter(pk=item.pk).update(status="done")
    SOP.objects.create(addon=addon, title="Restart the operator", url="https://sops.example.com/r")
    SLO.objects.filter(addon=addon).update(last_status="met", last_evaluated_at=timezone.now())
    Addon.objects.filter(pk=addon.pk).update(
        transition_started_at=timezone.now() - timedelta(days=29)
    )
    page = _page(client, sre)
    assert item.title in page.split("Checklist items to verify")[1].split("SOPs to review")[0]
    assert "Restart the operator" in page
    assert addon.name in page.split("Viable: every SLO met")[1]


def test_an_addon_whose_window_has_not_elapsed_is_not_offered_as_viable(client, sre, make_addon):
    """My work lists what complete_transition's guard would accept (issue 13)."""
    addon = make_addon("transition")
    SLO.objects.filter(addon=addon).update(last_status="met", last_evaluated_at=timezone.now())
    assert addon.name not in _page(client, sre).split("Viable: every SLO met")[1]


def test_addon_with_a_missed_slo_is_not_viable(client, sre, make_addon):
    addon = make_addon("transition")
    SLO.objects.filter(addon=addon).update(last_status="met")
    missed = add_slo_with_data(addon, now=timezone.now(), name="latency")
    SLO.objects.filter(pk=missed.pk).update(last_status="missed")
    assert addon.name not in _page(client, sre).split("Viable: every SLO met")[1]


def test_manager_sees_addons_to_assign_and_failed_handovers(client, manager, make_addon):
    accepted = make_addon("accepted")
    failed = make_addon("submitted")
    Handover.objects.create(
        addon=failed, status="failed", escalation_policy_id="P", last_error="503 from PagerDuty"
    )
    page = _page(client, manager)
    assert accepted.name in page.split("Addons to assign")[1]
    assert "503 from PagerDuty" in page


def test_empty_states_say_what_to_do_next(client, manager):
    page = _page(client, manager)
    assert "No accepted addon waits for assignment." in page
    assert "No failed pager handovers." in page


def _queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_work(client, personas, make_addon):
    everyone = personas["manager"]
    everyone.groups.add(
        *personas["owner"].groups.all(),
        *personas["architect1"].groups.all(),
        *personas["lead"].groups.all(),
    )
    make_addon("accepted")
    small = _queries(client, everyone)
    for state in ["accepted", "submitted", "assigned", "onboarding"]:
        make_addon(state)
    assert _queries(client, everyone) == small
