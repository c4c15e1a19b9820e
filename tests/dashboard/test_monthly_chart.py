"""The dashboard's monthly chart reads on its own: a y axis with ticks, months, a value per bar."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.demo.workflow import clock
from onboarding.models import TimelineEvent
from onboarding.selectors.month_chart import month_chart, nice_ticks
from tests.factories import AddonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

SVG = "{http://www.w3.org/2000/svg}"


def _transitions(addon, at, to_state, n):
    with clock(at):
        TimelineEvent.objects.bulk_create(
            TimelineEvent(addon=addon, kind="transition", from_state="x", to_state=to_state)
            for _ in range(n)
        )


def _chart(page) -> ET.Element:
    svg = re.search(r'<svg[^>]*data-testid="monthly-chart".*?</svg>', page, re.S).group(0)
    return ET.fromstring(svg)  # noqa: S314 - the portal's own markup, not untrusted input


@pytest.fixture
def dashboard_chart(client, manager, owner_team):
    """7 started and 3 finished this month, 2 started last month, nothing before."""
    addon = AddonFactory(team=owner_team, state="onboarding")
    now = timezone.now()
    last_month = now.replace(day=1, hour=12) - timedelta(days=5)
    _transitions(addon, now, "onboarding", 7)
    _transitions(addon, now, "transitioned", 3)
    _transitions(addon, last_month, "onboarding", 2)
    client.force_login(manager)
    page = client.get(reverse("dashboard")).content.decode()
    return _chart(page), now, last_month


def _values(svg, series):
    return [
        int(g.find(f"{SVG}text[@data-series='{series}']").text)
        for g in svg.iter(f"{SVG}g")
        if "month-bars" in g.get("class", "")
    ]


def test_every_month_is_labelled_and_carries_both_values(dashboard_chart):
    svg, now, last_month = dashboard_chart
    months = [t.get("data-month") for t in svg.iter(f"{SVG}text") if t.get("class") == "month"]
    assert len(months) == 12
    assert months[-2:] == [last_month.strftime("%Y-%m"), now.strftime("%Y-%m")]
    assert _values(svg, "started") == [0] * 10 + [2, 7]
    assert _values(svg, "finished") == [0] * 11 + [3]


def test_the_y_axis_has_round_ticks_from_zero_past_the_largest_value(dashboard_chart):
    svg, _, _ = dashboard_chart
    axis = next(g for g in svg.iter(f"{SVG}g") if g.get("data-testid") == "y-axis")
    ticks = [int(t.text) for t in axis.iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks == [0, 2, 4, 6, 8]
    assert [t.text for t in axis.iter(f"{SVG}text") if t.get("class") == "axis-title"] == ["Addons"]


def test_bar_heights_follow_the_axis(dashboard_chart):
    svg, _, _ = dashboard_chart
    axis = next(g for g in svg.iter(f"{SVG}g") if g.get("data-testid") == "y-axis")
    grid = {
        int(t.text): float(line.get("y1"))
        for t, line in zip(
            (t for t in axis.iter(f"{SVG}text") if t.get("class") == "tick"),
            (line for line in axis.iter(f"{SVG}line") if line.get("class") == "grid"),
            strict=True,
        )
    }
    unit = (grid[0] - grid[8]) / 8
    bars = svg.findall(f".//{SVG}rect[@class='bar-started']")
    assert [round(float(b.get("height")) / unit) for b in bars[-2:]] == [2, 7]
    assert float(bars[-1].get("y")) + float(bars[-1].get("height")) == grid[0]


def test_the_chart_is_named_and_described_for_screen_readers(dashboard_chart):
    svg, now, _ = dashboard_chart
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text.startswith("Onboardings started and finished per month")
    description = svg.find(f"{SVG}desc").text
    assert f"{now:%b %Y}: 7 started, 3 finished." in description


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 2, 4, 6, 8, 10]),
        (11, [0, 5, 10, 15]),
        (48, [0, 10, 20, 30, 40, 50]),
        (120, [0, 50, 100, 150]),
    ],
)
def test_ticks_are_round_and_reach_the_top(top, ticks):
    assert nice_ticks(top) == ticks


def test_an_empty_year_draws_flat_bars_on_the_axis():
    chart = month_chart(
        [{"month": timezone.now().date(), "started": 0, "finished": 0} for _ in range(12)]
    )
    assert {c.started_height for c in chart.columns} == {0}
    assert {c.started_y for c in chart.columns} == {chart.baseline}
    assert [t.value for t in chart.ticks] == [0, 1]
