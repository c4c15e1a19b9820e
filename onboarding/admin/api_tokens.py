"""Users' JSON API tokens: managers see them all and can revoke, nothing else."""

from django.contrib import admin, messages
from django.template.defaultfilters import pluralize

from ..models import UserApiToken
from ..services.api_tokens import user_api_token_revoke
from ..services.errors import ActionRefused
from .site import ReadOnlyAdmin


@admin.register(UserApiToken)
class UserApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("label", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("label", "prefix", "user__username")
    list_select_related = ("user",)
    # The hash is left out: it is useless to a reader and need not be shown anywhere.
    fields = ("user", "label", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        revoked = 0
        for token in queryset:
            try:
                user_api_token_revoke(token=token, by=request.user)
            except ActionRefused:
                continue  # already revoked: nothing to do
            revoked += 1
        messages.success(request, f"{revoked} token{pluralize(revoked)} revoked.")
