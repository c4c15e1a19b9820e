"""The addon list and page as people use them: visibility, actions offered, refusals shown."""

import pytest
from django.urls import reverse

from onboarding.models import Addon, State, TimelineEvent
from tests.journey import sign_off

pytestmark = pytest.mark.both_databases


def test_owner_of_another_team_gets_404_on_every_addon_page_and_action(client, addon, owner2):
    client.force_login(owner2)
    pages = [reverse("addon_detail", args=[addon.addon_id])]
    for url in pages:
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "submit"]),
        {"submit-seen_state": "draft"},
    )
    assert response.status_code == 404
    assert Addon.objects.get(pk=addon.pk).state == State.DRAFT


def test_addon_list_shows_only_my_teams_addons_to_an_owner(client, addon, owner2):
    client.force_login(owner2)
    response = client.get(reverse("addon_list"))
    assert addon.name not in response.content.decode()
    assert "No addons match" in response.content.decode()


def test_addon_list_filters_by_stage_and_searches_by_id(client, make_addon, architect1):
    draft = make_addon(State.DRAFT)
    onboarding = make_addon(State.ONBOARDING)
    client.force_login(architect1)

    html = client.get(reverse("addon_list"), {"stage": "onboarding"}).content.decode()
    assert onboarding.name in html and draft.name not in html

    html = client.get(reverse("addon_list"), {"q": draft.addon_id}).content.decode()
    assert draft.name in html and onboarding.name not in html


def test_addon_page_offers_exactly_the_steps_this_user_may_take(client, make_addon, personas):
    addon = make_addon(State.SUBMITTED)
    client.force_login(personas["architect1"])
    html = client.get(addon.get_absolute_url()).content.decode()
    assert 'data-action="reject"' in html
    assert 'data-action="request_changes"' in html
    assert 'data-action="accept"' not in html  # no quorum yet: shown as blocked instead
    assert "Needs sign-off from 2 architects; has 0" in html

    client.force_login(personas["owner"])
    html = client.get(addon.get_absolute_url()).content.decode()
    assert 'data-action="withdraw"' in html
    assert 'data-action="reject"' not in html


def test_accepting_from_the_page_moves_the_addon_and_says_so(client, make_addon, personas):
    addon = make_addon(State.SUBMITTED)
    sign_off(addon, personas["architect1"], personas["architect2"])
    client.force_login(personas["architect1"])

    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "accept"]),
        {"accept-seen_state": "submitted", "accept-priority": "P2"},
        follow=True,
    )

    assert (
        "Accepted; the Addon SRE managers and the owner team were notified."
        in response.content.decode()
    )
    addon.refresh_from_db()
    assert (addon.state, addon.priority) == (State.ACCEPTED, "P2")


def test_a_missing_input_is_shown_next_to_its_field_and_changes_nothing(
    client, make_addon, personas
):
    addon = make_addon(State.SUBMITTED)
    client.force_login(personas["architect1"])

    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "reject"]),
        {"reject-seen_state": "submitted", "reject-rationale": ""},
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Addon.objects.get(pk=addon.pk).state == State.SUBMITTED


def test_a_page_older_than_the_addon_is_refused_as_changed(client, make_addon, personas):
    addon = make_addon(State.SUBMITTED)
    client.force_login(personas["architect1"])

    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "reject"]),
        {"reject-seen_state": "draft", "reject-rationale": "No"},
        follow=True,
    )

    assert "changed while you were looking" in response.content.decode()
    assert Addon.objects.get(pk=addon.pk).state == State.SUBMITTED


@pytest.mark.parametrize("who", ["owner", "sre", "manager"])
def test_forcing_a_step_of_another_role_is_403_and_changes_nothing(
    client, make_addon, personas, who
):
    addon = make_addon(State.SUBMITTED)
    events = TimelineEvent.objects.filter(addon=addon).count()
    client.force_login(personas[who])

    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "reject"]),
        {"reject-seen_state": "submitted", "reject-rationale": "No"},
    )

    assert response.status_code == 403
    assert Addon.objects.get(pk=addon.pk).state == State.SUBMITTED
    assert TimelineEvent.objects.filter(addon=addon).count() == events


def test_anonymous_visitors_are_sent_to_the_login_page(client, addon):
    response = client.get(addon.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_timeline_events_cannot_be_changed_or_deleted(make_addon):
    from onboarding.models import ImmutableEventError

    addon = make_addon(State.SUBMITTED)
    event = TimelineEvent.objects.filter(addon=addon).first()
    event.message = "rewritten"
    with pytest.raises(ImmutableEventError):
        event.save()
    with pytest.raises(ImmutableEventError):
        event.delete()
    with pytest.raises(ImmutableEventError):
        TimelineEvent.objects.filter(addon=addon).update(message="x")
    with pytest.raises(ImmutableEventError):
        TimelineEvent.objects.filter(addon=addon).delete()
