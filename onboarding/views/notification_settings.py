"""The "Notification settings" page: each person mutes the kinds of e-mail they don't want."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize

from ..errors import ActionRefused
from ..forms.notification_settings import NotificationSettingsForm
from ..services.notification_preferences import (
    notification_preference_of,
    notification_preference_save,
)


def _saved_message(muted: list[str]) -> str:
    if not muted:
        return "Notification settings saved: you get e-mail about every kind."
    count = len(muted)
    return f"Notification settings saved: {count} kind{pluralize(count)} of e-mail muted."


@login_required
def notification_settings(request):
    preference = notification_preference_of(request.user)
    form = NotificationSettingsForm.for_preference(
        preference, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = notification_preference_save(user=request.user, muted_kinds=form.muted_kinds())
        except ActionRefused as refusal:
            for field, message in refusal.field_errors.items():
                form.add_error(field, message)
        else:
            messages.success(request, _saved_message(saved.muted_kinds))
            return redirect("account_notifications")
    status = 400 if form.is_bound else 200
    return render(request, "onboarding/notification_settings.html", {"form": form}, status=status)
