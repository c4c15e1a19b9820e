"""Transition-period actions on the addon page: extend the period; the handover's steps (pager
test, shadow, push of the merge request); retry, check or hand back the pager handover."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ..errors import ActionRefused
from ..forms.slos import ExtendForm
from ..http.input_guard import refusal as bad_request
from ..models import Handover
from ..services.hand_back import addon_hand_back
from ..services.handover_check import handover_check
from ..services.handover_retry import handover_retry
from ..services.handover_steps import handover_push, shadow_start
from ..services.pager_test import pager_test_check, pager_test_trigger
from ..services.transition_period_extend import transition_extend
from .access import get_addon_for_user


@login_required
@require_POST
def addon_extend(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    # Control characters (NUL included) are refused here with a 400 naming the field; the
    # service checks the role, then the reason (present, not too long).
    form = ExtendForm(request.POST)
    form.is_valid()
    if form.has_error("reason", "control") or form.has_error(
        "reason", "null_characters_not_allowed"
    ):
        return bad_request(request, "reason", " ".join(form.errors["reason"]))
    try:
        transition_extend(addon=addon, by=request.user, reason=request.POST.get("reason", ""))
    except ActionRefused as refusal:
        messages.error(request, f"Extension refused: {refusal.message}")
    else:
        messages.success(request, "Transition period extended.")
    return redirect(addon)


@login_required
@require_POST
def handover_retry_view(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    handover = get_object_or_404(Handover.objects.select_related("addon__team"), addon=addon)
    try:
        handover_retry(handover=handover, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, f"Retry refused: {refusal.message}")
    else:
        messages.success(request, "Pager handover queued again.")
    return redirect(addon)


@login_required
@require_POST
def handover_check_view(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    handover = get_object_or_404(Handover.objects.select_related("addon__team"), addon=addon)
    try:
        handover = handover_check(handover=handover, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, f"Check refused: {refusal.message}")
    else:
        messages.success(request, f"Handover checked: {handover.get_status_display().lower()}.")
    return redirect(addon)


@login_required
@require_POST
def hand_back_view(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    get_object_or_404(Handover, addon=addon)
    try:
        addon_hand_back(addon=addon, by=request.user, reason=request.POST.get("reason", ""))
    except ActionRefused as refusal:
        messages.error(request, f"Hand-back refused: {refusal.message}")
    else:
        messages.success(
            request, "Hand-back requested: a merge request restores the owners' policy."
        )
    return redirect(addon)


@login_required
@require_POST
def pager_test_view(request, addon_id):
    return _handover_step(
        request,
        addon_id,
        pager_test_trigger,
        "Pager test",
        lambda test: (
            f"Test incident {test.incident_id} triggered: ask the on-call Addon SRE to "
            "acknowledge it, then check the acknowledgement."
        ),
    )


@login_required
@require_POST
def pager_test_check_view(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    get_object_or_404(Handover, addon=addon)
    try:
        test = pager_test_check(addon=addon, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, f"Acknowledgement check refused: {refusal.message}")
    else:
        if test.acknowledged:
            messages.success(request, f"Pager test acknowledged by {test.acknowledged_by}.")
        else:
            messages.info(request, "Nobody has acknowledged the test incident yet.")
    return redirect(addon)


def _handover_step(request, addon_id, service, refused: str, done):
    """Run one of the handover's step services for the addon; `done(result)` words the
    success message."""
    addon = get_addon_for_user(request.user, addon_id)
    get_object_or_404(Handover, addon=addon)
    try:
        result = service(addon=addon, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, f"{refused} refused: {refusal.message}")
    else:
        messages.success(request, done(result))
    return redirect(addon)


@login_required
@require_POST
def shadow_start_view(request, addon_id):
    return _handover_step(
        request,
        addon_id,
        shadow_start,
        "Shadow",
        lambda h: (
            "Shadow started: Addon SRE is paged alongside the owners until "
            f"{h.shadow_ends_at:%Y-%m-%d %H:%M} UTC."
        ),
    )


@login_required
@require_POST
def handover_push_view(request, addon_id):
    return _handover_step(
        request,
        addon_id,
        handover_push,
        "Push",
        lambda h: "Handover merge request queued: it is being pushed.",
    )
