"""The review queue and an addon's review page: the intake, the discussion, the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..forms.intake import SECTIONS
from ..forms.review import CommentForm, ConcurrenceForm, ObjectionForm, SignOffForm
from ..models import Addon, PortalSettings, SignOff, TimelineEvent
from ..roles import PERM
from ..selectors.addon_actions import actions_for
from ..selectors.review_queue import ReviewQueueFilter, review_queue
from ..services import review as services
from ..services.errors import ActionRefused
from .access import get_addon_for_user


def _is_reviewer(user) -> bool:
    return user.has_perm(PERM["review_addon"]) or user.has_perm(PERM["lead_onboarding"])


@login_required
def queue(request):
    if not _is_reviewer(request.user):
        raise PermissionDenied("The review queue is for architects and the SRE lead.")
    settings = PortalSettings.load()
    base = review_queue(request.user, sla_days=settings.review_sla_days)
    queue_filter = ReviewQueueFilter(request.GET, queryset=base, request=request)
    page = Paginator(queue_filter.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "onboarding/review_queue.html",
        {
            "filter": queue_filter,
            "page": page,
            "query": query.urlencode(),
            "quorum": settings.signoff_quorum,
            "sla_days": settings.review_sla_days,
            "is_architect": request.user.has_perm(PERM["review_addon"]),
        },
    )


def _display(addon: Addon, name: str) -> str:
    field = Addon._meta.get_field(name)
    value = getattr(addon, name)
    if field.choices:
        return getattr(addon, f"get_{name}_display")() or "—"
    if value is None:
        return "Not answered yet"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value) if value != "" else "—"


def intake_sections(addon: Addon):
    """The intake read-only, in the form's sections: [(title, [(label, value, is_link)])]."""
    return [
        (
            title,
            [
                (
                    "Owner team" if name == "team" else Addon._meta.get_field(name).verbose_name,
                    _display(addon, name),
                    str(getattr(addon, name) or "").startswith("https://"),
                )
                for name in names
            ],
        )
        for title, names in SECTIONS
    ]


def _review_context(request, addon, forms=None):
    user = request.user
    forms = forms or {}
    signoffs = list(SignOff.objects.active().filter(addon=addon).select_related("architect"))
    mine = next((s for s in signoffs if s.architect_id == user.pk), None)
    available, blocked = actions_for(addon, user)
    is_architect = user.has_perm(PERM["review_addon"])
    return {
        "addon": addon,
        "sections": intake_sections(addon),
        "signoffs": [s for s in signoffs if not s.objection],
        "objections": [s for s in signoffs if s.objection],
        "current_count": sum(
            1 for s in signoffs if not s.objection and s.intake_revision == addon.intake_revision
        ),
        "quorum": PortalSettings.load().signoff_quorum,
        "mine": mine,
        "comments": addon.comments.select_related("author"),
        "concurrences": TimelineEvent.objects.for_addon(addon).filter(
            kind=TimelineEvent.Kind.CONCURRENCE
        ),
        "actions": available,
        "blocked": blocked,
        "may_discuss": services.may_discuss(addon, user)
        and addon.state in services.DISCUSSION_STATES,
        "may_sign": is_architect and addon.state == "submitted",
        "may_withdraw": is_architect and addon.state in services.UNDECIDED_STATES,
        "may_concur": user.has_perm(PERM["lead_onboarding"])
        and addon.state == "submitted"
        and not services.concurrence_given(addon, user),
        "comment_form": forms.get("comment") or CommentForm(),
        "signoff_form": forms.get("sign-off") or SignOffForm(prefix="signoff"),
        "objection_form": forms.get("object") or ObjectionForm(prefix="objection"),
        "concurrence_form": forms.get("concur") or ConcurrenceForm(prefix="concur"),
    }


@login_required
def review(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    return render(request, "onboarding/review.html", _review_context(request, addon))


# action in the URL -> (form class, form prefix, service, success message)
ACTIONS = {
    "comment": (CommentForm, None, services.comment_post, "Comment posted."),
    "sign-off": (SignOffForm, "signoff", services.signoff_give, "Signed off."),
    "withdraw-sign-off": (None, None, services.signoff_withdraw, "Sign-off withdrawn."),
    "object": (ObjectionForm, "objection", services.objection_raise, "Objection recorded."),
    "withdraw-objection": (None, None, services.objection_withdraw, "Objection withdrawn."),
    "concur": (ConcurrenceForm, "concur", services.concurrence_give, "Concurrence recorded."),
}


@login_required
@require_POST
def review_action(request, addon_id, action):
    if action not in ACTIONS:
        raise Http404("No such review action.")
    addon = get_addon_for_user(request.user, addon_id)
    form_class, prefix, service, success = ACTIONS[action]
    form = form_class(request.POST, prefix=prefix) if form_class else None
    back = reverse("addon_review", args=[addon.addon_id])
    if form is not None and not form.is_valid():
        messages.error(request, "Please correct the fields below.")
        context = _review_context(request, addon, {action: form})
        return render(request, "onboarding/review.html", context, status=400)
    try:
        service(addon=addon, by=request.user, **(form.cleaned_data if form else {}))
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(back)
    messages.success(request, success)
    return redirect(back + ("#discussion" if action == "comment" else ""))
