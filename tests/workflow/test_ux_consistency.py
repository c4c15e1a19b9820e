"""What every page shows the same way: breadcrumbs, the addon sub-navigation, empty states that
say what to do next, and where a person's work waits on the addon page."""

import re

import pytest
from django.urls import reverse

from onboarding.models import SOP, Addon, ChecklistItem, State

pytestmark = pytest.mark.both_databases

ADDON_PAGES = {
    "overview": ("addon_detail", "", None),
    "review": ("addon_review", "", "Review"),
    "checklist": ("checklist", "", "Checklist"),
    "timeline": ("addon_timeline", "", "Timeline"),
    "slos": ("addon_slos", "", "SLOs"),
    "sops": ("addon_sops", "", "SOPs"),
}


def _crumbs(html):
    nav = re.search(r'<nav aria-label="breadcrumb">(.*?)</nav>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", nav)]


def _current_links(html):
    nav = re.search(r'<nav aria-label="Addon pages"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize("current", list(ADDON_PAGES))
def test_every_addon_page_has_the_same_breadcrumbs_and_marks_itself_in_the_sub_navigation(
    client, make_addon, owner, current
):
    addon = make_addon(State.ONBOARDING)
    url_name, _, crumb = ADDON_PAGES[current]
    client.force_login(owner)
    html = client.get(reverse(url_name, args=[addon.addon_id])).content.decode()

    expected = ["Home", "Addons", addon.name] + ([crumb] if crumb else [])
    assert _crumbs(html) == expected
    assert html.count("<h1") == 1
    label = {"overview": "Overview"}.get(current, crumb)
    assert _current_links(html) == [label]


def test_slo_form_and_intake_edit_carry_the_full_breadcrumbs_and_sub_navigation(
    client, make_addon, addon, owner
):
    onboarding = make_addon(State.ONBOARDING)
    client.force_login(owner)
    html = client.get(reverse("slo_new", args=[onboarding.addon_id])).content.decode()
    assert _crumbs(html) == ["Home", "Addons", onboarding.name, "SLOs", "New"]
    assert _current_links(html) == ["SLOs"]

    html = client.get(reverse("intake_edit", args=[addon.addon_id])).content.decode()
    assert _crumbs(html) == ["Home", "Addons", addon.name, "Edit intake"]
    assert _current_links(html) == ["Edit intake"]


def test_owner_without_addons_is_pointed_to_a_new_intake(client, owner):
    client.force_login(owner)
    html = client.get(reverse("home")).content.decode()
    intake = reverse("intake_new")
    assert re.search(rf'data-testid="no-addons">[^<]*<a href="{intake}">File an intake</a>', html)
    assert f'href="{intake}" data-testid="new-intake">New intake</a>' in html


def test_new_intake_action_is_not_offered_to_someone_who_owns_nothing(client, architect1):
    client.force_login(architect1)
    assert 'data-testid="new-intake"' not in client.get(reverse("home")).content.decode()


def test_empty_review_queue_says_where_intakes_come_from(client, architect1):
    client.force_login(architect1)
    html = client.get(reverse("review_queue")).content.decode()
    assert "intakes appear here when owners submit them" in html
    assert f'<a href="{reverse("addon_list")}">all addons</a>' in html


def test_empty_filtered_review_queue_links_back_to_the_whole_queue(client, architect1):
    client.force_login(architect1)
    html = client.get(reverse("review_queue"), {"q": "nothing-like-this"}).content.decode()
    assert f'<a href="{reverse("review_queue")}">Show the whole queue</a>' in html


def test_slo_page_without_slos_links_the_owner_to_define_one(client, make_addon, owner, sre):
    addon = make_addon(State.ONBOARDING)
    url = reverse("addon_slos", args=[addon.addon_id])
    client.force_login(owner)
    html = client.get(url).content.decode()
    assert f'<a href="{reverse("slo_new", args=[addon.addon_id])}">Define the first SLO</a>' in html

    client.force_login(sre)
    html = client.get(url).content.decode()
    assert "Define the first SLO" not in html
    assert "you review each one here once they do" in html


def test_sop_page_without_sops_points_the_owner_to_the_form(client, make_addon, owner, sre):
    addon = make_addon(State.ONBOARDING)
    url = reverse("addon_sops", args=[addon.addon_id])
    client.force_login(owner)
    html = client.get(url).content.decode()
    assert '<a href="#sop-form">List the first SOP below</a>' in html
    assert 'id="sop-form"' in html

    client.force_login(sre)
    html = client.get(url).content.decode()
    assert "List the first SOP" not in html
    assert "you review each one here once they do" in html


def test_next_steps_link_the_owner_to_checklist_items_slos_and_sops(client, make_addon, owner):
    addon = make_addon(State.ONBOARDING)
    todo = ChecklistItem.objects.filter(
        addon=addon, side="owner", status=ChecklistItem.Status.TO_DO
    ).count()
    assert todo
    client.force_login(owner)
    html = client.get(addon.get_absolute_url()).content.decode()
    links = dict(
        re.findall(r'<li [^>]*data-kind="[^"]+"[^>]*>\s*<a href="([^"]+)">([^<]+)</a>', html)
    )
    checklist = reverse("checklist", args=[addon.addon_id]) + "?side=mine&amp;status=todo"
    assert links[checklist] == f"{todo} checklist items to do."
    assert links[reverse("slo_new", args=[addon.addon_id])] == "Define the SLOs."
    assert links[reverse("addon_sops", args=[addon.addon_id])] == "List the SOPs."


def test_next_steps_link_the_sre_to_sops_to_review(client, make_addon, owner, sre):
    addon = make_addon(State.ONBOARDING)
    SOP.objects.create(addon=addon, title="Disk full", url="https://wiki.example.com/disk")
    client.force_login(sre)
    html = client.get(addon.get_absolute_url()).content.decode()
    sops = reverse("addon_sops", args=[addon.addon_id])
    step = re.search(r'<li [^>]*data-kind="sop-review"[^>]*>\s*<a href="([^"]+)">([^<]+)</a>', html)
    assert step.groups() == (sops, "1 SOP to review.")
    assert "<li>Disk full</li>" in html
    assert "Define the SLOs" not in html


def test_next_steps_show_no_work_links_to_someone_without_a_role_on_the_addon(
    client, make_addon, architect1
):
    addon = make_addon(State.ONBOARDING)
    client.force_login(architect1)
    assert 'data-testid="next-steps"' not in client.get(addon.get_absolute_url()).content.decode()


def test_withdraw_is_folded_away_after_the_steps_that_move_the_addon_forward(
    client, make_addon, owner
):
    addon = make_addon(State.DRAFT)
    client.force_login(owner)
    html = client.get(addon.get_absolute_url()).content.decode()
    card = html[html.index('id="actions-h"') :]
    assert card.index('data-action="submit"') < card.index('data-testid="withdraw-details"')
    folded = re.search(
        r'<details[^>]*data-testid="withdraw-details"[^>]*>(.*?)</details>', card, re.S
    )
    assert "<summary" in folded.group(1) and "Withdraw this addon" in folded.group(1)
    assert 'data-action="withdraw"' in folded.group(1)
    assert " open" not in re.search(
        r'<details[^>]*data-testid="withdraw-details"[^>]*>', card
    ).group(0)


def test_withdraw_refused_for_a_missing_reason_reopens_the_fold(client, make_addon, owner):
    addon = make_addon(State.DRAFT)
    client.force_login(owner)
    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "withdraw"]),
        {"withdraw-seen_state": "draft", "withdraw-reason": ""},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'<details[^>]*data-testid="withdraw-details" open>', html)
    assert Addon.objects.get(pk=addon.pk).state == State.DRAFT


def test_reject_comes_after_request_changes_and_is_styled_as_dangerous(
    client, make_addon, architect1
):
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    html = client.get(addon.get_absolute_url()).content.decode()
    card = html[html.index('id="actions-h"') :]
    assert card.index('data-action="request_changes"') < card.index('data-action="reject"')
    reject = card[card.index('data-action="reject"') :]
    assert 'class="btn btn-outline-danger">Reject</button>' in reject


def test_an_owner_with_only_withdraw_left_is_told_nothing_waits_on_them(client, make_addon, owner):
    addon = make_addon(State.SUBMITTED)
    client.force_login(owner)
    page = client.get(addon.get_absolute_url()).content.decode()
    assert 'data-testid="nothing-to-do"' in page
    assert "Nothing waits on you here right now" in page
    assert 'data-action="withdraw"' in page  # still there, folded away


def test_a_person_with_a_forward_step_is_not_told_nothing_waits(client, addon, owner):
    client.force_login(owner)
    page = client.get(addon.get_absolute_url()).content.decode()
    assert 'data-action="submit"' in page
    assert "Nothing waits on you" not in page
