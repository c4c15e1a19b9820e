"""The intake pages: service owners create an addon's intake and edit it as a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from ..errors import ActionRefused
from ..forms.intake import IntakeForm
from ..rules import addon as rules
from ..rules.base import Forbidden
from ..services.intake import intake_create, intake_update
from .access import get_addon_for_user


def _render(request, form, addon=None, status=200):
    return render(
        request, "onboarding/intake_form.html", {"form": form, "addon": addon}, status=status
    )


def _refused(form, refusal: ActionRefused) -> None:
    for name, error in refusal.field_errors.items():
        form.add_error(name if name in form.fields else None, error)
    if not refusal.field_errors:
        form.add_error(None, refusal.message)


@login_required
def intake_new(request):
    rules.intake_create.enforce(request.user, None)
    form = IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                addon = intake_create(by=request.user, fields=form.changes())
            except ActionRefused as refusal:
                _refused(form, refusal)
            else:
                messages.success(request, "Draft saved. Submit it for review once it is complete.")
                return redirect(addon)
        messages.error(request, "The draft was not saved: please correct the fields below.")
        return _render(request, form, status=400)
    return _render(request, form)


@login_required
def intake_edit(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    reason = rules.intake_edit.why_not(request.user, addon)
    if isinstance(reason, Forbidden):
        raise PermissionDenied(reason)
    if reason:
        messages.error(request, reason)
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
