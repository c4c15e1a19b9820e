"""API tokens (read and push): managers see them all and can revoke, nothing else."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import pluralize

from ..errors import ActionRefused
from ..models import ApiToken
from ..services.api_tokens import token_revoke, user_api_token_revoke
from .site import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = (
        "label",
        "scope",
        "addon",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("label", "prefix", "user__username", "addon__addon_id")
    list_select_related = ("user", "addon")
    # The hash is left out: it is useless to a reader and need not be shown anywhere.
    fields = (
        "scope",
        "addon",
        "user",
        "label",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
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
                if token.scope == ApiToken.Scope.PUSH:
                    token_revoke(token=token, by=request.user)
                else:
                    user_api_token_revoke(token=token, by=request.user)
            except (ActionRefused, PermissionDenied):
                continue  # already revoked: nothing to do
            revoked += 1
        messages.success(request, f"{revoked} token{pluralize(revoked)} revoked.")
