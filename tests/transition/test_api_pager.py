"""The API says what the pages say: the SLO verdicts and who carries the pager (one selector
each), read for a token of the assigned Addon SRE."""

import re

import pytest

from onboarding.models import ApiToken, Handover, SLOBucket, State
from tests.transition.conftest import make_slo

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _api(client, user, addon):
    _token, raw = ApiToken.issue(user=user, label="parity")
    response = client.get(f"/api/v1/addons/{addon.addon_id}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    return response.json()


def test_slo_status_in_the_api_is_the_one_the_page_shows(client, transition_addon, sre):
    [met] = transition_addon.slos.all()  # its data meets the objective (make_addon)
    missed = make_slo(transition_addon, "latency", window_days=met.window_days)
    SLOBucket.objects.bulk_create(
        SLOBucket(slo=missed, start=b.start, good=b.total // 2, total=b.total)
        for b in met.buckets.all()
    )

    body = _api(client, sre, transition_addon)
    client.force_login(sre)
    page = client.get(transition_addon.get_absolute_url()).content.decode()

    shown = dict(re.findall(r'<tr data-slo="([^"]+)">.*?data-status="([a-z]+)"', page, re.S))
    assert {s["name"]: s["status"] for s in body["slos"]} == shown
    assert shown == {met.name: "met", "latency": "missed"}


@pytest.mark.parametrize(
    ("status", "verification", "carrier"),
    [
        (Handover.Status.REQUESTED, Handover.Verification.NOT_RUN, "requested"),
        (Handover.Status.DONE, Handover.Verification.NOT_RUN, "requested"),
        (Handover.Status.DONE, Handover.Verification.MISMATCH, "failed"),
        (Handover.Status.CLOSED, Handover.Verification.NOT_RUN, "failed"),
        (Handover.Status.DONE, Handover.Verification.VERIFIED, "addon_sre"),
    ],
)
def test_the_pager_in_the_api_is_the_one_the_page_shows(
    client, make_addon, sre, status, verification, carrier
):
    addon = make_addon(State.TRANSITIONED)
    Handover.objects.filter(addon=addon).update(
        status=status, verification=verification, escalation_policy_id="PSRE247"
    )

    body = _api(client, sre, addon)
    client.force_login(sre)
    page = client.get(addon.get_absolute_url()).content.decode()

    assert body["pager"]["carrier"] == carrier
    assert body["pager"]["handed_over"] is (carrier == "addon_sre")
    assert f'data-testid="pager-badge" data-carrier="{carrier}"' in page
    assert f'data-testid="handover-pager" data-carrier="{carrier}"' in page
    assert body["handover"]["status"] == status
    expected_policy = (
        "PSRE247" if status == Handover.Status.DONE else addon.pagerduty_escalation_policy_id
    )
    assert body["pager"]["policy"] == expected_policy
