from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onboarding.errors import ActionRefused
from onboarding.models import ChecklistItem, State
from onboarding.services.transitions import addon_approve_production
from tests.checklist.conftest import html
from tests.journey import add_slo_with_data, pass_gate

pytestmark = pytest.mark.both_databases

Status = ChecklistItem.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ready_but_checklist(onboarding_addon):
    """Every production guard but the checklist holds."""
    onboarding_addon.stage_deployed_on = timezone.localdate() - timedelta(days=7)
    onboarding_addon.save(update_fields=["stage_deployed_on"])
    add_slo_with_data(onboarding_addon, now=timezone.now(), days=1)
    return onboarding_addon


def test_production_gate_refuses_listing_the_blocking_items(ready_but_checklist, sre):
    pass_gate(ready_but_checklist, "production")
    ChecklistItem.objects.filter(addon=ready_but_checklist, key__in=["CONT-1", "GATE-2"]).update(
        status=Status.DONE
    )
    with pytest.raises(ActionRefused) as refusal:
        addon_approve_production(addon=ready_but_checklist, by=sre)
    assert "2 production-gate checklist items" in refusal.value.message
    assert "CONT-1" in refusal.value.message and "GATE-2" in refusal.value.message
    ready_but_checklist.refresh_from_db()
    assert ready_but_checklist.state == State.ONBOARDING


def test_production_gate_refuses_an_empty_checklist(ready_but_checklist, sre):
    ChecklistItem.objects.filter(addon=ready_but_checklist).delete()
    with pytest.raises(ActionRefused, match="no acceptance checklist"):
        addon_approve_production(addon=ready_but_checklist, by=sre)


def test_waived_items_pass_the_production_gate(ready_but_checklist, sre):
    pass_gate(ready_but_checklist, "production")
    ChecklistItem.objects.filter(addon=ready_but_checklist, key="RELI-4").update(
        status=Status.WAIVED
    )
    addon = addon_approve_production(addon=ready_but_checklist, by=sre)
    assert addon.state == State.PRODUCTION_APPROVED


def test_addon_page_lists_what_blocks_the_next_gate(client, onboarding_addon, owner):
    pass_gate(onboarding_addon, "production")
    item = ChecklistItem.objects.get(addon=onboarding_addon, key="SEC-3")
    item.status = Status.TO_DO
    item.save()
    client.force_login(owner)
    page = html(client.get(onboarding_addon.get_absolute_url()))
    assert "Still blocking the production gate (1)" in page
    # Whoever's item it is, the link shows it: the "all items" view, not "needs my action".
    link = reverse("checklist", args=[onboarding_addon.addon_id]) + f"?show=all#item-{item.pk}"
    assert f'href="{link}"' in page


def page_url(addon, **query):
    from urllib.parse import urlencode

    url = reverse("checklist", args=[addon.addon_id])
    return f"{url}?{urlencode(query)}" if query else url


def action_url(item, action):
    return reverse("checklist_item_action", args=[item.addon.addon_id, item.pk, action])


def test_page_groups_items_and_shows_progress(client, onboarding_addon, owner):
    client.force_login(owner)
    page = html(client.get(page_url(onboarding_addon, show="all")))
    assert '<summary><span class="fw-semibold">Continuity</span>' in page
    assert "0 of 44 verified or waived (0%)" in page
    assert 'data-testid="progress-gate-production"' in page
    assert 'data-testid="progress-category-security-text">0/4 passed</span>' in page
    # the owner-side items (44 less 8 SRE-side), each with a button of the one mark-done form
    assert page.count('form="checklist-done">Mark done</button>') == 36
    assert 'form="checklist-verify">Verify</button>' not in page


def test_filters_narrow_the_items(client, onboarding_addon, owner, item_of):
    item_of("INC-1").__class__.objects.filter(pk=item_of("INC-1").pk).update(status=Status.DONE)
    client.force_login(owner)
    page = html(client.get(page_url(onboarding_addon, show="all", status="done")))
    assert page.count('class="checklist-row"') == 1
    page = html(client.get(page_url(onboarding_addon, side="mine", gate="handover")))
    assert page.count('class="checklist-row"') == 5  # OBS-6, REL-5, RELI-9, RELI-10, RELI-11
    assert 'data-key="TRAN-1"' not in page


