"""The SOPs of an addon: owners list them, the assigned Addon SRE reviews each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..errors import ActionRefused
from ..forms.slos import ReviewForm, SOPForm
from ..models import SOP
from ..rules import slos as rules
from ..rules.context import AddonContext
from ..selectors.sop_history import sop_history
from ..services.sops import sop_create, sop_resubmit, sop_review


def _page(request, ctx, *, form=None, status=200):
    addon = ctx.addon
    can_add = rules.sop_edit.allows(ctx, addon)
    sops = list(addon.sops.select_related("reviewed_by"))
    history = sop_history(addon)
    for sop in sops:
        sop.history = history.get(sop.pk, [])
        if can_add and sop.status == SOP.Status.CHANGES_REQUESTED:
            sop.resubmit_form = SOPForm(instance=sop, prefix=f"sop-{sop.pk}")
    context = {
        "addon": addon,
        "ctx": ctx,
        "sops": sops,
        "can_add": can_add,
        "may_review": rules.sop_review.allows(ctx, addon),
        "form": form or SOPForm(),
    }
    return render(request, "onboarding/sops.html", context, status=status)


@login_required
def addon_sops(request, addon_id):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    if request.method != "POST":
        return _page(request, ctx)
    form = SOPForm(request.POST)
    if form.is_valid():
        try:
            sop_create(addon=addon, by=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            for name, error in refusal.field_errors.items():
                form.add_error(name if name in form.fields else None, error)
            if not refusal.field_errors:
                form.add_error(None, refusal.message)
        else:
            messages.success(request, "SOP listed for review.")
            return redirect(reverse("addon_sops", args=[addon.addon_id]))
    return _page(request, ctx, form=form, status=400)


@login_required
@require_POST
def sop_review_view(request, addon_id, pk):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    sop = get_object_or_404(SOP, pk=pk, addon=addon)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or request changes.")
    else:
        try:
            sop_review(
                sop=sop,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except ActionRefused as refusal:
            messages.error(request, f"Review of {sop.title} refused: {refusal.message}")
        else:
            messages.success(request, f"Review of {sop.title} recorded.")
    return redirect(reverse("addon_sops", args=[addon.addon_id]))


@login_required
@require_POST
def sop_resubmit_view(request, addon_id, pk):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    sop = get_object_or_404(SOP, pk=pk, addon=addon)
    # A person of the wrong role is refused (403) whatever the input.
    if not rules.sop_edit.permits_role(ctx, addon):
        raise PermissionDenied(rules.sop_edit.why_not(ctx, addon))
    form = SOPForm(request.POST, prefix=f"sop-{sop.pk}")
    if not form.is_valid():
        errors = "; ".join(
            f"{form[name].label if name in form.fields else 'SOP'}: {e[0]}"
            for name, e in form.errors.items()
        )
        messages.error(request, f"{sop.title} was not resubmitted: {errors}")
    else:
        try:
            sop = sop_resubmit(sop=sop, by=request.user, **form.cleaned_data)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, f"{sop.title} resubmitted; Addon SRE reviews it again.")
    return redirect(reverse("addon_sops", args=[addon.addon_id]))
