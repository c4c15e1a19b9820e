"""The addon page's "Latest events" tell the story; checklist moves stay on the timeline."""

import pytest
from django.urls import reverse

from onboarding.models import ChecklistItem, TimelineEvent
from onboarding.services.checklist import item_mark_done

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_checklist_moves_are_left_to_the_timeline(client, owner, make_addon):
    addon = make_addon("onboarding")
    for item in ChecklistItem.objects.filter(addon=addon, side="owner", evidence_required=False)[
        :12
    ]:
        item_mark_done(item=item, by=owner)
    assert TimelineEvent.objects.filter(addon=addon, kind="checklist").count() == 12

    client.force_login(owner)
    page = client.get(reverse("addon_detail", args=[addon.addon_id])).content.decode()
    latest = page[page.index('id="tl-h"') :]
    latest = latest[: latest.index("</section>")]

    assert "Checklist" not in latest
    assert "Assigned → Onboarding" in latest  # the state changes are still told, by name
    timeline = reverse("addon_timeline", args=[addon.addon_id])
    assert f'folded per day on the <a href="{timeline}">timeline</a>' in latest
