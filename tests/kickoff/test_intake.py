"""The intake pages: owners create and edit drafts; validation speaks in plain words."""

import pytest
from django.urls import reverse

from onboarding.models import Addon, State, TimelineEvent
from onboarding.services.transitions import addon_resubmit

pytestmark = pytest.mark.django_db


def _data(team, **overrides):
    data = {
        "addon_id": "my-addon",
        "name": "My Addon",
        "team": team.pk,
        "description": "",
        "owner_contact": "",
        "quota_name": "",
        "target_namespace": "",
        "operator_name": "",
        "install_mode": "OwnNamespace",
        "default_channel": "stable",
        "runs_without_cluster_admin": "unknown",
    }
    data.update(overrides)
    return data


def _errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_owner_saves_a_half_written_draft(client, owner, owner_team):
    client.force_login(owner)
    response = client.post(reverse("intake_new"), _data(owner_team))
    addon = Addon.objects.get(addon_id="my-addon")
    assert response.status_code == 302 and response.url == addon.get_absolute_url()
    assert addon.state == State.DRAFT and addon.team == owner_team and addon.created_by == owner
    assert addon.events.get().kind == TimelineEvent.Kind.INTAKE


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("addon_id", "-bad", "2–32 letters, digits or hyphens"),
        ("addon_id", "a", "2–32 letters, digits or hyphens"),
        ("addon_id", "My-Addon", "Lowercase only"),
        ("owner_contact", "ds@example.com", "Write Name <user@redhat.com>"),
        ("owner_contact", "Data Science <ds@example.com>", "Write Name <user@redhat.com>"),
        ("sde_epic_url", "http://issues.example.com/SDE-1", "Enter a full https:// address"),
        ("service_definition_url", "ftp://x.example.com/d", "Enter a full https:// address"),
        ("questionnaire_url", "not a url", "Enter a full https:// address"),
        ("target_namespace", "Redhat_NS", "A Kubernetes namespace"),
        ("target_namespace", "my-addon", "start with redhat-"),
        ("operator_name", "-op", "At least 2 letters"),
        ("operator_name", "o", "At least 2 letters"),
        ("default_channel", "candidate", "Select a valid choice"),
        ("quota_name", "my-addon", "The OCM quota name is addon-<id>: addon-my-addon."),
    ],
)
def test_each_invalid_field_is_named_and_nothing_is_saved(
    client, owner, owner_team, field, value, message
):
    client.force_login(owner)
    response = client.post(reverse("intake_new"), _data(owner_team, **{field: value}))
    assert response.status_code == 400
    assert any(message in e for e in _errors(response, field)), _errors(response, field)
    assert message.split("<")[0] in response.content.decode().replace("&lt;", "<")
    assert not Addon.objects.exists()


def test_addon_id_must_be_unique(client, owner, owner_team, addon):
    client.force_login(owner)
    response = client.post(reverse("intake_new"), _data(owner_team, addon_id=addon.addon_id))
    assert "Addon with this Addon id already exists." in _errors(response, "addon_id")


def test_owner_cannot_file_for_another_team(client, owner, other_team):
    client.force_login(owner)
    response = client.post(reverse("intake_new"), _data(other_team))
    assert response.status_code == 400
    assert _errors(response, "team")
    assert not Addon.objects.exists()


def test_new_intake_page_is_for_owners_only(client, architect1, manager):
    for user in (architect1, manager):
        client.force_login(user)
        assert client.get(reverse("intake_new")).status_code == 403


def test_intake_page_shows_the_support_links(client, owner):
    client.force_login(owner)
    page = client.get(reverse("intake_new")).content.decode()
    assert "#forum-managed-tenants" in page
    assert "SD: Layered Products Sync" in page
    assert "Onboarding questionnaire" in page


def test_addon_list_offers_new_intake_to_owners_only(client, owner, architect1):
    client.force_login(owner)
    assert reverse("intake_new") in client.get(reverse("addon_list")).content.decode()
    client.force_login(architect1)
    assert reverse("intake_new") not in client.get(reverse("addon_list")).content.decode()


def _edit_data(addon, **overrides):
    from onboarding.forms.intake import INTAKE_FIELDS

    data = {}
    for name in INTAKE_FIELDS:
        value = getattr(addon, name)
        if name == "team":
            value = addon.team_id
        elif value is None:
            value = "unknown" if name == "runs_without_cluster_admin" else ""
        elif isinstance(value, bool):
            value = "true" if value else ""
        data[name] = value
    data["seen_state"] = addon.state
    data.update(overrides)
    return data


