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
OPEN_STATES = [s for s in State if s not in (State.TRANSITIONED, State.WITHDRAWN)]
