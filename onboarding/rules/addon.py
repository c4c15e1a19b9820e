"""The rules of addon-level actions that are not FSM transitions: the intake, the stage
deploy, the managed-tenants metadata, the transition extension, the handover retry and check,
the handover's steps (pager test, shadow, push of the merge request), the hand-back. Each takes
`(ctx, addon)`."""

from django.conf import settings
from django.utils import timezone

from ..models import SLO, Handover
from ..models.states import EDITABLE_INTAKE_STATES, OPEN_STATES, State
from ..selectors.pager import (
    CHECK_PASSED,
    FAILED_STATUSES,
    hand_back_of,
    handover_of,
    pager,
    pager_test_of,
)
from .base import Forbidden, Rule


def _intake_create(ctx, team):
    """`team` is the owner team the intake is filed for (None: any team of theirs)."""
    if not ctx.owner_role:
        return Forbidden("Only service owners file intakes.")
    if team is not None and not team.members.filter(pk=ctx.pk).exists():
        return Forbidden("You may file intakes only for your own team.")
    return None


def _owner_team_while(ctx, addon, states, doing: str, otherwise: str):
    """The addon's owner team `doing` it, while the addon is in one of `states`."""
    if not ctx.owner:
        return Forbidden(f"Only the owner team {doing}.")
    return None if addon.state in states else otherwise


def _intake_edit(ctx, addon):
    return _owner_team_while(
        ctx,
        addon,
        EDITABLE_INTAKE_STATES,
        "may edit the intake",
        "The intake can be edited only while it is a draft or changes were requested.",
    )


def _stage_deploy(ctx, addon):
    if not (ctx.owner or ctx.assigned_sre):
        return Forbidden("Only the addon's owners or its Addon SRE record deploys.")
    if addon.state != State.ONBOARDING:
        return (
            "The stage deploy is recorded during onboarding; the addon is "
            f"{addon.get_state_display().lower()}."
        )
    return None


def _metadata_edit(ctx, addon):
    return _owner_team_while(
        ctx,
        addon,
        OPEN_STATES,
        "edits the managed-tenants metadata",
        "The addon is no longer onboarding; managed-tenants is the record.",
    )


def extension_blocker(ctx, addon) -> str | None:
    """Why the period cannot be extended now, whoever asks; None once the latest window was
    missed or lacks data (the page's evaluation of the SLOs, read once)."""
    if addon.state != State.TRANSITION:
        return "Only an addon in its transition period can be extended."
    results = ctx.slo_results
    if not results:
        return "The addon has no SLOs to judge the window by."
    if all(r.status == SLO.Status.MET for r in results):
        return "Every SLO met its objective over the latest window: nothing to extend for."
    return None


def _extend(ctx, addon):
    if not ctx.assigned_sre:
        return Forbidden("Only the Addon SRE assigned to this addon extends it.")
    return extension_blocker(ctx, addon)


def _handover_people(ctx, addon):
    if ctx.manager or ctx.assigned_lead:
        return None
    if ctx.assigned_sre:
        return None
    return Forbidden("Only an Addon SRE manager or the addon's assigned lead or Addon SRE may.")


def _handover_retry(ctx, addon):
    """Push the handover merge request again: after a failure, a closed merge request or a
    missing setting (fixed since)."""
    if refused := _handover_people(ctx, addon):
        return refused
    handover = handover_of(addon)
    if handover is None:
        return "There is no pager handover to retry: the transition is not complete."
    if handover.status not in FAILED_STATUSES:
        return f"The handover is {handover.get_status_display().lower()}: nothing to retry."
    return None


def _handover_check(ctx, addon):
    """Ask managed-tenants (merged yet?) and PagerDuty (which policy pages?) now, as the
    beat sweep does every 10 minutes."""
    if refused := _handover_people(ctx, addon):
        return refused
    handover = handover_of(addon)
    if handover is None:
        return "There is no pager handover to check: the transition is not complete."
    if handover.status == Handover.Status.REQUESTED:
        return None
    if handover.status == Handover.Status.DONE and handover.verification not in CHECK_PASSED:
        return None
    back = hand_back_of(handover)
    if back is not None and back.status == Handover.Status.REQUESTED:
        return None
    return f"The handover is {handover.get_status_display().lower()}: nothing to check."


intake_create = Rule(_intake_create, "intake_create")
intake_edit = Rule(_intake_edit, "intake_edit")
stage_deploy = Rule(_stage_deploy, "stage_deploy")
metadata_edit = Rule(_metadata_edit, "metadata_edit")
extend_transition = Rule(_extend, "extend_transition")


