"""After the merge, the portal checks the addon's PagerDuty services use Addon SRE's policy.

Every exchange goes through the spec-validating stand-in (pagerduty_standin.py): a request or
answer the OpenAPI document refuses fails the test in the fixture's teardown.
"""

import pytest

from onboarding.integrations.pagerduty.client import ACCEPT, PagerDutyClient
from onboarding.models import Handover, State
from onboarding.services.handover_verify import handover_verify
from tests.transition.handover_steps import push_after_steps
from tests.transition.pagerduty_standin import TOKEN

POLICY = "PSRE247"


@pytest.fixture
def merged(make_addon):
    addon = make_addon(State.TRANSITIONED)
    Handover.objects.filter(addon=addon).update(
        status=Handover.Status.DONE, escalation_policy_id=POLICY
    )
    return Handover.objects.get(addon=addon)


def _verify(handover, sleeps=None):
    client = PagerDutyClient(sleep=(sleeps if sleeps is not None else []).append)
    result = handover_verify(handover_id=handover.pk, client=client)
    handover.refresh_from_db()
    return result


def _service_name(addon_id, cluster_id):
    """As pagerduty-operator names a cluster's service of the addon."""
    return f"{addon_id}-{cluster_id}.c{cluster_id[:4]}.s1.devshift.org-hive-cluster"


def _clusters(pagerduty, addon_id, count, policy=POLICY, id_prefix="PS"):
    for n in range(count):
        cluster_id = f"{n:04d}" + "a7c3e91f0b2d4c6e8f1a3b5c7d9e"
        pagerduty.service(f"{id_prefix}{n:05d}", _service_name(addon_id, cluster_id), policy)


def test_every_service_of_the_addon_on_the_policy_is_verified_across_pages(
    pagerduty, merged, client, sre
):
    _clusters(pagerduty, merged.addon.addon_id, 150)
    pagerduty.service("PUNRELATED", "someone-elses-service", "POTHER")

    assert _verify(merged) == Handover.Verification.VERIFIED
    assert merged.verification_detail == f"150 services use {POLICY}."
    paths = [r["path"] for r in pagerduty.requests]
    assert len(paths) == 2 and "offset=0" in paths[0] and "offset=100" in paths[1]
    assert all(f"query={merged.addon.addon_id}" in p for p in paths)
    headers = pagerduty.requests[0]["headers"]
    assert headers["Accept"] == ACCEPT
    assert headers["Authorization"] == f"Token token={TOKEN}"
    client.force_login(sre)
    page = client.get(merged.addon.get_absolute_url()).content.decode()
    assert 'data-verification="verified"' in page
    assert "Every service uses the Addon SRE policy" in page


def test_services_on_another_policy_are_named(pagerduty, merged):
    _clusters(pagerduty, merged.addon.addon_id, 2)
    stale = f"{merged.addon.addon_id}-1f0e2d3c4b5a69788796a5b4c3d2e1f0"  # a FedRAMP name
    pagerduty.service("PSTALE", stale, "POWNER1")

    assert _verify(merged) == Handover.Verification.MISMATCH
    assert merged.verification_detail.startswith("1 of 3 services uses another policy: ")
    assert f"{stale} (POWNER1)" in merged.verification_detail


def test_a_neighbouring_addon_whose_id_starts_with_this_one_is_not_counted(
    pagerduty, merged, client, sre
):
    """PagerDuty's query `notebooks` also lists `notebooks-gpu`'s services (a substring
    match); they stay on their owners' policy and must not make this handover a mismatch."""
    addon_id = merged.addon.addon_id
    _clusters(pagerduty, addon_id, 2)
    _clusters(pagerduty, f"{addon_id}-gpu", 3, policy="PGPUOWN", id_prefix="PG")

    assert _verify(merged) == Handover.Verification.VERIFIED
    assert merged.verification_detail == f"2 services use {POLICY}."
    assert all(f"query={addon_id}" in r["path"] for r in pagerduty.requests)
    client.force_login(sre)
    page = client.get(merged.addon.get_absolute_url()).content.decode()
    assert 'data-verification="verified"' in page


def test_no_services_is_said_as_such(pagerduty, merged):
    assert _verify(merged) == Handover.Verification.NO_SERVICES


def test_a_429_waits_for_ratelimit_reset(pagerduty, merged):
    _clusters(pagerduty, merged.addon.addon_id, 1)
    pagerduty.script = ["429:1"]
    sleeps = []
    assert _verify(merged, sleeps) == Handover.Verification.VERIFIED
    assert sleeps == [1.0]


def test_a_429_past_the_budget_gives_up_without_waiting_it_out(pagerduty, merged):
    pagerduty.script = ["429:1", "429:5"]
    sleeps = []
    assert _verify(merged, sleeps) == Handover.Verification.FAILED
    assert sleeps == [1.0]
    assert "rate limit" in merged.verification_detail
    assert len(pagerduty.requests) == 2


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("400", "Invalid Input Provided (Offset must be a number.)"),
        ("401", "Authentication failed (Invalid API token.)"),
        ("403", "Access Denied (The API token has no access to services.)"),
    ],
)
def test_a_permanent_4xx_fails_at_once_with_the_api_message(pagerduty, merged, status, message):
    pagerduty.script = [status]
    sleeps = []
    assert _verify(merged, sleeps) == Handover.Verification.FAILED
    assert merged.verification_detail == f"PagerDuty refused the request ({status}): {message}"
    assert len(pagerduty.requests) == 1 and sleeps == []


def test_5xx_is_retried_with_backoff(pagerduty, merged):
    _clusters(pagerduty, merged.addon.addon_id, 1)
    pagerduty.script = ["500", "500"]
    sleeps = []
    assert _verify(merged, sleeps) == Handover.Verification.VERIFIED
    assert sleeps == [0.01, 0.02]


def test_5xx_past_the_attempts_fails(pagerduty, merged):
    pagerduty.script = ["500"] * 3
    assert _verify(merged) == Handover.Verification.FAILED
    assert "answered 500 3 times: Internal Server Error" in merged.verification_detail


def test_a_timeout_is_retried(pagerduty, merged):
    _clusters(pagerduty, merged.addon.addon_id, 1)
    pagerduty.script = ["slow"]
    sleeps = []
    assert _verify(merged, sleeps) == Handover.Verification.VERIFIED
    assert sleeps == [0.01]


def test_the_sweep_runs_the_check_once_merged(
    pagerduty, mt_remote, ready_to_complete, sre, django_capture_on_commit_callbacks
):
    from onboarding.services.handover_sweep import handover_sweep
    from onboarding.services.transitions import addon_complete_transition

    mt_remote_policy = "PSRE247"
    _clusters(pagerduty, ready_to_complete.addon_id, 3, mt_remote_policy)
    with django_capture_on_commit_callbacks(execute=True):
        addon_complete_transition(addon=ready_to_complete, by=sre)
    with django_capture_on_commit_callbacks(execute=True):
        push_after_steps(ready_to_complete)
    handover = Handover.objects.get(addon=ready_to_complete)
    mt_remote.merge(handover.branch)
    with django_capture_on_commit_callbacks(execute=True):
        handover_sweep()
    handover.refresh_from_db()
    assert handover.status == Handover.Status.DONE
    assert handover.verification == Handover.Verification.VERIFIED
    assert "PagerDuty check" in ready_to_complete.events.latest("created_at").message
