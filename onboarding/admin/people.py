"""Users, groups and the audit of role grants and settings changes: read-only for managers.

Roles reach an account only from the SSO provider's groups or the `role_grant` command
(services/role_grants.py), each an audited event; the manager's admin never sets a role, an
account flag or a password, so no manager can grant himself a role here. It shows each account's
roles and whether it opens the admin as the rules read them (rules/roles.py, rules/pages.py),
not Django's flags.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils import formats, timezone

from ..models import AuditEvent
from ..rules import pages
from ..rules.people import gates_open_at
from ..rules.roles import Role, holders, roles_of
from .site import ReadOnlyAdmin

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role.value, role.value) for role in Role]

    def queryset(self, request, queryset):
        if self.value() in {role.value for role in Role}:
            return queryset.filter(pk__in=holders(Role(self.value())).values("pk"))
        return queryset


@admin.register(User)
class PortalUserAdmin(ReadOnlyAdmin, UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_active", "roles")
    list_filter = ("is_active", RoleFilter, "teams")
    readonly_fields = ("roles", "opens_admin", "acts_on_gates_from")
    fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        ("Roles", {"fields": ("is_active", "roles", "opens_admin")}),
        ("Four eyes", {"fields": ("date_joined", "acts_on_gates_from")}),
    )

    @admin.display(description="Roles")
    def roles(self, obj):
        return ", ".join(roles_of(obj)) or "None"

    @admin.display(description="Opens the admin", boolean=True)
    def opens_admin(self, obj):
        return pages.admin.allows(obj, None)

    @admin.display(description="Acts on gates from")
    def acts_on_gates_from(self, obj):
        opens = gates_open_at(obj)
        return formats.date_format(timezone.localtime(opens), "DATETIME_FORMAT")


@admin.register(Group)
class PortalGroupAdmin(ReadOnlyAdmin):
    list_display = ("name",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "actor", "subject", "role", "message")
    list_filter = ("kind", "role")
    search_fields = ("actor__username", "subject__username", "message")
    list_select_related = ("actor", "subject")
    date_hierarchy = "created_at"

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
