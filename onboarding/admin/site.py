"""Who reaches the admin is the admin rule's answer (rules/pages.py: the manager role, and
Django's sign-in to the admin); every model here asks the same rule."""

from django.contrib import admin
from django.utils.html import conditional_escape

from ..rules import pages


def may_admin(request) -> bool:
    return pages.admin.allows(request.user, None)


admin.site.has_permission = may_admin
admin.site.site_header = "Addon Onboarding admin"
admin.site.site_title = "Addon Onboarding admin"


class ManagerPermissions:
    """The admin rule, not per-model permissions, opens a model in the admin."""

    def has_module_permission(self, request):
        return may_admin(request)

    def has_view_permission(self, request, obj=None):
        return may_admin(request)

    def has_add_permission(self, request):
        return may_admin(request)

    def has_change_permission(self, request, obj=None):
        return may_admin(request)

    def has_delete_permission(self, request, obj=None):
        return may_admin(request)


class ManagerAdmin(ManagerPermissions, admin.ModelAdmin):
    def get_form(self, request, obj=None, **kwargs):
        # Help texts are plain text ("Name <email>"). The form renderer escapes those of
        # fields; the admin prints read-only fields' from the form's Meta, so escape them here.
        help_texts = {
            f.name: conditional_escape(f.help_text)
            for f in self.model._meta.get_fields()
            if getattr(f, "help_text", "")
        }
        return super().get_form(request, obj, **{"help_texts": help_texts, **kwargs})


class ReadOnlyAdmin(ManagerAdmin):
    """Audit records: viewable, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
