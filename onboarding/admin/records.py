"""Every other portal model in the admin: teams, review, checklist, SLOs, delivery.

Workflow records (sign-offs, comments, review rounds, checklist items, SLOs and their data,
SOPs, tokens, handovers, timeline events, notifications) are read-only here: they change
only through the services, which check the same rules as the portal and write the timeline.
The corrections a manager needs are admin actions that call those services (handover retry
here; the workflow steps and assignment on the Addon admin).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from ..errors import ActionRefused
from ..models import (
    SLO,
    SOP,
    ChecklistItem,
    Comment,
    Handover,
    Notification,
    PortalSettings,
    ReviewRound,
    SignOff,
    SLOBucket,
    Team,
    TimelineEvent,
)
from ..services.handover_retry import handover_retry
from ..services.portal_settings import settings_change
from .site import ManagerAdmin, ReadOnlyAdmin


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
class SignOffAdmin(ReadOnlyAdmin):
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
    list_select_related = ("addon", "architect")


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ("addon", "number", "opened_by", "opened_at")
    search_fields = ("addon__addon_id",)
    list_select_related = ("addon", "opened_by")


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("addon", "author", "created_at", "body")
    search_fields = ("addon__addon_id", "author__username", "body")
    list_select_related = ("addon", "author")


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ReadOnlyAdmin):
    list_display = ("addon", "key", "title", "side", "gate", "mandatory", "status")
    list_filter = ("status", "side", "gate", "mandatory", "category")
    search_fields = ("addon__addon_id", "key", "title")
    list_select_related = ("addon",)


@admin.register(SLO)
class SLOAdmin(ReadOnlyAdmin):
    list_display = (
        "addon",
        "name",
        "sli_type",
        "objective",
        "window_days",
        "review",
        "last_status",
    )
    list_filter = ("sli_type", "review", "last_status", "source", "kind", "prometheus_source")
    search_fields = ("addon__addon_id", "name", "description")
    list_select_related = ("addon",)
    # Collection state belongs to the collection run, not to hand edits.
    readonly_fields = (
        "last_status",
        "last_evaluated_at",
        "last_collected_at",
        "last_collection_error",
        "last_collection_error_at",
    )


@admin.register(SLOBucket)
class SLOBucketAdmin(ReadOnlyAdmin):
    list_display = ("slo", "start", "good", "total")
    search_fields = ("slo__name", "slo__addon__addon_id")
    list_select_related = ("slo",)
    date_hierarchy = "start"


@admin.register(SOP)
class SOPAdmin(ReadOnlyAdmin):
    list_display = ("addon", "title", "status", "reviewed_by", "reviewed_at")
    list_filter = ("status",)
    search_fields = ("addon__addon_id", "title", "url")
    list_select_related = ("addon", "reviewed_by")


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
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
    list_display = ("created_at", "kind", "subject", "sent_at", "attempts", "last_error")
    list_filter = (("sent_at", admin.EmptyFieldListFilter), "kind")
    search_fields = ("subject", "body")
    date_hierarchy = "created_at"


@admin.register(PortalSettings)
class PortalSettingsAdmin(ManagerAdmin):
    list_display = ("__str__", "signoff_quorum", "review_sla_days", "stuck_after_days")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PortalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Every change is an audit event (who, which setting, from → to).
        before = {name: form.initial.get(name) for name in form.changed_data}
        settings_change(row=obj, by=request.user, before=before)
