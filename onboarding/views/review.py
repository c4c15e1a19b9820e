"""The review queue and an addon's review page: the intake, the discussion, the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..errors import ActionRefused
from ..forms.intake import SECTIONS
from ..forms.review import CommentForm, ConcurrenceForm, ObjectionForm, SignOffForm
from ..models import Addon, PortalSettings, SignOff, TimelineEvent
from ..rules import pages
from ..rules import review as rules
from ..rules.base import Forbidden
from ..rules.context import AddonContext
from ..selectors.intake_fields import field_label, field_shown
from ..selectors.review_queue import ReviewQueueFilter, review_queue
from ..services import review as services
from ..services.review_rounds import round_changes
from .addon_actions import action_card


@login_required
def queue(request):
    pages.review_queue.enforce(request.user, None)
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
            "may_sign_off": pages.signs_off.allows(request.user, None),
        },
    )


def intake_sections(addon: Addon):
    """The intake read-only, in the form's sections: [(title, [(label, value, is_link)])]."""
    return [
        (
            title,
            [
                (
                    field_label(name),
                    field_shown(addon, name),
                    str(getattr(addon, name) or "").startswith("https://"),
                )
                for name in names
            ],
        )
        for title, names in SECTIONS
    ]


def _review_context(ctx, forms=None):
    addon = ctx.addon
    forms = forms or {}
    signoffs = list(SignOff.objects.active().filter(addon=addon).select_related("architect"))
    sign_off_reason = rules.sign_off.why_not(ctx, addon)
    return {
        "addon": addon,
        "ctx": ctx,
        "sections": intake_sections(addon),
        "changes": round_changes(addon),
        "signoffs": [s for s in signoffs if not s.objection],
        "objections": [s for s in signoffs if s.objection],
        "current_count": (tally := ctx.tally).signoffs,
        "quorum": tally.quorum,
        "comments": addon.comments.select_related("author"),
        "concurrences": TimelineEvent.objects.for_addon(addon).filter(
            kind=TimelineEvent.Kind.CONCURRENCE
        ),
        **action_card(ctx),
        "may_discuss": rules.comment.allows(ctx, addon),
        "may_sign": sign_off_reason is None,
        # Why an architect's sign-off is held back (own team, already signed…), not role refusals.
        "sign_off_reason": "" if isinstance(sign_off_reason, Forbidden) else sign_off_reason,
        "may_object": rules.object_.allows(ctx, addon),
        "may_withdraw_sign_off": rules.withdraw_sign_off.allows(ctx, addon),
        "may_withdraw_objection": rules.withdraw_objection.allows(ctx, addon),
        "may_concur": rules.concur.allows(ctx, addon),
        "comment_form": forms.get("comment") or CommentForm(),
        "signoff_form": forms.get("sign-off") or SignOffForm(prefix="signoff"),
        "objection_form": forms.get("object") or ObjectionForm(prefix="objection"),
        "concurrence_form": forms.get("concur") or ConcurrenceForm(prefix="concur"),
    }


@login_required
def review(request, addon_id):
    ctx = AddonContext.for_request(request, addon_id)
    return render(request, "onboarding/review.html", _review_context(ctx))


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
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    form_class, prefix, service, success = ACTIONS[action]
    form = form_class(request.POST, prefix=prefix) if form_class else None
    back = reverse("addon_review", args=[addon.addon_id])
    if form is not None and not form.is_valid():
        messages.error(request, "Please correct the fields below.")
        context = _review_context(ctx, {action: form})
        return render(request, "onboarding/review.html", context, status=400)
    try:
        service(addon=addon, by=request.user, **(form.cleaned_data if form else {}))
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(back)
    messages.success(request, success)
    return redirect(back + ("#discussion" if action == "comment" else ""))
