"""The rules of the SLO and SOP work of the transition period, and of the addon's push tokens.

Each takes `(ctx, addon)`: the definition belongs to the owners, the review to the assigned
Addon SRE, the data and tokens to both; nothing changes once the addon is closed.
"""

from ..models.states import CLOSED_STATES
from .base import Forbidden, Rule


def _open(addon, what: str) -> str | None:
    if addon.state in CLOSED_STATES:
        return f"{what} cannot change while the addon is {addon.get_state_display().lower()}."
    return None


def _owners(ctx, addon, what: str):
    if not ctx.owner:
        return Forbidden(f"Only the addon's owners {what}.")
    return None


def _assigned_sre(ctx, addon, what: str):
    if not ctx.assigned_sre:
        return Forbidden(f"Only the Addon SRE assigned to this addon {what}.")
    return None


def _owners_or_sre(ctx, addon, what: str):
    if not (ctx.owner or ctx.assigned_sre):
        return Forbidden(f"Only the addon's owners and its Addon SRE {what}.")
    return None


slo_edit = Rule(
    lambda ctx, addon: _owners(ctx, addon, "define its SLOs") or _open(addon, "SLOs"),
    "slo_edit",
)
slo_review = Rule(
    lambda ctx, addon: _assigned_sre(ctx, addon, "reviews its SLOs") or _open(addon, "SLOs"),
    "slo_review",
)
slo_backfill = Rule(
    lambda ctx, addon: _assigned_sre(ctx, addon, "backfills its SLOs"), "slo_backfill"
)
slo_gap_accept = Rule(
    lambda ctx, addon: _assigned_sre(ctx, addon, "accepts gaps in its SLO data"),
    "slo_gap_accept",
)
slo_query_test = Rule(
    lambda ctx, addon: _owners_or_sre(ctx, addon, "test its queries"), "slo_query_test"
)
slo_upload = Rule(
    lambda ctx, addon: _owners_or_sre(ctx, addon, "upload data") or _open(addon, "SLO data"),
    "slo_upload",
)
token_manage = Rule(
    lambda ctx, addon: _owners_or_sre(ctx, addon, "manage its tokens"), "token_manage"
)


def _token_revoke(ctx, token):
    """`token` an ApiToken: a person's read token by its holder, an addon's push token by the
    addon's owners or Addon SRE; either by a manager (the admin)."""
    if ctx.manager:
        return None
    if token.addon_id is not None:
        return token_manage.why_not(ctx.actor, token.addon)
    if token.user_id != ctx.pk:
        return Forbidden("Only its holder or an Addon SRE manager revokes a token.")
    return None


token_revoke = Rule(_token_revoke, "token_revoke")
sop_edit = Rule(
    lambda ctx, addon: _owners(ctx, addon, "list its SOPs") or _open(addon, "SOPs"),
    "sop_edit",
)
sop_review = Rule(
    lambda ctx, addon: _assigned_sre(ctx, addon, "reviews its SOPs") or _open(addon, "SOPs"),
    "sop_review",
)


def _push(token, slo):
    """A push token (the caller) stores data only for the SLOs of its own addon, and only
    while the addon's transition window is open."""
    if token is None or token.revoked_at is not None:
        return Forbidden("Missing, unknown or revoked token.")
    if token.scope != "push" or slo.addon_id != token.addon_id:
        return Forbidden(f"Unknown SLO {slo.pk} for this token's addon.")
    # The token acts for its user: it works only while the page's own rule lets them upload.
    if not token.user.is_active or not slo_upload.permits_role(token.user, slo.addon):
        return Forbidden(
            f"This token's user ({token.user.get_username()}) may no longer upload this "
            "addon's SLO data (deactivated, left the addon's team or lost the role)."
        )
    return push_closed(slo.addon)


def push_closed(addon) -> str | None:
    """Why measurements can no longer be pushed for this addon (its window is over), or None."""
    if addon.state in CLOSED_STATES:
        return (
            f"The addon is {addon.get_state_display().lower()}: its push tokens no longer "
            "work and no new ones are issued."
        )
    return None


push = Rule(_push, "push")
