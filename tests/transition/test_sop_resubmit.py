"""An SOP sent back with "changes requested": the owners change it and resubmit; history kept."""

import pytest
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.models import SOP, State
from onboarding.services.sops import sop_resubmit, sop_review

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def sent_back(make_addon, sre):
    addon = make_addon(State.TRANSITION)
    sop = SOP.objects.create(addon=addon, title="Pod down", url="https://sops.example.com/pod")
    return sop_review(sop=sop, by=sre, approve=False, comment="Add the escalation path.")


def test_owner_changes_and_resubmits_and_the_history_stays(client, owner, sre, sent_back):
    addon = sent_back.addon
    client.force_login(owner)
    page = client.get(reverse("addon_sops", args=[addon.addon_id])).content.decode()
    assert 'data-testid="sop-resubmit"' in page
    response = client.post(
        reverse("sop_resubmit", args=[addon.addon_id, sent_back.pk]),
        {
            f"sop-{sent_back.pk}-title": "Pod down",
            f"sop-{sent_back.pk}-url": "https://sops.example.com/pod-v2",
            f"sop-{sent_back.pk}-alerts": "PodDown",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Pod down resubmitted; Addon SRE reviews it again." in page
    sent_back.refresh_from_db()
    assert (sent_back.status, sent_back.url) == (
        SOP.Status.PENDING,
        "https://sops.example.com/pod-v2",
    )
    history = page[page.index('data-testid="sop-history"') :]
    assert "changes requested: Add the escalation path." in history
    assert "SOP resubmitted for review: Pod down" in history
    assert 'data-testid="sop-resubmit"' not in page  # pending again: nothing to resubmit
    # The assigned SRE reviews it again.
    assert sop_review(sop=sent_back, by=sre, approve=True).status == SOP.Status.APPROVED


def test_only_a_sent_back_sop_is_resubmitted_and_only_by_its_owners(owner, sre, sent_back):
    with pytest.raises(Exception, match="Only the addon's owners"):
        sop_resubmit(sop=sent_back, by=sre, title="x", url="https://sops.example.com/x")
    sop_resubmit(sop=sent_back, by=owner, title="Pod down", url="https://sops.example.com/p")
    with pytest.raises(ActionRefused, match="is awaiting review"):
        sop_resubmit(sop=sent_back, by=owner, title="Pod down", url="https://sops.example.com/p")
    assert sent_back.addon.events.filter(payload__action="resubmitted").count() == 1
