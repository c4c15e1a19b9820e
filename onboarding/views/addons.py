from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..errors import ActionRefused, ConcurrentChange
from ..forms.deploys import StageDeployForm
from ..forms.transitions import DONE, step_forms, transition_form
from ..models import Addon, TimelineEvent
from ..models.states import progress_of
from ..rules.addon import stage_deploy
from ..selectors.addon_actions import LABELS, action_card
from ..selectors.addon_filter import AddonFilter
from ..selectors.pager import pager
from ..selectors.waiting_on import waiting_on
from ..services.transitions import SERVICES
from ..templatetags.transition_period_tags import SHOWN_STATES
from .access import get_addon_for_user

# What the list's rows print: the wide intake columns stay in the database.
LIST_COLUMNS = ("addon_id", "name", "team", "state", "priority", "state_changed_at")


@login_required
def addon_list(request):
    queryset = (
        Addon.objects.for_user(request.user)
        .select_related("team")
        .only(*LIST_COLUMNS, "team__name")
        .order_by("name")
    )
    addon_filter = AddonFilter(request.GET, queryset=queryset)
    page = Paginator(addon_filter.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "onboarding/addon_list.html",
        {"filter": addon_filter, "page": page, "query": query.urlencode()},
    )


def _stage_deploy_form(addon, user):
    """approve_production needs the stage deploy date: its form, for who may record it."""
    if not stage_deploy.allows(user, addon):
        return None
    return StageDeployForm(initial={"deployed_on": addon.stage_deployed_on})


def _detail_context(request, addon, bound_forms=None):
    if addon.state in SHOWN_STATES:
        # The step guards (SLOs defined, SOPs approved, SLOs viable) and the transition
        # section read the same SLOs and SOPs: once, before the guards run.
        prefetch_related_objects([addon], "slos", "sops")
    page_pager = pager(addon)
    return {
        "addon": addon,
        "pager": page_pager,
        "progress": progress_of(addon.state, handed_over=page_pager.handed_over),
        **action_card(addon, request.user, step_forms(addon, bound_forms)),
        "waiting_on": waiting_on(addon),
        "stage_deploy_form": _stage_deploy_form(addon, request.user),
        # The story, as the timeline tells it by default: checklist moves are folded there.
        "events": TimelineEvent.objects.for_addon(addon).exclude(kind=TimelineEvent.Kind.CHECKLIST)[
            :10
        ],
    }


@login_required
def addon_detail(request, addon_id):
    queryset = Addon.objects.select_related(
        "team", "sre_team", "sre_lead", "handover"
    ).prefetch_related("mt_metadata_rows")
    addon = get_addon_for_user(request.user, addon_id, queryset)
    return render(request, "onboarding/addon_detail.html", _detail_context(request, addon))


@login_required
@require_POST
def addon_transition(request, addon_id, name):
    addon = get_addon_for_user(request.user, addon_id)
    if name not in SERVICES:
        raise Http404("No such step.")
    form = transition_form(name, addon, data=request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["seen_state"] != addon.state:
                raise ConcurrentChange()
            SERVICES[name](addon=addon, by=request.user, **form.service_kwargs())
        except ActionRefused as refusal:
            for field, error in refusal.field_errors.items():
                form.add_error(field if field in form.fields else None, error)
            messages.error(request, f"{LABELS[name]} refused: {refusal.message}")
            if not refusal.field_errors:
                return redirect(addon)
        else:
            messages.success(request, DONE[name])
            return redirect(addon)
    else:
        messages.error(request, f"{LABELS[name]}: please correct the fields below.")
    addon.refresh_from_db()
    context = _detail_context(request, addon, bound_forms={name: form})
    return render(request, "onboarding/addon_detail.html", context, status=400)
