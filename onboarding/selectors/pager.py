"""Who carries the addon's pager now: the one derived fact every surface reads.

The header, the stage bar, the badges, home, next steps, the dashboard, the timeline wording,
the API and the e-mails all say it from here. The owners carry the pager until the handover's
merge request is merged *and* PagerDuty confirms the addon's services use Addon SRE's policy
(or no PagerDuty API is configured to ask); until then no surface says "handed over". Before
the merge request is pushed, the fact names the handover's step due (step_due): pager test to
run, shadow to start, Addon SRE shadowing until <date>, merge request to push.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from ..models import HandBack, Handover, PagerTest, State

Status, Check = Handover.Status, Handover.Verification

# A merged handover whose check answers one of these is not Addon SRE's pager yet.
CHECK_FAILED = {Check.MISMATCH, Check.NO_SERVICES, Check.FAILED}
# Merged and confirmed: the check passed, or there is no PagerDuty API to ask.
CHECK_PASSED = {Check.VERIFIED, Check.NOT_CONFIGURED}
# Handovers that wait on a person (retry or check): home, dashboard and next steps list them.
FAILED_STATUSES = {Status.FAILED, Status.CLOSED, Status.NOT_CONFIGURED}


class Carrier(models.TextChoices):
    OWNERS = "owners", "Owners' escalation policy"
    REQUESTED = "requested", "Handover requested"
    ADDON_SRE = "addon_sre", "Addon SRE's escalation policy"
    FAILED = "failed", "Handover failed"


@dataclass(frozen=True)
class Pager:
    carrier: str
    policy: str  # the escalation policy addon.yaml names: Addon SRE's once merged
    sentence: str  # who carries it and why, in one sentence

    @property
    def label(self) -> str:
        return Carrier(self.carrier).label

    @property
    def handed_over(self) -> bool:
        return self.carrier == Carrier.ADDON_SRE


def handover_of(addon) -> Handover | None:
    try:
        return addon.handover  # selected with the addon by the pages that show it
    except Handover.DoesNotExist:
        return None


def handover_failed_q() -> models.Q:
    """The handovers that failed, in the terms of pager(): for the lists of failures."""
    return models.Q(status__in=FAILED_STATUSES) | models.Q(
        status=Status.DONE, verification__in=CHECK_FAILED
    )


def pager(addon, handover: Handover | None = None) -> Pager:
    handover = handover or handover_of(addon)
    owners = addon.pagerduty_escalation_policy_id
    team = f"The owners' team ({addon.team.name})"
    if handover is None:  # complete_transition creates it
        return Pager(Carrier.OWNERS, owners, f"{team} carries the pager.")
    status = handover.status
    if status == Status.STEPS:
        return Pager(Carrier.REQUESTED, owners, f"{team} carries the pager; {_step(handover)}")
    if status in (Status.PENDING, Status.REQUESTED):
        why = "queued" if status == Status.PENDING else "open"
        return Pager(
            Carrier.REQUESTED,
            owners,
            f"{team} carries the pager: the handover merge request is {why}; Addon SRE takes "
            "it once the merge request is merged and verified.",
        )
    if status == Status.DONE and handover.verification == Check.NOT_RUN:
        return Pager(
            Carrier.REQUESTED,
            handover.escalation_policy_id,
            f"{team} carries the pager: the merge request is merged; the PagerDuty check of "
            "the addon's services is still to run.",
        )
    if status == Status.DONE and handover.verification in CHECK_PASSED:
        return _addon_sre_or_handed_back(handover, team)
    policy = handover.escalation_policy_id if status == Status.DONE else owners
    return Pager(Carrier.FAILED, policy, f"{team} carries the pager: {_failure(handover)}")


def hand_back_of(handover: Handover) -> HandBack | None:
    try:
        return handover.hand_back
    except HandBack.DoesNotExist:
        return None


def pager_test_of(handover: Handover) -> PagerTest | None:
    try:
        return handover.pager_test
    except PagerTest.DoesNotExist:
        return None


def _addon_sre_or_handed_back(handover: Handover, team: str) -> Pager:
    back = hand_back_of(handover)
    if back is not None and back.status == Status.DONE:
        return Pager(
            Carrier.OWNERS,
            back.escalation_policy_id,
            f"{team} carries the pager again: Addon SRE handed it back ({back.reason}).",
        )
    sentence = f"Addon SRE carries the pager (escalation policy {handover.escalation_policy_id})."
    if back is not None and back.status in (Status.PENDING, Status.REQUESTED):
        sentence += " A hand-back to the owners is requested; it moves once merged."
    return Pager(Carrier.ADDON_SRE, handover.escalation_policy_id, sentence)


class Step(models.TextChoices):
    """The handover's step due before its merge request: what the assigned lead/SRE does next."""

    PAGER_TEST = "pager_test", "Run the pager test"
    SHADOW = "shadow", "Start the shadow"
    SHADOWING = "shadowing", "Addon SRE shadows"
    PUSH = "push", "Push the handover merge request"


def step_due(handover: Handover) -> str | None:
    """Which step a handover waiting on its steps is at (None: past them)."""
    if handover.status != Status.STEPS:
        return None
    test = pager_test_of(handover)
    if test is None or not test.acknowledged:
        return Step.PAGER_TEST
    if handover.shadow_started_at is None:
        return Step.SHADOW
    if not handover.shadow_ended(timezone.now()):
        return Step.SHADOWING
    return Step.PUSH


def _step(handover: Handover) -> str:
    step = step_due(handover)
    if step == Step.PAGER_TEST:
        return "pager test to run (a test incident on Addon SRE's policy, acknowledged by the on-call Addon SRE)."
    if step == Step.SHADOW:
        return "the pager test was acknowledged; the shadow is to start."
    until = timezone.localtime(handover.shadow_ends_at).strftime("%Y-%m-%d %H:%M")
    if step == Step.SHADOWING:
        return f"Addon SRE shadowing until {until}."
    return f"the shadow ended {until}; the handover merge request is to be pushed."


def _failure(handover: Handover) -> str:
    if handover.status == Status.DONE:
        return f"the handover merged but the PagerDuty check failed ({handover.get_verification_display().lower()})."
    if handover.status == Status.CLOSED:
        return "the handover merge request was closed without being merged."
    if handover.status == Status.NOT_CONFIGURED:
        return "the handover is not configured."
    return "the handover failed."


def waiting_handover_q(prefix: str = "handover__") -> models.Q:
    """Addons whose handover waits on a person (a step, retry or check): waiting on its steps,
    requested, merged but not confirmed, or failed. For the candidates of a lead's or an Addon
    SRE's next steps."""
    return models.Q(state=State.TRANSITIONED) & (
        models.Q(**{f"{prefix}status__in": [Status.STEPS, Status.REQUESTED, *FAILED_STATUSES]})
        | models.Q(
            **{
                f"{prefix}status": Status.DONE,
                f"{prefix}verification__in": [Check.NOT_RUN, *CHECK_FAILED],
            }
        )
    )


@dataclass(frozen=True)
class FailedHandover:
    handover: Handover
    pager: Pager


def failed_handovers(limit: int) -> list[FailedHandover]:
    """The failed handovers, oldest first: the manager's home and the dashboard list them."""
    handovers = (
        Handover.objects.filter(handover_failed_q())
        .select_related("addon__team", "addon__sre_lead")
        .order_by("updated_at", "pk")[:limit]
    )
    return [FailedHandover(h, pager(h.addon, h)) for h in handovers]
