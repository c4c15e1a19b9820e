"""Roles come from one place: never the manager's admin, always an audited grant.

The adversarial review found a manager ticking `is_superuser` and every group on himself in
`/admin/auth/user/<id>/change/`, and creating `sre2` with a password of his choosing.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from onboarding.integrations.oidc import PortalOIDCBackend
from onboarding.models import AuditEvent, State
from onboarding.rules.roles import Role
from onboarding.services.transitions import addon_accept

pytestmark = pytest.mark.django_db
User = get_user_model()


def _flags(user):
    user = User.objects.get(pk=user.pk)
    return (user.is_superuser, user.is_staff, set(user.groups.values_list("name", flat=True)))


def test_a_manager_cannot_make_himself_superuser_or_take_every_group(client, manager):
    before = _flags(manager)
    client.force_login(manager)
    url = reverse("admin:auth_user_change", args=[manager.pk])
    forged = {
        "username": "manager",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": list(Group.objects.values_list("pk", flat=True)),
    }
    assert client.post(url, forged).status_code == 403
    assert _flags(manager) == before
    group = Group.objects.get(name=Role.ARCHITECT)
    assert (
        client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "x"}).status_code
        == 403
    )
    assert Group.objects.get(pk=group.pk).name == Role.ARCHITECT


def test_a_manager_cannot_create_an_account_or_set_a_password(client, manager, sre):
    client.force_login(manager)
    created = client.post(
        reverse("admin:auth_user_add"),
        {"username": "sre2", "password1": "Chosen-by-me-42", "password2": "Chosen-by-me-42"},
    )
    assert created.status_code == 403
    assert not User.objects.filter(username="sre2").exists()
    password_url = reverse("admin:auth_user_password_change", args=[sre.pk])
    reset = client.post(
        password_url, {"password1": "Chosen-by-me-42", "password2": "Chosen-by-me-42"}
    )
    assert reset.status_code == 403
    assert User.objects.get(pk=sre.pk).check_password("demo-password")


def test_the_user_page_shows_when_the_account_may_act_on_gates(client, manager, sre):
    client.force_login(manager)
    page = client.get(reverse("admin:auth_user_change", args=[sre.pk])).content.decode()
    assert "Acts on gates from" in page


def test_the_grant_command_records_who_granted_which_role_to_whom(client, manager, sre):
    call_command("role_grant", "sre", "architect", "--by", "manager")
    assert Role.ARCHITECT in _flags(sre)[2]
    call_command("role_grant", "sre", "architect", "--by", "manager", "--revoke")
    assert Role.ARCHITECT not in _flags(sre)[2]
    granted, revoked = AuditEvent.objects.order_by("pk")
    assert (granted.kind, granted.actor, granted.subject, granted.role) == (
        AuditEvent.Kind.ROLE_GRANTED,
        manager,
        sre,
        Role.ARCHITECT,
    )
    assert revoked.kind == AuditEvent.Kind.ROLE_REVOKED
    client.force_login(manager)
    audit = client.get(reverse("admin:onboarding_auditevent_changelist")).content.decode()
    assert "manager granted SRES Architect to sre." in audit


def test_nobody_grants_himself_a_role(manager):
    with pytest.raises(CommandError, match="Nobody grants or revokes their own roles"):
        call_command("role_grant", "manager", "architect", "--by", "manager")
    assert not AuditEvent.objects.exists()


@override_settings(OIDC_GROUP_ROLES={"addon-sre": Role.SRE.value})
def test_roles_from_single_sign_on_are_audited_too(reference_data):
    user = User.objects.create_user("nadia", email="nadia@example.com")
    backend = PortalOIDCBackend()
    backend.update_user(user, {"email": "nadia@example.com", "groups": ["addon-sre"]})
    backend.update_user(user, {"email": "nadia@example.com", "groups": []})
    kinds = list(AuditEvent.objects.order_by("pk").values_list("kind", "role", "actor"))
    assert kinds == [
        (AuditEvent.Kind.ROLE_GRANTED, Role.SRE, None),
        (AuditEvent.Kind.ROLE_REVOKED, Role.SRE, None),
    ]


def test_a_superuser_gets_no_workflow_role(client, make_addon, architect1, architect2):
    addon = make_addon(State.SUBMITTED)
    from onboarding.services import review as r

    r.signoff_give(addon=addon, by=architect1)
    r.signoff_give(addon=addon, by=architect2)
    root = User.objects.create_superuser("root", "root@example.com", "x")
    with pytest.raises(PermissionDenied):
        addon_accept(addon=addon, by=root, priority="P1")
    client.force_login(root)
    assert client.get(reverse("review_queue")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302
    addon.refresh_from_db()
    assert addon.state == State.SUBMITTED


def test_the_user_pages_show_roles_as_the_rules_read_them_not_flags(client, manager, lead, sre):
    superuser = User.objects.create_superuser("root", "root@example.com", "x-Long-enough-42")
    client.force_login(manager)
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Addon SRE Lead" in listing and "Addon SRE Manager" in listing
    assert "is_superuser" not in listing and "Staff status" not in listing
    filtered = client.get(reverse("admin:auth_user_changelist"), {"role": Role.LEAD.value})
    assert [u.username for u in filtered.context["cl"].result_list] == ["lead"]
    page = client.get(reverse("admin:auth_user_change", args=[superuser.pk]))
    fields = {
        field.field["name"]
        for fieldset in page.context["adminform"]
        for line in fieldset
        for field in line
    }
    assert {"roles", "opens_admin"} <= set(fields)
    assert not {"is_staff", "is_superuser", "groups"} & set(fields)
    body = page.content.decode()
    # A superuser holds no role and does not open the portal's admin.
    assert "Opens the admin" in body
    assert 'alt="False"' in body
    manager_page = client.get(reverse("admin:auth_user_change", args=[manager.pk]))
    assert "Addon SRE Manager" in manager_page.content.decode()
    assert 'alt="True"' in manager_page.content.decode()