def test_draft_edit_changes_fields_without_a_new_revision(client, owner, addon):
    client.force_login(owner)
    page = client.get(addon.get_absolute_url()).content.decode()
    assert reverse("intake_edit", args=[addon.addon_id]) in page
    response = client.post(
        reverse("intake_edit", args=[addon.addon_id]), _edit_data(addon, name="Renamed")
    )
    assert response.status_code == 302
    addon.refresh_from_db()
    assert addon.name == "Renamed" and addon.intake_revision == 1
    event = addon.events.get(kind=TimelineEvent.Kind.INTAKE)
    assert event.payload["changed"] == ["name"]


def test_editing_in_changes_requested_then_resubmitting_opens_round_two(client, owner, make_addon):
    addon = make_addon(State.CHANGES_REQUESTED)
    client.force_login(owner)
    client.post(
        reverse("intake_edit", args=[addon.addon_id]),
        _edit_data(addon, capacity_forecast="Doubling in 2027.", load_testing="500 users."),
    )
    addon.refresh_from_db()
    assert addon.intake_revision == 1  # the round changes on the resubmit, not on each edit
    assert addon_resubmit(addon=addon, by=owner).intake_revision == 2
    event = addon.events.filter(kind=TimelineEvent.Kind.INTAKE).first()
    assert "capacity forecast" in event.message and "load testing" in event.message


def test_saving_an_unchanged_intake_keeps_the_revision(client, owner, make_addon):
    addon = make_addon(State.CHANGES_REQUESTED)
    client.force_login(owner)
    client.post(reverse("intake_edit", args=[addon.addon_id]), _edit_data(addon))
    addon.refresh_from_db()
    assert addon.intake_revision == 1
    assert not addon.events.filter(kind=TimelineEvent.Kind.INTAKE).exists()


def test_intake_is_not_editable_once_submitted(client, owner, make_addon):
    addon = make_addon(State.SUBMITTED)
    client.force_login(owner)
    response = client.post(
        reverse("intake_edit", args=[addon.addon_id]), _edit_data(addon, name="Sneaky")
    )
    assert response.status_code == 302
    addon.refresh_from_db()
    assert addon.name != "Sneaky"
    page = client.get(addon.get_absolute_url()).content.decode()
    assert reverse("intake_edit", args=[addon.addon_id]) not in page


def test_intake_edit_is_refused_to_architects_and_hidden_from_other_teams(
    client, addon, architect1, owner2
):
    url = reverse("intake_edit", args=[addon.addon_id])
    client.force_login(architect1)
    assert client.post(url, _edit_data(addon, name="X")).status_code == 403
    client.force_login(owner2)
    assert client.get(url).status_code == 404
    addon.refresh_from_db()
    assert addon.name != "X"


def test_failed_submit_names_every_missing_item_and_changes_nothing(client, owner, owner_team):
    addon = Addon.objects.create(addon_id="half", name="Half", team=owner_team, description="x")
    client.force_login(owner)
    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "submit"]),
        {"submit-seen_state": "draft"},
        follow=True,
    )
    text = response.content.decode()
    assert "Submit for review refused: The intake is incomplete; missing:" in text
    for label in [
        "owner contact",
        "service definition document",
        "SDE epic",
        "onboarding questionnaire",
        "architecture summary",
        "dependencies",
        "cluster requirements",
        "data flows",
        "continuity / backup plan",
        "key SLIs and target SLOs",
        "load testing",
        "capacity forecast",
        "runs without cluster admin",
        "support contacts",
    ]:
        assert label in text, label
    addon.refresh_from_db()
    assert addon.state == State.DRAFT
    assert not addon.events.exists()


@pytest.mark.parametrize("value", ["http://issues.example.com/SDE-1", "javascript:alert(1)"])
def test_a_bad_link_gets_exactly_one_message(client, owner, owner_team, value):
    client.force_login(owner)
    response = client.post(reverse("intake_new"), _data(owner_team, sde_epic_url=value))
    assert _errors(response, "sde_epic_url") == [
        "Enter a full https:// address (e.g. https://issues.example.com/SDE-1)."
    ]


def test_a_link_typed_without_a_scheme_is_taken_as_https(client, owner, owner_team):
    client.force_login(owner)
    client.post(reverse("intake_new"), _data(owner_team, sde_epic_url="issues.example.com/SDE-7"))
    assert Addon.objects.get(addon_id="my-addon").sde_epic_url == "https://issues.example.com/SDE-7"
