"""The time-in-state strip has a legend: a swatch, the state and its total time for each colour."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.demo.workflow import clock
from onboarding.models import Addon, TimelineEvent

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

SVG = "{http://www.w3.org/2000/svg}"


def test_legend_lists_every_state_of_the_strip_in_its_colour(client, make_addon, owner):
    addon = make_addon("onboarding")
    client.force_login(owner)
    page = client.get(reverse("addon_timeline", args=[addon.addon_id])).content.decode()
    svg = re.search(r'<svg[^>]*data-testid="state-strip".*?</svg>', page, re.S)[0]
    strip = ET.fromstring(svg)  # noqa: S314 - the portal's own markup, not untrusted input
    bars = {
        r.get("data-state"): r.get("fill") for r in strip.iter(f"{SVG}rect") if r.get("data-state")
    }
    legend = re.search(r'<table[^>]*data-testid="state-legend".*?</table>', page, re.S)[0]
    rows = re.findall(r'<tr data-state="(\w+)">(.*?)</tr>', legend, re.S)
    assert [state for state, _ in rows] == list(bars)
    assert {"draft", "submitted", "accepted", "assigned", "onboarding"} <= set(bars)
    for state, row in rows:
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        swatch = re.search(r'fill="(#[0-9a-f]{6})"', cells[0])[1]
        assert swatch == bars[state]
        label = re.sub(r"<[^>]+>", "", cells[0]).split()
        assert label[0] == state.capitalize()
        assert re.fullmatch(r"\d+[dhms]( \d+[hm])?", cells[1].strip())
    assert len(set(bars.values())) == len(bars)  # one colour per state
    current = dict(rows)["onboarding"]
    assert "(current)" in current


def test_legend_gives_the_total_time_of_each_state(client, addon, owner):
    now = timezone.now()
    Addon.objects.filter(pk=addon.pk).update(
        created_at=now - timedelta(days=10),
        state="accepted",
        state_changed_at=now - timedelta(days=5),
    )
    for days_ago, source, target in [(8, "draft", "submitted"), (5, "submitted", "accepted")]:
        with clock(now - timedelta(days=days_ago)):
            TimelineEvent.objects.create(
                addon=addon, kind="transition", from_state=source, to_state=target
            )
    client.force_login(owner)
    page = client.get(reverse("addon_timeline", args=[addon.addon_id])).content.decode()
    legend = re.search(r'<table[^>]*data-testid="state-legend".*?</table>', page, re.S)[0]
    rows = [
        [
            " ".join(re.sub(r"<[^>]+>", "", cell).split())
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr data-state=\"\w+\">(.*?)</tr>", legend, re.S)
    ]
    assert rows == [
        ["Draft", "2d 0h"],
        ["Submitted", "3d 0h"],
        ["Accepted (current)", "5d 0h"],
    ]
