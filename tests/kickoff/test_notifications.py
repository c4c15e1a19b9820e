"""Kickoff e-mails: sent after commit to the right people, never after a rollback."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from onboarding.models import State, Team
from onboarding.services import transitions as t
from onboarding.services.review import signoff_give

pytestmark = pytest.mark.django_db


def _recipients():
    return {address for message in mail.outbox for address in message.to}


def test_submit_mails_architects_and_lead_with_text_and_html(
    addon, personas, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        t.addon_submit(addon=addon, by=personas["owner"])
    assert _recipients() == {
        "architect1@example.com",
        "architect2@example.com",
        "architect3@example.com",
        "lead@example.com",
    }
    message = mail.outbox[0]
    assert addon.addon_id in message.subject
    assert message.alternatives and message.alternatives[0][1] == "text/html"


@pytest.mark.parametrize(
    ("step", "kwargs"),
    [
        ("request_changes", {"comment": "More detail."}),
        ("reject", {"rationale": "Out of scope."}),
    ],
)
def test_decisions_mail_the_owner_team(
    make_addon, personas, step, kwargs, django_capture_on_commit_callbacks
):
    addon = make_addon(State.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        t.SERVICES[step](addon=addon, by=personas["architect1"], **kwargs)
    assert _recipients() == {"owner@example.com", "ds@example.com"}


def test_accept_mails_the_owner_team(make_addon, personas, django_capture_on_commit_callbacks):
    addon = make_addon(State.SUBMITTED)
    signoff_give(addon=addon, by=personas["architect1"])
    signoff_give(addon=addon, by=personas["architect2"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        t.addon_accept(addon=addon, by=personas["architect1"], priority="P2")
    assert {"owner@example.com", "ds@example.com"} <= _recipients()


def test_assign_mails_the_lead_the_engineers_and_the_owners(
    make_addon, personas, django_capture_on_commit_callbacks
):
    addon = make_addon(State.ACCEPTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        t.addon_assign(
            addon=addon,
            by=personas["manager"],
            sre_team=Team.objects.get(slug="addon-sre"),
            sre_lead=personas["lead"],
            engineers=[personas["sre"]],
            sprint_slot="2026-S30",
        )
    assert _recipients() == {
        "lead@example.com",
        "sre@example.com",
        "owner@example.com",
        "ds@example.com",
    }


def test_scope_mails_owners_and_engineers(make_addon, personas, django_capture_on_commit_callbacks):
    addon = make_addon(State.ASSIGNED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        t.addon_scope(
            addon=addon,
            by=personas["lead"],
            work_items="Alerts review",
            estimate_weeks=4,
            target_production_date=timezone.localdate() + timezone.timedelta(days=40),
        )
    assert {"owner@example.com", "ds@example.com", "sre@example.com"} <= _recipients()


def test_a_rolled_back_transaction_sends_nothing(
    addon, personas, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        t.addon_submit(addon=addon, by=personas["owner"])
        raise Boom
    assert callbacks == []
    assert mail.outbox == []
    addon.refresh_from_db()
    assert addon.state == State.DRAFT
