"""An admin that cannot forge (issue 13): workflow records are read-only in the admin, the
Addon's guarded fields too, unknown steps are 404, and the database refuses to rewrite history."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from onboarding.models import (
    SLO,
    SOP,
    Addon,
    ApiToken,
    AuditEvent,
    ChecklistItem,
    Comment,
    Handover,
    Notification,
    ReviewRound,
    SignOff,
    SLOBucket,
    SLOClock,
    SLOGapAcceptance,
    State,
    TimelineEvent,
)
from onboarding.rules.roles import Role
from onboarding.services.role_grants import role_grant

# Models whose rows only the services write; everything else in the admin is configuration
# (teams, settings, checklist templates), which is what the manager maintains there. Users
# and groups are read-only too (tests/admin/test_roles_from_one_place.py).
WORKFLOW_MODELS = [
    SignOff,
    ReviewRound,
    Comment,
    ChecklistItem,
    SLO,
    SLOBucket,
    SOP,
    ApiToken,
    Handover,
    TimelineEvent,
    Notification,
    SLOGapAcceptance,
    SLOClock,
    AuditEvent,
]
CONFIGURATION = {"user", "team", "portalsettings", "checklisttemplate", "prometheussource"}


@pytest.fixture
def world(make_addon, owner, personas):
    addon = make_addon(State.TRANSITIONED)
    Comment.objects.create(addon=addon, author=owner, body="Thanks all.")
    # A push token from before the handover (none can be issued after it) and a read token.
    ApiToken.issue(user=owner, label="CI", addon=addon)
    ApiToken.issue(user=owner, label="scripts")
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    SLOGapAcceptance.objects.create(
        slo=addon.slos.first(),
        start=hour - timedelta(hours=3),
        end=hour - timedelta(hours=1),
        reason="Scrape outage",
        accepted_by=personas["sre"],
    )
    SLOClock.objects.create(pk=1, collected_through=hour, finished_at=hour)
    role_grant(user=personas["sre"], role=Role.LEAD, by=personas["manager"])
    return addon


def _row(model, pk):
    return model.objects.filter(pk=pk).values().get()


def _url(model, view, *args):
    return reverse(f"admin:onboarding_{model._meta.model_name}_{view}", args=args)


def _forged(values):
    """The row's values as form data, with every editable value changed."""
    data = {}
    for name, value in values.items():
        if isinstance(value, bool):
            data[name] = "" if value else "on"
        elif isinstance(value, int):
            data[name] = str(value + 1)
        elif value is None:
            data[name] = "1"
        else:
            data[name] = f"{value}x"
    return data


def test_every_admin_model_is_either_configuration_or_listed_here():
    registered = {m._meta.model_name for m in admin.site._registry}
    covered = {m._meta.model_name for m in WORKFLOW_MODELS} | CONFIGURATION | {"addon"}
    assert registered - covered <= {"group", "accessattempt", "accessfailurelog", "accesslog"}


@pytest.mark.parametrize("model", WORKFLOW_MODELS, ids=lambda m: m.__name__)
def test_admin_add_change_and_delete_posts_change_nothing(client, manager, world, model):
    client.force_login(manager)
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the world has no {model.__name__}"
    before, count = _row(model, obj.pk), model.objects.count()
    data = _forged(before)

    assert client.post(_url(model, "add"), data).status_code == 403
    assert client.post(_url(model, "change", obj.pk), data).status_code in (302, 403)
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    client.post(
        _url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert model.objects.count() == count
    assert _row(model, obj.pk) == before


def test_the_addon_admin_changes_no_guarded_field(client, manager, make_addon):
    addon = make_addon(State.SUBMITTED)
    before = _row(Addon, addon.pk)
    client.force_login(manager)
    forged = {
        "priority": "P1",
        "intake_revision": "9",
        "stage_deployed_on": "2020-01-01",
        "production_deployed_on": "2020-01-02",
        "description": "Rewritten by the admin",
        "sprint_slot": "S0",
    }
    client.post(_url(Addon, "change", addon.pk), forged)
    assert _row(Addon, addon.pk) | {"updated_at": None} == before | {"updated_at": None}
    assert client.post(_url(Addon, "add"), {"addon_id": "forged", "name": "x"}).status_code == 403
    assert not Addon.objects.filter(addon_id="forged").exists()


def test_the_admin_cannot_add_a_sign_off_to_reach_the_quorum(
    client, manager, make_addon, architect2
):
    addon = make_addon(State.SUBMITTED)
    client.force_login(manager)
    response = client.post(
        _url(SignOff, "add"),
        {"addon": addon.pk, "architect": architect2.pk, "intake_revision": addon.intake_revision},
    )
    assert response.status_code == 403
    assert not addon.signoffs.exists()


@pytest.mark.parametrize("name", ["bogus", "save", "__init__", "_entered"])
def test_unknown_transition_names_in_the_admin_are_404(client, manager, make_addon, name):
    addon = make_addon(State.SUBMITTED)
    client.force_login(manager)
    assert client.get(_url(Addon, "transition", addon.pk, name)).status_code == 404
    response = client.post(_url(Addon, "change", addon.pk), {"_fsm_transition_to": name})
    assert response.status_code == 404
    assert Addon.objects.get(pk=addon.pk).state == State.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_to_rewrite_the_timeline(make_addon):
    assert connection.vendor == "postgresql"
    addon = make_addon(State.SUBMITTED)
    event = TimelineEvent.objects.filter(addon=addon).first()
    table = TimelineEvent._meta.db_table
    for sql in (
        f"UPDATE {table} SET message = 'forged' WHERE id = %s",  # noqa: S608 - fixed table name
        f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
    ):
        with (
            pytest.raises(DatabaseError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert TimelineEvent.objects.get(pk=event.pk).message == event.message
