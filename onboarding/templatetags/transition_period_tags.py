"""The transition section of the addon page: SLO summary, blockers, extension, handover."""

from django import template
from django.conf import settings
from django.db.models import prefetch_related_objects

from ..forms.slos import ExtendForm
from ..models import State
from ..models.states import WORK_STATES
from ..rules import addon as rules
from ..rules.transitions import blockers
from ..selectors.pager import Step, hand_back_of, handover_of, pager, pager_test_of, step_due

register = template.Library()

SHOWN_STATES = {*WORK_STATES, State.TRANSITIONED}


@register.inclusion_tag("onboarding/addon/_transition_period.html", takes_context=True)
def transition_section(context, ctx):
    request, addon = context["request"], ctx.addon
    if addon.state not in SHOWN_STATES:
        return {"shown": False}
    in_transition = addon.state == State.TRANSITION
    # The summary and the complete_transition guards read the same SLOs, evaluations and SOPs.
    prefetch_related_objects([addon], "slos", "sops")
    results = ctx.slo_results
    return {
        "shown": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "addon": addon,
        "results": results,
        "sops": [sop.status for sop in addon.sops.all()],
        "complete_blockers": blockers(ctx, "complete_transition") if in_transition else [],
        "can_extend": rules.extend_transition.allows(ctx, addon),
        "extend_form": ExtendForm(),
        "handover": handover_of(addon),
        "pager": pager(addon),
        "may_retry": rules.handover_retry.allows(ctx, addon),
        "may_check": rules.handover_check.allows(ctx, addon),
        "may_hand_back": rules.hand_back.allows(ctx, addon),
        "hand_back": hand_back_of(handover) if (handover := handover_of(addon)) else None,
        "pager_test": pager_test_of(handover) if handover else None,
        "may_pager_test": rules.pager_test.allows(ctx, addon),
        "may_pager_test_check": rules.pager_test_check.allows(ctx, addon),
        "may_shadow_start": rules.shadow_start.allows(ctx, addon),
        "may_handover_push": rules.handover_push.allows(ctx, addon),
        "shadow_days": settings.HANDOVER_SHADOW_DAYS,
        "shadowing": handover is not None and step_due(handover) == Step.SHADOWING,
        "policy_from": addon.pagerduty_escalation_policy_id or "(none)",
        "policy_to": settings.ADDON_SRE_ESCALATION_POLICY_ID
        or "(ADDON_SRE_ESCALATION_POLICY_ID unset)",
        "target_branch": settings.MANAGED_TENANTS_TARGET_BRANCH,
    }


@register.filter
def percent(value, places=3):
    return "—" if value is None else f"{value * 100:.{places}f} %"