def _hand_back(ctx, addon):
    """Return the pager to the owners through the reverse merge request: when the SLOs keep
    failing after the handover."""
    if not ctx.assigned_lead:
        return Forbidden("Only the addon's assigned SRE lead hands the pager back.")
    handover = handover_of(addon)
    if handover is None or not pager(addon, handover).handed_over:
        return "Addon SRE does not carry this pager: there is nothing to hand back."
    back = hand_back_of(handover)
    if back is not None and back.status not in FAILED_STATUSES:
        return f"A hand-back is already {back.get_status_display().lower()}."
    if all(r.status == SLO.Status.MET for r in ctx.slo_results):
        return "Every SLO meets its objective: the pager stays with Addon SRE."
    return None


handover_retry = Rule(_handover_retry, "handover_retry")
hand_back = Rule(_hand_back, "hand_back")
handover_check = Rule(_handover_check, "handover_check")


def _pager_test_people(ctx, addon):
    if ctx.assigned_lead or ctx.assigned_sre:
        return None
    return Forbidden("Only the addon's assigned SRE lead or Addon SRE runs the pager test.")


def pager_test_problem(handover: Handover) -> str | None:
    """Why the pager test cannot run with the current settings, or None."""
    for name in ("PAGERDUTY_API_URL", "PAGERDUTY_TOKEN", "PAGERDUTY_PAGER_TEST_SERVICE_ID"):
        if not getattr(settings, name):
            return f"{name} is not set: the portal's operators configure PagerDuty's REST API."
    if not handover.escalation_policy_id:
        return "Addon SRE's escalation policy is unknown (ADDON_SRE_ESCALATION_POLICY_ID)."
    return None


def _pager_test(ctx, addon):
    """Trigger a test incident on Addon SRE's escalation policy: the handover's first step,
    after Complete transition; again while nobody acknowledged the last one."""
    if refused := _pager_test_people(ctx, addon):
        return refused
    handover = handover_of(addon)
    if handover is None:
        return "The pager test comes after Complete transition: there is no handover yet."
    if handover.status != Handover.Status.STEPS:
        return (
            "The pager test comes before the handover merge request; the handover is "
            f"{handover.get_status_display().lower()}."
        )
    test = pager_test_of(handover)
    if test is not None and test.acknowledged:
        return f"The pager test was acknowledged by {test.acknowledged_by}."
    if problem := pager_test_problem(handover):
        return problem
    if not ctx.actor.email:
        return "Your account has no e-mail address: PagerDuty wants its user's e-mail (From)."
    return None


def _pager_test_check(ctx, addon):
    """Ask PagerDuty whether the on-call Addon SRE acknowledged the test incident."""
    if refused := _pager_test_people(ctx, addon):
        return refused
    handover = handover_of(addon)
    test = pager_test_of(handover) if handover is not None else None
    if test is None:
        return "No test incident has been triggered: run the pager test first."
    if test.acknowledged:
        return f"The pager test was acknowledged by {test.acknowledged_by}."
    if problem := pager_test_problem(handover):
        return problem
    return None


pager_test = Rule(_pager_test, "pager_test")
pager_test_check = Rule(_pager_test_check, "pager_test_check")


def _lead_step(ctx, addon, doing: str):
    """The assigned lead's step of a handover waiting on its steps: (refusal, handover)."""
    if not ctx.assigned_lead:
        return Forbidden(f"Only the addon's assigned SRE lead {doing}."), None
    handover = handover_of(addon)
    if handover is None:
        return "There is no pager handover yet: the transition is not complete.", None
    if handover.status != Handover.Status.STEPS:
        return (
            f"The handover is past its steps: {handover.get_status_display().lower()}.",
            None,
        )
    return None, handover


def _shadow_start(ctx, addon):
    """Start the shadow (Addon SRE paged alongside the owners for HANDOVER_SHADOW_DAYS) once
    the on-call Addon SRE acknowledged the pager test."""
    refused, handover = _lead_step(ctx, addon, "starts the shadow")
    if refused:
        return refused
    if handover.shadow_started_at is not None:
        return f"The shadow started on {handover.shadow_started_at:%Y-%m-%d}."
    test = pager_test_of(handover)
    if test is None or not test.acknowledged:
        return "The pager test comes first: nobody has acknowledged a test incident yet."
    return None


def _handover_push(ctx, addon):
    """Push the merge request that makes Addon SRE's policy primary: once the shadow ended."""
    refused, handover = _lead_step(ctx, addon, "pushes the handover merge request")
    if refused:
        return refused
    if handover.shadow_started_at is None:
        return "The shadow comes first: it has not started (after the pager test)."
    if not handover.shadow_ended(timezone.now()):
        return f"Addon SRE shadows until {handover.shadow_ends_at:%Y-%m-%d %H:%M} UTC."
    return None


shadow_start = Rule(_shadow_start, "shadow_start")
handover_push = Rule(_handover_push, "handover_push")
