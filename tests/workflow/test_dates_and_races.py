"""Coherent dates and double submits (issue 13): refusals next to the field, never a 500."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onboarding.errors import ActionRefused
from onboarding.models import SLO, SOP, Addon, ApiToken, State
from onboarding.services import transitions as t
from onboarding.services.slos import slo_create

SLO_FORM = {
    "name": "api-availability",
    "sli_type": "availability",
    "description": "Successful API calls",
    "objective": "99.5",
    "window_days": "28",
    "source": "pushed",
    "good_query": "",
    "total_query": "",
}


def test_production_deploy_cannot_precede_the_stage_deploy_or_the_approval(make_addon, owner):
    addon = make_addon(State.PRODUCTION_APPROVED)
    stage = addon.stage_deployed_on
    with pytest.raises(ActionRefused, match="before the stage deploy") as refusal:
        t.addon_mark_in_production(addon=addon, by=owner, deployed_on=stage - timedelta(days=1))
    assert "deployed_on" in refusal.value.field_errors
    # Between the stage deploy and the approval: still too early.
    Addon.objects.filter(pk=addon.pk).update(state_changed_at=timezone.now() - timedelta(days=3))
    addon.refresh_from_db()
    with pytest.raises(ActionRefused, match="before the production approval"):
        t.addon_mark_in_production(
            addon=addon, by=owner, deployed_on=timezone.localdate() - timedelta(days=4)
        )
    with pytest.raises(ActionRefused, match="in the future"):
        t.addon_mark_in_production(
            addon=addon, by=owner, deployed_on=timezone.localdate() + timedelta(days=1)
        )
    assert Addon.objects.get(pk=addon.pk).state == State.PRODUCTION_APPROVED
    done = t.addon_mark_in_production(addon=addon, by=owner, deployed_on=timezone.localdate())
    assert done.state == State.TRANSITION


def test_the_page_answers_a_too_early_production_date_next_to_the_field(client, make_addon, owner):
    addon = make_addon(State.PRODUCTION_APPROVED)
    client.force_login(owner)
    early = addon.stage_deployed_on - timedelta(days=1)
    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "mark_in_production"]),
        {
            "mark_in_production-seen_state": addon.state,
            "mark_in_production-deployed_on": early.isoformat(),
        },
    )
    assert response.status_code == 400
    [form] = [a.form for a in response.context["actions"] if a.name == "mark_in_production"]
    assert "before the stage deploy" in form.errors["deployed_on"][0]


def test_an_slo_cannot_shorten_the_transition_window(make_addon, owner):
    addon = make_addon(State.ONBOARDING)
    data = {**SLO_FORM, "window_days": 1, "document_url": "", "dashboard_url": ""}
    with pytest.raises(ActionRefused) as refusal:
        slo_create(addon=addon, by=owner, data=data)
    assert "28 days" in refusal.value.field_errors["window_days"]
    assert slo_create(addon=addon, by=owner, data={**data, "window_days": 30}).window_days == 30


def _at_once(n, act):
    """Run `act(i)` in n threads released together; returns their results in order."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        barrier.wait()
        try:
            results[i] = act(i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _post_as(user, url, data):
    client = Client()
    client.force_login(user)
    return client.post(url, data).status_code


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_intakes_with_one_id_save_one_and_tell_the_rest(owner, owner_team):
    data = {
        "addon_id": "twin-addon",
        "name": "Twin",
        "team": owner_team.pk,
        "install_mode": "OwnNamespace",
        "default_channel": "stable",
        "runs_without_cluster_admin": "unknown",
    }
    codes = _at_once(6, lambda i: _post_as(owner, reverse("intake_new"), data))
    assert sorted(codes) == [302, 400, 400, 400, 400, 400]
    assert Addon.objects.filter(addon_id="twin-addon").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_slos_with_one_name_save_one(make_addon, owner):
    addon = make_addon(State.ONBOARDING)
    url = reverse("slo_new", args=[addon.addon_id])
    codes = _at_once(2, lambda i: _post_as(owner, url, SLO_FORM))
    assert sorted(codes) == [302, 400]
    assert SLO.objects.filter(addon=addon).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sops_and_tokens_with_one_name_save_one_each(make_addon, owner):
    addon = make_addon(State.ONBOARDING)
    sop = {"title": "Operator down", "url": "https://sops.example.com/op", "alerts": ""}
    sops = _at_once(2, lambda i: _post_as(owner, reverse("addon_sops", args=[addon.addon_id]), sop))
    url = reverse("token_new", args=[addon.addon_id])
    tokens = _at_once(2, lambda i: _post_as(owner, url, {"label": "CI exporter"}))
    assert sorted(sops) == [302, 400] and sorted(tokens) == [200, 400]
    assert SOP.objects.filter(addon=addon).count() == 1
    assert ApiToken.objects.filter(addon=addon).count() == 1
