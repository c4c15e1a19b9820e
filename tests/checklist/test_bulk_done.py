"""Marking several items done in one POST: each item its own rule check and event, all or none."""

import re

import pytest
from django.urls import reverse

from onboarding.models import ChecklistItem, State, TimelineEvent
from tests.checklist.conftest import html

pytestmark = pytest.mark.both_databases

Status = ChecklistItem.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def bulk(client, addon, items, urls=None, **extra):
    urls = urls or {}
    data = {"selected": [i.pk for i in items], "bulk": "1", "return_query": "show=all"}
    data |= {f"evidence_url-{i.pk}": urls.get(i.key, "") for i in items}
    return client.post(
        reverse("checklist_bulk_done", args=[items[0].addon.addon_id]), data, **extra
    )


def statuses(addon, keys):
    rows = ChecklistItem.objects.filter(addon=addon, key__in=keys)
    return dict(rows.values_list("key", "status"))


def checklist_events(addon):
    return TimelineEvent.objects.filter(addon=addon, kind="checklist")


def test_owner_marks_several_items_done_each_with_its_evidence(
    client, onboarding_addon, owner, item_of
):
    items = [item_of("CONT-1"), item_of("CONT-2"), item_of("INC-1")]
    urls = {"CONT-1": "https://docs.example.com/c1", "CONT-2": "https://docs.example.com/c2"}
    client.force_login(owner)
    response = bulk(client, onboarding_addon, items, urls)
    assert response.status_code == 302
    assert response.url.endswith("/checklist/?show=all#checklist-items")
    page = html(client.get(response.url))
    assert "3 items marked done; an Addon SRE verifies them next." in page
    assert item_of("CONT-2").evidence_url == "https://docs.example.com/c2"
    assert set(statuses(onboarding_addon, ["CONT-1", "CONT-2", "INC-1"]).values()) == {"done"}
    events = checklist_events(onboarding_addon)
    assert sorted(e.payload["item"] for e in events) == ["CONT-1", "CONT-2", "INC-1"]
    assert {e.actor for e in events} == {owner}


def test_a_bad_url_is_refused_next_to_its_item_and_nothing_changes(
    client, onboarding_addon, owner, item_of
):
    items = [item_of("CONT-1"), item_of("CONT-2")]
    urls = {"CONT-1": "https://docs.example.com/c1", "CONT-2": "docs.example.com/c2"}
    client.force_login(owner)
    response = bulk(client, onboarding_addon, items, urls)
    assert response.status_code == 400
    page = html(response)
    assert "1 item was refused, so none was marked done" in page
    cont2 = items[1].pk
    assert f'id="item-{cont2}-err" role="alert">Give an http(s) URL' in page
    # Both rows come back ticked with what was typed, ready to send again.
    assert page.count('name="selected"') >= 2 and page.count(" checked>") == 2
    assert 'value="docs.example.com/c2"' in page and 'value="https://docs.example.com/c1"' in page
    assert set(statuses(onboarding_addon, ["CONT-1", "CONT-2"]).values()) == {"todo"}
    assert not checklist_events(onboarding_addon).exists()


def test_a_missing_required_evidence_refuses_the_whole_batch(
    client, onboarding_addon, owner, item_of
):
    items = [item_of("INC-1"), item_of("CONT-1")]  # CONT-1 needs evidence, none given
    client.force_login(owner)
    response = bulk(client, onboarding_addon, items)
    assert response.status_code == 400
    assert "This item needs evidence" in html(response)
    assert statuses(onboarding_addon, ["INC-1", "CONT-1"]) == {"INC-1": "todo", "CONT-1": "todo"}
    assert not checklist_events(onboarding_addon).exists()


def test_an_item_already_done_refuses_the_batch(client, onboarding_addon, owner, item_of):
    ChecklistItem.objects.filter(addon=onboarding_addon, key="INC-3").update(status=Status.DONE)
    client.force_login(owner)
    response = bulk(client, onboarding_addon, [item_of("INC-1"), item_of("INC-3")])
    assert response.status_code == 400
    assert "INC-3 is done; it changed under you" in html(response)
    assert item_of("INC-1").status == Status.TO_DO


def test_a_foreign_item_pk_is_refused_and_nothing_changes(
    client, make_addon, onboarding_addon, owner, item_of
):
    foreign = ChecklistItem.objects.get(addon=make_addon(State.ONBOARDING), key="INC-3")
    client.force_login(owner)
    url = reverse("checklist_bulk_done", args=[onboarding_addon.addon_id])
    data = {"selected": [item_of("INC-1").pk, foreign.pk], "bulk": "1"}
    assert client.post(url, data).status_code == 404
    assert item_of("INC-1").status == Status.TO_DO
    assert ChecklistItem.objects.get(pk=foreign.pk).status == Status.TO_DO
    assert not TimelineEvent.objects.filter(kind="checklist").exists()


def test_an_item_of_the_other_side_refuses_the_batch_as_forbidden(
    client, onboarding_addon, owner, item_of
):
    client.force_login(owner)
    response = bulk(client, onboarding_addon, [item_of("INC-1"), item_of("RELI-5")])
    assert response.status_code == 403
    assert statuses(onboarding_addon, ["INC-1", "RELI-5"]) == {"INC-1": "todo", "RELI-5": "todo"}
    assert not checklist_events(onboarding_addon).exists()


def test_nothing_ticked_says_so(client, onboarding_addon, owner):
    client.force_login(owner)
    url = reverse("checklist_bulk_done", args=[onboarding_addon.addon_id])
    response = client.post(url, {"bulk": "1"})
    assert response.status_code == 400
    assert "Tick the items to mark done first." in html(response)


def test_by_htmx_the_items_and_the_progress_are_swapped(client, onboarding_addon, owner, item_of):
    client.force_login(owner)
    response = bulk(client, onboarding_addon, [item_of("INC-1"), item_of("INC-3")], **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#checklist-items"
    body = html(response)
    assert body.lstrip().startswith('<div id="checklist-items">')
    assert "2 items marked done; an Addon SRE verifies them next." in body
    assert 'id="checklist-progress"' in body and "2 awaiting verification" in body
    refused = bulk(client, onboarding_addon, [item_of("INC-1")], **HTMX)
    assert refused.status_code == 200  # htmx swaps only 2xx answers
    assert "1 item was refused, so none was marked done" in html(refused)


def _needs_my_action(body):
    return int(re.search(r"Needs my action \((\d+)\)", body).group(1))


def test_by_htmx_needs_my_action_counts_what_is_left_after_a_bulk_mark_done(
    client, onboarding_addon, owner, item_of
):
    page_url = reverse("checklist", args=[onboarding_addon.addon_id])
    client.force_login(owner)
    before = _needs_my_action(html(client.get(page_url)))
    body = html(bulk(client, onboarding_addon, [item_of("INC-1"), item_of("INC-3")], **HTMX))
    # The count is swapped out of band with the items it counts.
    assert '<nav aria-label="Which items" id="checklist-which" hx-swap-oob="true">' in body
    assert _needs_my_action(body) == before - 2
    assert _needs_my_action(html(client.get(page_url))) == before - 2
