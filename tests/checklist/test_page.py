"""The checklist page: the default "needs my action" view, one form per move, a light DOM."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from onboarding.models import ChecklistItem, State
from onboarding.services import checklist as c
from tests.checklist.conftest import html
from tests.checklist.dom import duplicate_ids, element_count

Status = ChecklistItem.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(addon, **query):
    url = reverse("checklist", args=[addon.addon_id])
    return f"{url}?{urlencode(query)}" if query else url


def move_url(addon, action):
    return reverse("checklist_action", args=[addon.addon_id, action])


def keys_shown(page) -> set[str]:
    import re

    return set(re.findall(r'class="checklist-row" data-key="([^"]+)"', page))


@pytest.mark.parametrize("persona", ["owner", "sre", "lead", "manager"])
def test_the_44_item_default_checklist_has_at_most_600_elements_and_no_duplicate_id(
    client, onboarding_addon, personas, persona
):
    client.force_login(personas[persona])
    page = html(client.get(page_url(onboarding_addon)))
    assert element_count(page) <= 600, element_count(page)
    assert duplicate_ids(page) == []
    assert page.count("<form") <= 5  # logout, the filters and one per move (not one per item)
    assert "<textarea" not in page  # reopen and waiver forms come on demand


def test_owner_sees_only_the_items_that_need_them_by_default(client, onboarding_addon, owner):
    ChecklistItem.objects.filter(addon=onboarding_addon, key="INC-1").update(status=Status.DONE)
    client.force_login(owner)
    page = html(client.get(page_url(onboarding_addon)))
    owner_todo = ChecklistItem.objects.filter(addon=onboarding_addon, side="owner", status="todo")
    assert keys_shown(page) == set(owner_todo.values_list("key", flat=True))
    assert "Needs my action (35)" in page and "All items (44)" in page
    everything = html(client.get(page_url(onboarding_addon, show="all")))
    assert len(keys_shown(everything)) == 44


def test_sre_by_default_sees_what_to_verify_and_their_own_side(
    client, onboarding_addon, owner, sre, item_of
):
    c.item_mark_done(item=item_of("INC-1"), by=owner)
    c.item_mark_done(item=item_of("RELI-5"), by=sre)  # their own: four eyes, not theirs to verify
    client.force_login(sre)
    page = html(client.get(page_url(onboarding_addon)))
    sre_todo = ChecklistItem.objects.filter(addon=onboarding_addon, side="sre", status="todo")
    assert keys_shown(page) == {"INC-1", *sre_todo.values_list("key", flat=True)}
    assert 'form="checklist-verify">Verify</button>' in page


def test_the_category_hint_is_shown_once_per_category(client, onboarding_addon, owner):
    client.force_login(owner)
    page = html(client.get(page_url(onboarding_addon, show="all")))
    hint = "Link the design or runbook that shows how data survives failures and is restored."
    assert page.count(hint) == 1


def test_someone_without_a_move_sees_all_items_by_default(client, onboarding_addon, manager):
    client.force_login(manager)
    page = html(client.get(page_url(onboarding_addon)))
    assert len(keys_shown(page)) == 44
    assert "Mark done" not in page


def test_nothing_to_do_says_so_and_links_to_all_items(client, onboarding_addon, owner):
    ChecklistItem.objects.filter(addon=onboarding_addon).update(status=Status.VERIFIED)
    client.force_login(owner)
    page = html(client.get(page_url(onboarding_addon)))
    assert "Nothing on this checklist needs your action now." in page
    assert '<a href="?show=all">Show all items</a>' in page


def test_a_row_button_posts_the_item_to_the_one_form_of_its_move(client, owner, item_of):
    item = item_of("CONT-1")
    other = item_of("CONT-2")
    client.force_login(owner)
    data = {
        "item": item.pk,
        f"evidence_url-{item.pk}": "https://docs.example.com/c1",
        f"evidence_url-{other.pk}": "https://docs.example.com/not-this-one",
        "return_query": "show=all",
    }
    response = client.post(move_url(item.addon, "mark_done"), data)
    assert response.status_code == 302
    assert response.url == page_url(item.addon, show="all") + f"#item-{item.pk}"
    assert item_of("CONT-1").evidence_url == "https://docs.example.com/c1"
    assert item_of("CONT-2").status == Status.TO_DO


def test_a_refused_row_move_shows_the_message_next_to_its_evidence(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    data = {"item": item.pk, f"evidence_url-{item.pk}": "not a url"}
    response = client.post(move_url(item.addon, "mark_done"), data)
    assert response.status_code == 400
    page = html(response)
    assert f'id="item-{item.pk}-err" role="alert">Give an http(s) URL' in page
    assert 'value="not a url" aria-label="Evidence URL (required)"' in page
    assert f'aria-invalid="true" aria-describedby="item-{item.pk}-err"' in page
    assert item_of("CONT-1").status == Status.TO_DO


def test_a_row_move_by_htmx_answers_with_the_row_retargeted(client, owner, item_of):
    item = item_of("INC-1")
    client.force_login(owner)
    response = client.post(move_url(item.addon, "mark_done"), {"item": item.pk}, **HTMX)
    assert response["HX-Retarget"] == f"#item-{item.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    body = html(response)
    assert body.lstrip().startswith(f'<li id="item-{item.pk}" class="checklist-row"')
    assert "INC-1 marked done; an Addon SRE verifies it next." in body
    assert 'id="category-incident-management-done"' in body and "hx-swap-oob" in body
    assert item_of("INC-1").status == Status.DONE


def test_an_item_of_another_addon_is_not_found_through_this_one(
    client, make_addon, onboarding_addon, owner
):
    foreign = ChecklistItem.objects.get(addon=make_addon(State.ONBOARDING), key="INC-1")
    client.force_login(owner)
    response = client.post(move_url(onboarding_addon, "mark_done"), {"item": foreign.pk})
    assert response.status_code == 404
    assert ChecklistItem.objects.get(pk=foreign.pk).status == Status.TO_DO
    assert client.post(move_url(onboarding_addon, "mark_done"), {"item": "x"}).status_code == 404


def test_the_shared_forms_refuse_the_wrong_role(client, owner, item_of):
    item = item_of("RELI-5")  # SRE side
    client.force_login(owner)
    assert client.post(move_url(item.addon, "mark_done"), {"item": item.pk}).status_code == 403
    assert item_of("RELI-5").status == Status.TO_DO


def test_lead_approves_a_waiver_from_the_row(client, lead, item_of):
    item = item_of("RELI-4")
    ChecklistItem.objects.filter(pk=item.pk).update(status=Status.WAIVER_REQUESTED)
    client.force_login(lead)
    data = {"item": item.pk, "decision": "approve"}
    assert client.post(move_url(item.addon, "decide_waiver"), data).status_code == 302
    assert item_of("RELI-4").status == Status.WAIVED


def test_the_panel_comes_into_the_row_on_demand(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    url = reverse("checklist_item", args=[item.addon.addon_id, item.pk])
    response = client.get(url, **HTMX)
    body = html(response)
    assert response["HX-Retarget"] == f"#item-{item.pk}"
    assert body.lstrip().startswith(f'<li id="item-{item.pk}"')
    assert '<details class="checklist-note checklist-panel" open>' in body
    assert "Request a waiver…" in body and 'name="justification"' in body
    assert "Next: the owner team marks it done (or asks for a waiver)." in body
    assert 'data-action="mark_done"' not in body  # the row has that button already
    assert duplicate_ids(body) == []


def test_without_javascript_the_panel_is_a_page_with_every_move(client, owner, item_of):
    item = item_of("CONT-1")
    client.force_login(owner)
    url = reverse("checklist_item", args=[item.addon.addon_id, item.pk])
    page = html(client.get(url))
    assert "<html" in page and 'data-action="mark_done"' in page
    assert 'data-action="request_waiver"' in page
    assert "hx-post" not in page.split('id="main"')[1]
    assert duplicate_ids(page) == []


def test_the_panel_of_another_teams_addon_is_not_found(client, owner2, item_of):
    item = item_of("CONT-1")
    client.force_login(owner2)
    url = reverse("checklist_item", args=[item.addon.addon_id, item.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, **HTMX).status_code == 404
