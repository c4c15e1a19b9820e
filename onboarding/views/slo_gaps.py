"""Accepting a documented gap in an SLO's data (Addon SRE, from the SLO page)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..bounds import OutOfBounds, timestamp
from ..errors import ActionRefused
from ..forms.bounded import BoundedForm
from ..models import SLO
from ..services.slo_gap_accept import slo_gap_accept
from .access import get_addon_for_user


class GapAcceptForm(BoundedForm):
    start = forms.DateTimeField()
    end = forms.DateTimeField()
    reason = forms.CharField(max_length=2000, required=False)

    def _bounded(self, name):
        # Hours of stored data lie between 2000 and now (onboarding.bounds), so does a gap.
        try:
            return timestamp(self.cleaned_data[name], field=name)
        except OutOfBounds as refusal:
            raise forms.ValidationError(refusal.message) from None

    def clean_start(self):
        return self._bounded("start")

    def clean_end(self):
        return self._bounded("end")


@login_required
@require_POST
def slo_gap_accept_view(request, addon_id, pk):
    addon = get_addon_for_user(request.user, addon_id)
    slo = get_object_or_404(SLO, pk=pk, addon=addon)
    form = GapAcceptForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(f"{name}: {errors[0]}" for name, errors in form.errors.items())
        messages.error(request, f"Give the gap's first and last hour as timestamps ({problems}).")
    else:
        data = form.cleaned_data
        try:
            gap = slo_gap_accept(
                slo=slo,
                by=request.user,
                start=data["start"],
                end=data["end"],
                reason=data["reason"],
            )
        except ActionRefused as refusal:
            messages.error(request, f"Gap of {slo.name} not accepted: {refusal.message}")
        else:
            messages.success(request, f"Gap {gap} of {slo.name} accepted.")
    return redirect(reverse("addon_slos", args=[addon.addon_id]) + f"#slo-{slo.pk}")
