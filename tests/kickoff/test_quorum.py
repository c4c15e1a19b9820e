"""The sign-off quorum: a floor of two, frozen into each review round, never one person's.

Accept needs the round's quorum of distinct architects; the acceptor's own sign-off is one of
them, so at least quorum − 1 (≥ 1) come from other architects (README "Four eyes per person").
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.models import AuditEvent, PortalSettings, ReviewRound, State
from onboarding.services import review as r
from onboarding.services.transitions import addon_accept

pytestmark = pytest.mark.django_db


def _settings_post(client, **changes):
    row = PortalSettings.load()
    data = {k: "" if v is None else v for k, v in model_to_dict(row).items() if k != "id"}
    return client.post(
        reverse("admin:onboarding_portalsettings_change", args=[row.pk]), {**data, **changes}
    )


def test_a_quorum_of_one_is_refused_in_the_admin_next_to_the_field(client, manager):
    client.force_login(manager)
    response = _settings_post(client, signoff_quorum=1)
    assert response.status_code == 200
    assert "The quorum cannot be below 2: one architect would accept alone." in (
        response.content.decode()
    )
    assert PortalSettings.objects.get().signoff_quorum == 2
    assert not AuditEvent.objects.exists()


def test_the_database_refuses_a_quorum_below_two_whatever_the_code_path(reference_data):
    PortalSettings.load()
    with pytest.raises(IntegrityError), transaction.atomic():
        PortalSettings.objects.filter(pk=1).update(signoff_quorum=1)
    with pytest.raises(ValidationError):
        PortalSettings(signoff_quorum=1).full_clean()


def test_a_managers_settings_change_is_an_audited_event(client, manager):
    client.force_login(manager)
    response = _settings_post(client, signoff_quorum=3, transition_window_days=21)
    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert event.kind == AuditEvent.Kind.SETTINGS_CHANGED and event.actor == manager
    assert event.payload == {
        "signoff_quorum": {"from": 2, "to": 3},
        "transition_window_days": {"from": 28, "to": 21},
    }
    changelist = client.get(reverse("admin:onboarding_auditevent_changelist")).content.decode()
    assert "signoff_quorum 2 → 3" in changelist


def test_the_round_keeps_the_quorum_it_opened_with_when_the_setting_drops_mid_round(
    make_addon, architect1, architect2, architect3
):
    settings = PortalSettings.load()
    settings.signoff_quorum = 3
    settings.save()
    addon = make_addon(State.SUBMITTED)
    assert ReviewRound.objects.get(addon=addon).quorum == 3
    settings.signoff_quorum = 2
    settings.save()
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    with pytest.raises(ActionRefused, match="Needs sign-off from 3 architects; has 2."):
        addon_accept(addon=addon, by=architect1, priority="P2")
    r.signoff_give(addon=addon, by=architect3)
    assert addon_accept(addon=addon, by=architect1, priority="P2").state == State.ACCEPTED


def test_a_raised_setting_leaves_the_open_round_alone(make_addon, architect1, architect2, owner):
    addon = make_addon(State.SUBMITTED)
    settings = PortalSettings.load()
    settings.signoff_quorum = 3
    settings.save()
    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    assert addon_accept(addon=addon, by=architect2, priority="P3").state == State.ACCEPTED


def test_the_only_signer_cannot_accept_alone(make_addon, architect1, architect2):
    addon = make_addon(State.SUBMITTED)
    r.signoff_give(addon=addon, by=architect1)
    with pytest.raises(ActionRefused, match="Needs sign-off from 2 architects; has 1."):
        addon_accept(addon=addon, by=architect1, priority="P2")
    r.signoff_give(addon=addon, by=architect2)
    # The acceptor's own sign-off plus one other architect's: the quorum of two.
    assert addon_accept(addon=addon, by=architect1, priority="P2").state == State.ACCEPTED


def test_the_review_page_and_queue_show_the_rounds_quorum(client, make_addon, architect1):
    addon = make_addon(State.SUBMITTED)
    settings = PortalSettings.load()
    settings.signoff_quorum = 4
    settings.save()
    client.force_login(architect1)
    page = client.get(reverse("addon_review", args=[addon.addon_id])).content.decode()
    assert "Sign-offs: 0 of 2" in page
    queue = client.get(reverse("review_queue")).content.decode()
    assert "<td>0 of 2</td>" in queue
