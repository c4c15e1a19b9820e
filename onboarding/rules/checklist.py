"""The rules of the checklist item moves (DOMAIN.md "The acceptance checklist").

Each rule takes `(ctx, item)` where `ctx` is the person's `AddonContext` on the item's addon
(built once per page or per service call, not once per item). Four eyes: whoever marked an
item done never verifies it, whoever requested a waiver never decides it.
"""

from ..models import ChecklistItem, Side, State
from .base import Forbidden, Rule
from .people import gate_cooldown

Status = ChecklistItem.Status

# The checklist is worked during onboarding and the transition period, not before or after.
ACTIVE_STATES = {State.ONBOARDING, State.PRODUCTION_APPROVED, State.TRANSITION}

# action -> the item statuses it starts from
SOURCES = {
    "mark_done": {Status.TO_DO},
    "verify": {Status.DONE},
    "reopen": {Status.DONE, Status.VERIFIED, Status.WAIVED},
    "request_waiver": {Status.TO_DO, Status.DONE},
    "decide_waiver": {Status.WAIVER_REQUESTED},
}
ACTIONS = list(SOURCES)
# The moves that take an item forward: the page's default view lists the items on which the
# viewer has one of them. Reopening and waivers are offered too, but never "need" anyone.
FORWARD = ("mark_done", "verify", "decide_waiver")


def responsible_for(ctx, item) -> bool:
    """Whether marking the item done is this person's side of the work."""
    return ctx.owner if item.side == Side.OWNER else ctx.assigned_sre


def works_the_checklist(ctx) -> bool:
    """Whether any item move or discussion can be this person's (their default view)."""
    return ctx.owner or ctx.assigned_sre or ctx.any_lead


def my_side(ctx) -> str | None:
    """The side 'my side' filters on; an assigned SRE who also owns sees the SRE side."""
    if ctx.assigned_sre:
        return Side.SRE
    return Side.OWNER if ctx.owner else None


def _state(item) -> str | None:
    state = item.addon.state
    if state not in ACTIVE_STATES:
        return (
            "The checklist can only change while the addon is onboarding or in transition; "
            f"it is {item.addon.get_state_display().lower()}."
        )
    return None


def _status(item, action) -> str | None:
    if item.status not in SOURCES[action]:
        return (
            f"{item.key} is {item.get_status_display().lower()}; it changed under you "
            "or this step does not apply — reload the page."
        )
    return None


def _item_rule(action, role_check):
    """Role first (403), then the addon's state, then the item's status."""

    def check(ctx, item):
        refusal = role_check(ctx, item)
        if refusal is not None:
            return refusal
        return _state(item) or _status(item, action)

    return Rule(check, name=action)


def _mark_done_role(ctx, item):
    if responsible_for(ctx, item):
        return None
    side = "the owner team" if item.side == Side.OWNER else "the assigned Addon SRE"
    return Forbidden(f"{item.key} is {side}'s to mark done.")


def _verify_role(ctx, item):
    if not ctx.assigned_sre:
        return Forbidden(f"Only the assigned Addon SRE verifies {item.key}.")
    if item.status == Status.DONE and item.done_by_id == ctx.pk:
        return "You marked this item done; another Addon SRE must verify it."
    return gate_cooldown(ctx.actor)


def _reopen_role(ctx, item):
    # Owners may take back their own 'done'; only Addon SRE undoes a verification or waiver.
    if ctx.assigned_sre or (responsible_for(ctx, item) and item.status == Status.DONE):
        return None
    return Forbidden(f"You may not reopen {item.key}.")


def _request_waiver_role(ctx, item):
    if ctx.owner or ctx.assigned_sre:
        return None
    return Forbidden("Only the owner team or the assigned Addon SRE request waivers.")


def _decide_waiver_role(ctx, item):
    mine = item.waiver_requested_by_id is not None and item.waiver_requested_by_id == ctx.pk
    if mine and ctx.any_lead:
        return "You requested this waiver; another Addon SRE Lead must decide it."
    if ctx.assigned_lead:
        return gate_cooldown(ctx.actor)
    # The assigned lead cannot decide a waiver they asked for: any other SRE lead may.
    if ctx.any_lead and item.waiver_requested_by_id == item.addon.sre_lead_id:
        return gate_cooldown(ctx.actor)
    return Forbidden("Only the assigned SRE lead decides waivers.")


def _comment_role(ctx, item):
    # The people who work the checklist discuss it, in any state of the addon: a question
    # about an item's evidence may come after the gate as well as before it.
    if works_the_checklist(ctx):
        return None
    return Forbidden(
        "Only the owner team, the assigned Addon SRE and the SRE leads discuss checklist items."
    )


ITEM_RULES = {
    "mark_done": _item_rule("mark_done", _mark_done_role),
    "verify": _item_rule("verify", _verify_role),
    "reopen": _item_rule("reopen", _reopen_role),
    "request_waiver": _item_rule("request_waiver", _request_waiver_role),
    "decide_waiver": _item_rule("decide_waiver", _decide_waiver_role),
    "comment": Rule(_comment_role, name="comment"),
}


def available_actions(item, ctx) -> list[str]:
    """The moves the page offers on `item`: exactly those its rules allow now."""
    if item.addon.state not in ACTIVE_STATES:
        return []
    return [a for a in ACTIONS if item.status in SOURCES[a] and ITEM_RULES[a].allows(ctx, item)]


def needs_action(actions) -> bool:
    """Whether the moves offered on an item (`available_actions`) include a forward one."""
    return any(action in FORWARD for action in actions)


def held_back(item, ctx) -> list[str]:
    """Why this person's role would allow a move the item is ready for, yet a rule holds it."""
    if item.addon.state not in ACTIVE_STATES:
        return []
    reasons = (ITEM_RULES[a].why_not(ctx, item) for a in ACTIONS if item.status in SOURCES[a])
    return [r for r in reasons if r is not None and not isinstance(r, Forbidden)]


WHO = {
    "owners": "the owner team",
    "sre": "the assigned Addon SRE",
    "lead": "the assigned SRE lead",
}


def next_actor(item) -> str:
    """Who may move the item next, in words (shown on the checklist): the table's row for the
    item (rules/next.item_next)."""
    from .next import item_next

    found = item_next(item)
    if found is None:
        return "Passed: nothing more to do unless it is reopened."
    if found.action == "checklist.mark_done":
        return f"Next: {WHO[found.party]} marks it done (or asks for a waiver)."
    if found.action == "checklist.verify":
        by = f" other than {found.not_by}" if found.not_by else ""
        return f"Next: an assigned Addon SRE{by} verifies it."
    if found.not_by:
        return f"Next: an Addon SRE Lead other than {found.not_by} decides the waiver."
    return f"Next: {WHO[found.party]} decides the waiver."
