"""The managers' assignment page: accepted addons, highest priority and oldest first."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render

from ..forms.transitions import AssignForm
from ..models import Addon
from ..rules import pages


@login_required
def assign_queue(request):
    pages.assign_queue.enforce(request.user, None)
    # Blank priority sorts last; P1 < P2 < … as strings.
    addons = list(
        Addon.objects.awaiting_assignment()
        .select_related("team")
        .annotate(
            no_priority=Case(
                When(priority="", then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("no_priority", "priority", "state_changed_at", "pk")
    )
    rows = []
    choices = None
    for addon in addons:
        form = AssignForm(addon=addon, prefix="assign")
        if choices is None:
            # The choices are the same on every row: read them once, not once per row.
            choices = {
                name: list(form.fields[name].choices)
                for name in ("sre_team", "sre_lead", "engineers")
            }
        for name, values in choices.items():
            form.fields[name].choices = values
        rows.append((addon, form))
    return render(request, "onboarding/assign_queue.html", {"rows": rows})
