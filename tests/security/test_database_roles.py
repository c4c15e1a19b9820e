"""The application's database role owns nothing: on PostgreSQL it cannot empty or unguard the
timeline (TRUNCATE, ALTER TABLE … DISABLE TRIGGER), only read it and append to it; and no app
code switches the append-only triggers off (`pgtrigger.ignore`)."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from onboarding.management.commands.db_app_grants import append_only_tables
from onboarding.models import State, TimelineEvent

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_role(make_addon):
    """An app role made by the deploy's own grants, in this test's transaction (rolled back)."""
    addon = make_addon(State.SUBMITTED)
    role = f"{connection.settings_dict['NAME']}_app"[:60]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    call_command("db_app_grants", role, stdout=StringIO())
    return role, addon


def _as(role, statement, params=None):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def test_the_timeline_and_audit_are_the_append_only_tables():
    assert append_only_tables() == ["onboarding_auditevent", "onboarding_timelineevent"]


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE onboarding_timelineevent CASCADE",
        "ALTER TABLE onboarding_timelineevent DISABLE TRIGGER USER",
        "ALTER TABLE onboarding_auditevent DISABLE TRIGGER ALL",
        "TRUNCATE onboarding_auditevent",
        "UPDATE onboarding_timelineevent SET message = 'rewritten'",
        "DELETE FROM onboarding_timelineevent",
        "DROP TABLE onboarding_timelineevent CASCADE",
    ],
)
def test_the_app_role_cannot_empty_or_unguard_the_timeline(app_role, statement):
    role, addon = app_role
    before = TimelineEvent.objects.count()
    with pytest.raises(DatabaseError, match="permission denied|must be owner"):
        _as(role, statement)
    assert TimelineEvent.objects.count() == before > 0


def test_the_app_role_reads_and_appends_to_the_timeline(app_role):
    role, addon = app_role
    count = _as(
        role, "SELECT count(*) FROM onboarding_timelineevent WHERE addon_id = %s", [addon.pk]
    )
    assert count == [(addon.events.count(),)]
    _as(
        role,
        "INSERT INTO onboarding_timelineevent (addon_id, created_at, kind, from_state, to_state,"
        " message, payload) VALUES (%s, %s, 'comment', '', '', 'appended', '{}')",
        [addon.pk, timezone.now()],
    )
    assert addon.events.filter(message="appended").exists()


def test_the_app_role_works_the_workflow_tables(app_role):
    role, addon = app_role
    _as(role, "UPDATE onboarding_addon SET priority = 'P1' WHERE id = %s", [addon.pk])
    addon.refresh_from_db()
    assert addon.priority == "P1"


# Switching the guard off from Python: pgtrigger.ignore / disable / uninstall, however imported.
SWITCH_OFF = re.compile(
    r"pgtrigger\.(ignore|disable|uninstall)\b"
    r"|from pgtrigger(\.\w+)* import [^\n]*\b(ignore|disable|uninstall)\b"
)


def test_no_app_code_switches_the_append_only_triggers_off():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("onboarding", "portal")
        for path in (ROOT / folder).rglob("*.py")
        if SWITCH_OFF.search(path.read_text())
    ]
    assert offenders == []
    assert SWITCH_OFF.search("with pgtrigger.ignore('onboarding.TimelineEvent:x'):")
    assert SWITCH_OFF.search("from pgtrigger import Protect, ignore")
