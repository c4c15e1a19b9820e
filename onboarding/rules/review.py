"""The rules of the review (DOMAIN.md "Review rounds"): discussion, sign-offs, objections,
the lead's concurrence. Each takes `(ctx, addon)`.

Sign-offs, objections and concurrences belong to the review round they were given in
(`intake_revision` on the addon is the current round); `models.review.current_round` is the
one definition of what counts (`SignOff.in_round_of` for a row in hand).
"""

from ..models import SignOff, State
from .base import Forbidden, Rule
from .people import gate_cooldown

# Until the decision (accept/reject) a sign-off or objection may be withdrawn.
UNDECIDED_STATES = {State.SUBMITTED, State.CHANGES_REQUESTED}
# The discussion runs from the submit until the addon is assigned.
DISCUSSION_STATES = {State.SUBMITTED, State.CHANGES_REQUESTED, State.ACCEPTED, State.REJECTED}


def _mine(ctx) -> SignOff | None:
    return ctx.my_signoff


def _current(signoff, addon) -> bool:
    return signoff is not None and signoff.in_round_of(addon)


def _architect(ctx) -> str | None:
    return None if ctx.architect else Forbidden("Only architects review.")


def _comment(ctx, addon):
    if not (ctx.owner or ctx.architect or ctx.any_lead):
        return Forbidden("Only the owner team, architects and the SRE lead discuss.")
    if addon.state not in DISCUSSION_STATES:
        return "The discussion is open from the submit until the addon is assigned."
    return None


def _sign_off(ctx, addon):
    if refusal := _architect(ctx) or gate_cooldown(ctx.actor):
        return refusal
    if addon.state != State.SUBMITTED:
        return "Sign-offs are given while the intake is submitted for review."
    if ctx.in_team:
        return (
            f"You are a member of {addon.team}: an architect cannot sign off "
            "an addon of their own team."
        )
    mine = _mine(ctx)
    if _current(mine, addon) and mine.objection:
        return "Withdraw your objection before signing off."
    if _current(mine, addon):
        return f"You have already signed off review round {addon.intake_revision}."
    return None


def _withdraw_sign_off(ctx, addon):
    if refusal := _architect(ctx):
        return refusal
    if addon.state not in UNDECIDED_STATES:
        return "The review is decided: sign-offs can no longer be withdrawn."
    mine = _mine(ctx)
    if mine is None or mine.objection:
        return "You have no sign-off on this addon to withdraw."
    return None


def _object(ctx, addon):
    if refusal := _architect(ctx):
        return refusal
    if addon.state != State.SUBMITTED:
        return "Objections are raised while the intake is submitted for review."
    mine = _mine(ctx)
    if _current(mine, addon) and mine.objection:
        return "You already have an open objection on this addon."
    if _current(mine, addon):
        return "Withdraw your sign-off before objecting."
    return None


def _withdraw_objection(ctx, addon):
    if refusal := _architect(ctx):
        return refusal
    if addon.state not in UNDECIDED_STATES:
        return "The review is decided: objections can no longer be withdrawn."
    mine = _mine(ctx)
    if mine is None or not mine.objection:
        return "You have no open objection on this addon."
    return None


def _concur(ctx, addon):
    if not ctx.any_lead:
        return Forbidden("Only the SRE lead concurs.")
    if addon.state != State.SUBMITTED:
        return "Concurrence is given while the intake is submitted for review."
    if ctx.concurred:
        return f"You already concurred in review round {addon.intake_revision}."
    return None


comment = Rule(_comment, "comment")
sign_off = Rule(_sign_off, "sign_off")
withdraw_sign_off = Rule(_withdraw_sign_off, "withdraw_sign_off")
object_ = Rule(_object, "object")
withdraw_objection = Rule(_withdraw_objection, "withdraw_objection")
concur = Rule(_concur, "concur")
