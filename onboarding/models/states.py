from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    ASSIGNED = "assigned", "Assigned"
    ONBOARDING = "onboarding", "Onboarding"
    PRODUCTION_APPROVED = "production_approved", "Production approved"
    TRANSITION = "transition", "Transition"
    TRANSITIONED = "transitioned", "Transitioned"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Stage(models.TextChoices):
    KICKOFF = "kickoff", "Kickoff"
    ONBOARDING = "onboarding", "Onboarding"
    TRANSITION = "transition", "Transition"
    CLOSED = "closed", "Closed"


STAGE_STATES = {
    Stage.KICKOFF: [
        State.DRAFT,
        State.SUBMITTED,
        State.CHANGES_REQUESTED,
        State.ACCEPTED,
        State.ASSIGNED,
        State.REJECTED,
    ],
    Stage.ONBOARDING: [State.ONBOARDING, State.PRODUCTION_APPROVED],
    Stage.TRANSITION: [State.TRANSITION, State.TRANSITIONED],
    Stage.CLOSED: [State.WITHDRAWN],
}
STAGE_OF_STATE = {state: stage for stage, states in STAGE_STATES.items() for state in states}
# The three stages of the progress bar, in order.
PROGRESS_STAGES = [Stage.KICKOFF, Stage.ONBOARDING, Stage.TRANSITION]
EDITABLE_INTAKE_STATES = {State.DRAFT, State.CHANGES_REQUESTED}
# Closed: nothing changes any more but a reopen (withdrawn). A rejected addon is open: its
# owners may reopen or withdraw it (DOMAIN.md, "any state before transitioned").
CLOSED_STATES = {State.TRANSITIONED, State.WITHDRAWN}
OPEN_STATES = [s for s in State if s not in CLOSED_STATES]
# The checklist, SLOs and SOPs are worked on in these; the transition section shows from them on.
WORK_STATES = {State.ONBOARDING, State.PRODUCTION_APPROVED, State.TRANSITION}


def progress_of(state: str, *, handed_over: bool) -> list[tuple[Stage, str]]:
    """The three stages with 'done', 'current' or 'todo' for the progress bar. The transition
    stage is done only once Addon SRE carries the pager (selectors/pager.py)."""
    stage = STAGE_OF_STATE[state]
    if state == State.TRANSITIONED and handed_over:
        return [(s, "done") for s in PROGRESS_STAGES]
    if stage not in PROGRESS_STAGES:
        return [(s, "todo") for s in PROGRESS_STAGES]
    current = PROGRESS_STAGES.index(stage)
    return [
        (s, "done" if i < current else "current" if i == current else "todo")
        for i, s in enumerate(PROGRESS_STAGES)
    ]
