"""The intake pages: service owners create an addon's intake and edit it as a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from ..forms.intake import IntakeForm
from ..models.states import EDITABLE_INTAKE_STATES
from ..permissions import is_team_owner
from ..roles import PERM
from ..services.errors import ActionRefused
from ..services.intake import intake_create, intake_update
from .access import get_addon_for_user


def _render(request, form, addon=None, status=200):
    return render(
        request, "onboarding/intake_form.html", {"form": form, "addon": addon}, status=status
    )


@login_required
def intake_new(request):
    if not request.user.has_perm(PERM["own_addon"]):
        raise PermissionDenied("Only service owners file intakes.")
    form = IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            addon = intake_create(by=request.user, fields=form.changes())
            messages.success(request, "Draft saved. Submit it for review once it is complete.")
            return redirect(addon)
        messages.error(request, "The draft was not saved: please correct the fields below.")
        return _render(request, form, status=400)
    return _render(request, form)


@login_required
def intake_edit(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    if not is_team_owner(addon, request.user):
        raise PermissionDenied("Only the owner team edits the intake.")
    if addon.state not in EDITABLE_INTAKE_STATES:
        messages.error(
            request, "The intake can be edited only while it is a draft or changes were requested."
        )
        return redirect(addon)
    form = IntakeForm(request.POST or None, instance=addon, user=request.user)
    if request.method != "POST":
        return _render(request, form, addon)
    if form.is_valid():
        # The form validated against a copy; the service applies only what changed.
        original = get_addon_for_user(request.user, addon_id)
        try:
            _, changed = intake_update(
                addon=original,
                by=request.user,
                fields=form.changes(),
                seen_state=request.POST.get("seen_state"),
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(original)
        if changed:
            messages.success(request, "Intake saved; changed: " + ", ".join(changed) + ".")
        else:
            messages.info(request, "Nothing changed.")
        return redirect(original)
    messages.error(request, "The intake was not saved: please correct the fields below.")
    return _render(request, form, addon, status=400)
