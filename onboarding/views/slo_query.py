""" "Test the query" on the SLO form: htmx swaps in the result; without htmx the whole form
page comes back with it (the button posts the form to this view)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from ..forms.slos import SLOForm
from ..models import SLO
from ..rules import slos as rules
from ..rules.context import AddonContext
from ..services.slo_query_try import TRY_HOURS, slo_query_try


@login_required
@require_POST
def slo_query_test(request, addon_id, pk=None):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    slo = get_object_or_404(SLO, pk=pk, addon=addon) if pk else None
    if not rules.slo_query_test.permits_role(ctx, addon):
        raise PermissionDenied(rules.slo_query_test.why_not(ctx, addon))
    form = SLOForm(request.POST, instance=slo)
    form.is_valid()  # only the query fields are used; the rest is checked on save
    data = {
        name: form.cleaned_data.get(name)
        for name in (
            "kind",
            "good_query",
            "total_query",
            "ratio_query",
            "invert_error_ratio",
            "prometheus_source",
        )
    }
    context = {
        "addon": addon,
        "slo": slo,
        "form": form,
        "query_try": slo_query_try(addon=addon, by=request.user, data=data),
        "try_hours": TRY_HOURS,
    }
    template = "onboarding/slo_form.html"
    return render(request, f"{template}#query_try" if request.htmx else template, context)
