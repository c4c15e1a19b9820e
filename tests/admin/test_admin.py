import pytest
from django.test import override_settings
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.models import Handover, PortalSettings, TimelineEvent
from onboarding.services.transitions import addon_assign

pytestmark = pytest.mark.django_db


def _change_url(addon):
    return reverse("admin:onboarding_addon_change", args=[addon.pk])


@pytest.mark.parametrize("persona", ["owner", "architect1", "lead", "sre"])
def test_non_managers_cannot_reach_the_admin_even_as_staff(client, personas, persona):
    user = personas[persona]
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("persona", ["owner", "architect1", "lead", "sre"])
def test_the_admin_link_shows_only_to_whom_the_admin_opens(client, personas, persona, manager):
    staff = personas[persona]
    staff.is_staff = True
    staff.save()
    admin_link = f'href="{reverse("admin:index")}"'
    client.force_login(staff)
    assert admin_link not in client.get(reverse("home")).content.decode()
    client.force_login(manager)
    assert admin_link in client.get(reverse("home")).content.decode()


def test_staff_flag_is_needed_too(client, manager):
    manager.is_staff = False
    manager.save()
    client.force_login(manager)
    assert client.get(reverse("admin:index")).status_code == 302


def test_manager_sees_every_model_in_the_admin(client, manager):
    client.force_login(manager)
    page = client.get(reverse("admin:index")).content.decode()
    for name in ["Addons", "Timeline events", "Portal settings", "Handovers", "Teams", "SLOs"]:
        assert name in page


def test_manager_assigns_from_the_admin_with_the_same_event_as_the_portal(
    client, manager, make_addon, sre_team, lead, sre
):
    addon = make_addon("accepted")
    client.force_login(manager)
    url = _change_url(addon)
    response = client.post(
        reverse("admin:onboarding_addon_transition", args=[addon.pk, "assign"]),
        {"sre_team": sre_team.pk, "sre_lead": lead.pk, "engineers": [sre.pk], "sprint_slot": "S1"},
    )
    assert response.status_code == 302 and response["Location"] == url
    addon.refresh_from_db()
    assert addon.state == "assigned"
    event = TimelineEvent.objects.filter(addon=addon).first()
    assert (event.kind, event.actor, event.payload["transition"]) == (
        "transition",
        manager,
        "assign",
    )
    # The lead, the engineers and the owner team (members and mailing list) hear of it.
    assert set(event.notifications.get().recipients) == {
        lead.email,
        sre.email,
        *addon.team.members.values_list("email", flat=True),
        addon.team.mailing_list,
    }

    # The portal's service writes the same event for the same step.
    other = make_addon("accepted")
    addon_assign(
        addon=other, by=manager, sre_team=sre_team, sre_lead=lead, engineers=[sre], sprint_slot="S1"
    )
    portal_event = TimelineEvent.objects.filter(addon=other).first()
    assert (portal_event.message, portal_event.payload) == (event.message, event.payload)


def test_admin_transition_is_refused_like_the_portal(client, manager, make_addon, sre_team, lead):
    addon = make_addon("assigned")  # a stale admin page still offering "assign"
    events_before = TimelineEvent.objects.filter(addon=addon).count()
    with pytest.raises(ActionRefused) as portal_refusal:
        addon_assign(addon=addon, by=manager, sre_team=sre_team, sre_lead=lead, sprint_slot="S9")
    client.force_login(manager)
    response = client.post(
        reverse("admin:onboarding_addon_transition", args=[addon.pk, "assign"]),
        {"sre_team": sre_team.pk, "sre_lead": lead.pk, "sprint_slot": "S9"},
        follow=True,
    )
    addon.refresh_from_db()
    assert (addon.sprint_slot, addon.state) == ("2026-S24", "assigned")
    assert TimelineEvent.objects.filter(addon=addon).count() == events_before
    assert (
        f"Assign to Addon SRE refused: {portal_refusal.value.message}" in response.content.decode()
    )


def test_manager_without_the_role_permission_is_refused_by_the_service(client, manager, make_addon):
    addon = make_addon("submitted")
    client.force_login(manager)
    # Accept is an architect's step: not offered, and refused when posted.
    page = client.get(_change_url(addon)).content.decode()
    assert 'value="accept"' not in page
    response = client.post(
        _change_url(addon), {"_fsm_transition_to": "reject", **_form_of(addon)}, follow=True
    )
    addon.refresh_from_db()
    assert addon.state == "submitted"
    assert "refused" in response.content.decode() or "not allowed" in response.content.decode()


def _form_of(addon):
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(addon).items() if v is not None and k != "state"}
    data["engineers"] = [u.pk for u in data.get("engineers", [])]
    return data


def test_assign_action_uses_an_intermediate_form(client, manager, make_addon, sre_team, lead):
    first, second = make_addon("accepted"), make_addon("accepted")
    client.force_login(manager)
    url = reverse("admin:onboarding_addon_changelist")
    selection = {"action": "assign", "_selected_action": [first.pk, second.pk]}
    page = client.post(url, selection)
    assert page.status_code == 200 and "Assign to Addon SRE" in page.content.decode()
    client.post(
        url,
        {
            **selection,
            "apply": "1",
            "sre_team": sre_team.pk,
            "sre_lead": lead.pk,
            "sprint_slot": "S2",
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("assigned", "assigned")


def test_timeline_events_are_read_only_in_the_admin(client, manager, make_addon):
    addon = make_addon("submitted")
    event = TimelineEvent.objects.filter(addon=addon).first()
    client.force_login(manager)
    assert client.get(reverse("admin:onboarding_timelineevent_changelist")).status_code == 200
    assert client.get(reverse("admin:onboarding_timelineevent_add")).status_code == 403
    assert (
        client.get(reverse("admin:onboarding_timelineevent_delete", args=[event.pk])).status_code
        == 403
    )
    page = client.get(reverse("admin:onboarding_timelineevent_change", args=[event.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_portal_settings_are_one_row_without_add_or_delete(client, manager):
    settings_row = PortalSettings.load()
    client.force_login(manager)
    assert client.get(reverse("admin:onboarding_portalsettings_add")).status_code == 403
    response = client.post(
        reverse("admin:onboarding_portalsettings_change", args=[settings_row.pk]),
        {
            **{
                f.name: getattr(settings_row, f.name)
                for f in PortalSettings._meta.fields
                if f.name != "id"
            },
            "stuck_after_days": 45,
        },
    )
    assert response.status_code == 302
    assert PortalSettings.load().stuck_after_days == 45
    assert (
        client.get(
            reverse("admin:onboarding_portalsettings_delete", args=[settings_row.pk])
        ).status_code
        == 403
    )


@override_settings(
    MANAGED_TENANTS_REPO_URL="git://127.0.0.1:9/managed-tenants.git",
    ADDON_SRE_ESCALATION_POLICY_ID="PSRE247",
)
def test_retry_failed_handover_action(client, manager, make_addon):
    addon = make_addon("submitted")
    handover = Handover.objects.create(
        addon=addon, status=Handover.Status.FAILED, escalation_policy_id="PX", last_error="boom"
    )
    client.force_login(manager)
    client.post(
        reverse("admin:onboarding_handover_changelist"),
        {"action": "retry", "_selected_action": [handover.pk]},
    )
    assert TimelineEvent.objects.filter(
        addon=addon, kind="handover", payload__action="retry"
    ).exists()
