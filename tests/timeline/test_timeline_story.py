"""The timeline tells the story: checklist moves fold into one row a day, one click away."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onboarding.demo.workflow import clock
from onboarding.models import TimelineEvent

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

DAY_ONE = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
DAY_TWO = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


def _moves(addon, actor, n, at, prefix="Item"):
    with clock(at):
        TimelineEvent.objects.bulk_create(
            TimelineEvent(addon=addon, actor=actor, kind="checklist", message=f"{prefix} {i} done")
            for i in range(n)
        )


def _comment(addon, actor, message, at):
    with clock(at):
        TimelineEvent.objects.create(addon=addon, actor=actor, kind="comment", message=message)


def _page(client, addon, **params):
    response = client.get(reverse("addon_timeline", args=[addon.addon_id]), params)
    assert response.status_code == 200
    return response.content.decode()


def _folds(page):
    """{day: (summary, number of moves inside)} of every fold on the page."""
    found = {}
    for day, body in re.findall(
        r'data-kind="checklist-fold" data-day="([\d-]+)">(.*?)</details>', page, re.S
    ):
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", body).group(1)
        found[day] = (summary, body.count('data-kind="checklist"'))
    return found


def test_default_view_folds_checklist_moves_into_one_row_per_day(client, make_addon, owner, sre):
    addon = make_addon("onboarding")
    _moves(addon, sre, 12, DAY_ONE)
    _moves(addon, sre, 1, DAY_TWO + timedelta(hours=2))
    _comment(addon, owner, "Between the two days", DAY_ONE + timedelta(hours=5))
    client.force_login(owner)
    page = _page(client, addon)
    assert _folds(page) == {
        "2026-03-03": ("12 checklist changes on 3 Mar 2026", 12),
        "2026-03-04": ("1 checklist change on 4 Mar 2026", 1),
    }
    # The story itself is listed outside any fold, newest first: the state changes (made
    # today), the fold of 4 Mar, the comment of 3 Mar 14:00, the fold of 3 Mar (last at 09:00).
    events = page[page.index('data-testid="timeline-events"') :]
    assert (
        events.index("submitted the intake")
        < events.index('data-day="2026-03-04"')
        < events.index("Between the two days")
        < events.index('data-day="2026-03-03"')
    )
    assert "List every event" in page


def test_folded_moves_sit_inside_a_closed_details_element(client, make_addon, owner, sre):
    addon = make_addon("onboarding")
    _moves(addon, sre, 3, DAY_ONE)
    client.force_login(owner)
    page = _page(client, addon)
    details = re.findall(r"<details[^>]*>.*?</details>", page, re.S)
    assert len(details) == 1
    assert " open" not in details[0].split(">")[0]
    assert all(f"Item {i} done" in details[0] for i in range(3))
    outside = page.replace(details[0], "")
    assert "Item 0 done" not in outside


@pytest.mark.parametrize(
    ("params", "sees", "misses"),
    [
        # Every event, with a link back to the folded story; the filter form keeps show=all.
        ({"show": "all"}, ["Fold checklist moves per day", 'name="show" value="all"'], []),
        # Asking for the checklist kind lists its moves and only them.
        ({"kind": "checklist"}, [], ["submitted the intake", "Fold checklist moves"]),
    ],
)
def test_moves_are_listed_one_by_one_when_asked_for(
    client, make_addon, owner, sre, params, sees, misses
):
    addon = make_addon("onboarding")
    _moves(addon, sre, 4, DAY_ONE)
    client.force_login(owner)
    page = _page(client, addon, **params)
    assert _folds(page) == {}
    assert page.count('data-kind="checklist"') == 4
    assert all(text in page for text in sees)
    assert not any(text in page for text in misses)


def test_actor_filter_counts_only_that_persons_moves(client, make_addon, owner, sre, lead):
    addon = make_addon("onboarding")
    _moves(addon, sre, 5, DAY_ONE, prefix="SRE item")
    _moves(addon, lead, 2, DAY_ONE, prefix="Lead item")
    client.force_login(owner)
    page = _page(client, addon, actor=lead.pk)
    assert _folds(page) == {"2026-03-03": ("2 checklist changes on 3 Mar 2026", 2)}
    assert "SRE item" not in page


def test_pages_count_rows_not_moves(client, make_addon, owner, sre):
    addon = make_addon("onboarding")
    story = TimelineEvent.objects.filter(addon=addon).count()
    for day in range(60 - story):
        _moves(addon, sre, 3, DAY_ONE + timedelta(days=day))
    client.force_login(owner)
    first = _page(client, addon)
    assert "Page 1 of 2" in first and "submitted the intake" in first
    assert len(_folds(first)) == 50 - story
    second = _page(client, addon, page=2)
    assert len(_folds(second)) == 10
    assert "submitted the intake" not in second


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_moves_or_days(client, make_addon, owner, sre):
    addon = make_addon("onboarding")
    url = reverse("addon_timeline", args=[addon.addon_id])
    client.force_login(owner)
    _moves(addon, sre, 2, DAY_ONE)
    small = _queries(client, url)
    for day in range(30):
        _moves(addon, sre, 40, DAY_ONE + timedelta(days=day))
    assert _queries(client, url) == small