def test_htmx_action_returns_the_item_and_the_progress_bars(
    client, onboarding_addon, owner, item_of
):
    item = item_of("INC-1")
    client.force_login(owner)
    response = client.post(action_url(item, "mark_done"), {"notes": "list ok"}, **HTMX)
    body = html(response)
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith(f'<li id="item-{item.pk}"')
    assert (
        'id="checklist-progress" class="card mb-2" aria-label="Progress" hx-swap-oob="true"' in body
    )
    assert response["HX-Retarget"] == f"#item-{item.pk}"
    assert "autofocus" in body and "marked done; an Addon SRE verifies it next." in body
    assert item_of("INC-1").status == Status.DONE


def test_htmx_refusal_shows_the_message_in_the_fragment(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    response = client.post(action_url(item, "mark_done"), {"evidence_url": ""}, **HTMX)
    assert response.status_code == 200
    assert "This item needs evidence" in html(response)
    assert item_of("CONT-1").status == Status.TO_DO


def test_plain_post_redirects_back_to_the_item(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    response = client.post(
        action_url(item, "mark_done"),
        {"evidence_url": "https://docs.example.com/c1", "return_query": "status=todo&x=1"},
    )
    assert response.status_code == 302
    assert response.url == page_url(item.addon, status="todo") + f"#item-{item.pk}"
    assert item_of("CONT-1").evidence_url == "https://docs.example.com/c1"


def test_plain_post_refusal_rerenders_the_page_with_the_field_error(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    response = client.post(action_url(item, "mark_done"), {"evidence_url": "not a url"})
    assert response.status_code == 400
    page = html(response)
    assert "Give an http(s) URL" in page and 'value="not a url"' in page
    assert item_of("CONT-1").status == Status.TO_DO


def test_wrong_role_gets_403_and_other_team_404(client, owner, owner2, item_of):
    item = item_of("RELI-5")
    client.force_login(owner)
    assert client.post(action_url(item, "mark_done")).status_code == 403
    client.force_login(owner2)
    assert client.post(action_url(item, "mark_done")).status_code == 404
    assert client.get(page_url(item.addon)).status_code == 404


def test_lead_decides_a_waiver_on_the_page(client, lead, item_of):
    item = item_of("RELI-4")
    ChecklistItem.objects.filter(pk=item.pk).update(status=Status.WAIVER_REQUESTED)
    client.force_login(lead)
    page = html(client.get(page_url(item.addon)))
    assert f'value="{item.pk}" form="checklist-approve">Approve waiver</button>' in page
    response = client.post(action_url(item, "decide_waiver"), {"decision": "approve"}, **HTMX)
    assert "1 of 44 verified or waived" in html(response)
    assert item_of("RELI-4").status == Status.WAIVED


def _replace_items(addon, count, people):
    ChecklistItem.objects.filter(addon=addon).delete()
    categories = ["Continuity", "Observability", "Reliability", "Security"]
    statuses = list(Status)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            addon=addon,
            template_version=1,
            position=n,
            key=f"K-{n}",
            category=categories[n % 4],
            title=f"Item {n}",
            side="owner" if n % 3 else "sre",
            gate="production" if n % 2 else "handover",
            status=statuses[n % len(statuses)],
            evidence_url="https://docs.example.com/e" if n % 2 else "",
            done_by=people[0],
            done_at=timezone.now(),
            verified_by=people[1],
            verified_at=timezone.now(),
            waiver_requested_by=people[0],
            waiver_decided_by=people[2],
            waiver_decided_at=timezone.now(),
        )
        for n in range(count)
    )


@pytest.mark.parametrize("persona", ["owner", "lead", "sre"])
def test_page_query_count_does_not_grow_with_items(client, onboarding_addon, personas, persona):
    people = [personas["owner"], personas["sre"], personas["lead"]]
    client.force_login(personas[persona])
    counts = []
    for count in (10, 150):
        _replace_items(onboarding_addon, count, people)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_url(onboarding_addon, show="all"))
        assert response.status_code == 200
        assert html(response).count('class="checklist-row"') == count
        with CaptureQueriesContext(connection) as default_view:
            assert client.get(page_url(onboarding_addon)).status_code == 200
        counts.append((len(queries), len(default_view)))
    assert counts[0] == counts[1]
