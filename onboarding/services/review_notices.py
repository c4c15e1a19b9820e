"""Telling people about SOP and SLO reviews: the assigned Addon SRE what waits for their
review, the owner team what was sent back with changes requested."""

from ..models import NotificationKind
from . import recipients
from .timeline import notification_queue


def review_requested_notify(*, event, what: str, page: str) -> None:
    """The assigned lead and engineers review SOPs and SLOs: a new or changed one waits."""
    addon = event.addon
    notification_queue(
        event=event,
        kind=NotificationKind.REVIEW_REQUESTED,
        recipients=recipients.assigned_people(addon),
        subject=f"[{addon.addon_id}] For your review: {what}",
        body=f"{event.message}\n\nReview {what} of {addon.name} on the addon's {page} page.",
    )


def changes_requested_notify(*, event, what: str, comment: str, next_step: str) -> None:
    """The owner team gets the reviewer's comment: they are the ones who must act on it."""
    addon = event.addon
    notification_queue(
        event=event,
        kind=NotificationKind.CHANGES_REQUESTED,
        recipients=recipients.owner_team(addon),
        subject=f"[{addon.addon_id}] Changes requested on {what}",
        body=f"{event.actor} asked for changes to {what} of {addon.name}:\n\n{comment}\n\n"
        f"{next_step}",
    )
