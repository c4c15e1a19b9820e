"""Only managers reach the admin: staff alone is not enough, the manager role is required."""

from django.contrib import admin
from django.utils.html import conditional_escape

from ..rules import pages


def is_manager(request) -> bool:
    return pages.admin.allows(request.user, None)


admin.site.has_permission = is_manager
admin.site.site_header = "Addon Onboarding admin"
admin.site.site_title = "Addon Onboarding admin"


class ManagerPermissions:
    """The manager role, not per-model permissions, opens a model in the admin."""

    def has_module_permission(self, request):
        return is_manager(request)

    def has_view_permission(self, request, obj=None):
        return is_manager(request)

    def has_add_permission(self, request):
        return is_manager(request)

    def has_change_permission(self, request, obj=None):
        return is_manager(request)

    def has_delete_permission(self, request, obj=None):
        return is_manager(request)


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
