"""Checklist template versions in the admin: drafts are edited, published ones are read-only."""

from django.contrib import admin, messages
from django.db.models import Count

from ..errors import ActionRefused
from ..models import ChecklistTemplate, ChecklistTemplateItem
from ..rules import pages
from ..services.checklist_templates import checklist_template_copy, checklist_template_publish
from .site import may_admin


def _maintains(request) -> bool:
    """The admin opens, and the checklist templates rule lets this person maintain them."""
    return may_admin(request) and pages.checklist_templates.allows(request.user, None)


def _is_draft(obj) -> bool:
    return obj is None or not obj.is_published


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 0
    fields = ChecklistTemplateItem.CONTENT_FIELDS
    ordering = ("position",)

    def has_view_permission(self, request, obj=None):
        return _maintains(request)

    def has_add_permission(self, request, obj=None):
        return _maintains(request) and _is_draft(obj)

    def has_change_permission(self, request, obj=None):
        return _maintains(request) and _is_draft(obj)

    def has_delete_permission(self, request, obj=None):
        return _maintains(request) and _is_draft(obj)


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ("version", "status", "item_count", "published_at", "created_at")
    readonly_fields = ("version", "published_at", "created_at")
    fields = ("version", "notes", "published_at", "created_at")
    inlines = [ChecklistTemplateItemInline]
    actions = ["publish", "start_new_version"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_items=Count("items"))

    @admin.display(description="Status")
    def status(self, obj):
        return "published" if obj.is_published else "draft"

    @admin.display(description="Items", ordering="n_items")
    def item_count(self, obj):
        return obj.n_items

    # Managers run the admin (DOMAIN.md); their role, not model permissions, opens it.
    def has_module_permission(self, request):
        return _maintains(request)

    def has_view_permission(self, request, obj=None):
        return _maintains(request)

    def has_change_permission(self, request, obj=None):
        return _maintains(request) and _is_draft(obj)

    def has_add_permission(self, request):
        return False  # a version starts as a copy of another (the "Start a new version" action)

    def has_delete_permission(self, request, obj=None):
        return _maintains(request) and obj is not None and _is_draft(obj)

    def get_actions(self, request):
        # The action list must not depend on the change permission of published rows.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Publish the selected draft versions")
    def publish(self, request, queryset):
        for template in queryset.order_by("version"):
            try:
                checklist_template_publish(template=template, by=request.user)
            except ActionRefused as refusal:
                self.message_user(request, refusal.message, messages.ERROR)
            else:
                self.message_user(request, f"Version {template.version} published.")

    @admin.action(description="Start a new version as a copy")
    def start_new_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one version to copy.", messages.ERROR)
            return
        draft = checklist_template_copy(template=queryset.get(), by=request.user)
        self.message_user(
            request,
            f"Draft version {draft.version} created with {draft.items.count()} items; edit it, "
            "then publish it.",
        )
