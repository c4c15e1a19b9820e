"""Every other portal model in the admin: teams, users, review, checklist, SLOs, delivery."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied

from ..models import (
    SLO,
    SOP,
    ApiToken,
    ChecklistItem,
    Comment,
    Handover,
    Notification,
    PortalSettings,
    SignOff,
    SLOBucket,
    Team,
    TimelineEvent,
)
from ..services.errors import ActionRefused
from ..services.handover_retry import handover_retry
from .site import ManagerAdmin, ManagerPermissions, ReadOnlyAdmin

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(ManagerPermissions, UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups", "teams")


@admin.register(Team)
class TeamAdmin(ManagerAdmin):
    list_display = ("name", "slug", "is_sre", "mailing_list")
    list_filter = ("is_sre",)
    search_fields = ("name", "slug", "mailing_list")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("members",)


@admin.register(TimelineEvent)
class TimelineEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "addon", "kind", "actor", "from_state", "to_state", "message")
    list_filter = ("kind", "to_state")
    search_fields = ("addon__addon_id", "addon__name", "message", "actor__username")
    list_select_related = ("addon", "actor")
    date_hierarchy = "created_at"

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(SignOff)
class SignOffAdmin(ManagerAdmin):
    list_display = (
        "addon",
        "architect",
        "objection",
        "intake_revision",
        "created_at",
        "withdrawn_at",
    )
    list_filter = ("objection",)
    search_fields = ("addon__addon_id", "architect__username", "note")
    autocomplete_fields = ("addon", "architect")
    list_select_related = ("addon", "architect")


@admin.register(Comment)
class CommentAdmin(ManagerAdmin):
    list_display = ("addon", "author", "created_at", "body")
    search_fields = ("addon__addon_id", "author__username", "body")
    autocomplete_fields = ("addon", "author")
    list_select_related = ("addon", "author")


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ManagerAdmin):
    list_display = ("addon", "key", "title", "side", "gate", "mandatory", "status")
    list_filter = ("status", "side", "gate", "mandatory", "category")
    search_fields = ("addon__addon_id", "key", "title")
    autocomplete_fields = (
        "addon",
        "done_by",
        "verified_by",
        "waiver_requested_by",
        "waiver_decided_by",
    )
    list_select_related = ("addon",)


@admin.register(SLO)
class SLOAdmin(ManagerAdmin):
    list_display = (
        "addon",
        "name",
        "sli_type",
        "objective",
        "window_days",
        "review",
        "last_status",
    )
    list_filter = ("sli_type", "review", "last_status", "source")
    search_fields = ("addon__addon_id", "name", "description")
    autocomplete_fields = ("addon",)
    list_select_related = ("addon",)


@admin.register(SLOBucket)
class SLOBucketAdmin(ManagerAdmin):
    list_display = ("slo", "start", "good", "total")
    search_fields = ("slo__name", "slo__addon__addon_id")
    autocomplete_fields = ("slo",)
    list_select_related = ("slo",)
    date_hierarchy = "start"


@admin.register(SOP)
class SOPAdmin(ManagerAdmin):
    list_display = ("addon", "title", "status", "reviewed_by", "reviewed_at")
    list_filter = ("status",)
    search_fields = ("addon__addon_id", "title", "url")
    autocomplete_fields = ("addon", "reviewed_by")
    list_select_related = ("addon", "reviewed_by")


@admin.register(ApiToken)
class ApiTokenAdmin(ManagerAdmin):
    list_display = (
        "addon",
        "label",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("addon__addon_id", "label", "prefix")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")
    autocomplete_fields = ("addon", "created_by")
    list_select_related = ("addon", "created_by")

    def has_add_permission(self, request):
        return False  # tokens are issued on the addon's SLO page, where the secret is shown once


@admin.register(Handover)
class HandoverAdmin(ManagerAdmin):
    list_display = (
        "addon",
        "status",
        "branch",
        "attempts",
        "escalation_policy_id",
        "verification",
        "updated_at",
        "last_error",
    )
    list_filter = ("status", "verification")
    search_fields = ("addon__addon_id", "addon__name", "branch", "last_error")
    readonly_fields = (
        "status",
        "branch",
        "commit_sha",
        "attempts",
        "last_error",
        "verification",
        "verification_detail",
        "verified_at",
        "created_at",
        "updated_at",
        "requested_at",
        "completed_at",
    )
    autocomplete_fields = ("addon",)
    list_select_related = ("addon",)
    actions = ["retry"]

    @admin.action(description="Retry the selected failed handovers")
    def retry(self, request, queryset):
        for handover in queryset.select_related("addon"):
            try:
                handover_retry(handover=handover, by=request.user)
            except (ActionRefused, PermissionDenied) as refusal:
                reason = getattr(refusal, "message", None) or str(refusal)
                self.message_user(request, f"{handover.addon}: {reason}", messages.ERROR)
            else:
                self.message_user(request, f"{handover.addon}: handover queued again.")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "subject", "sent_at", "attempts", "last_error")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("subject", "body")
    date_hierarchy = "created_at"


@admin.register(PortalSettings)
class PortalSettingsAdmin(ManagerAdmin):
    list_display = ("__str__", "signoff_quorum", "review_sla_days", "stuck_after_days")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PortalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
