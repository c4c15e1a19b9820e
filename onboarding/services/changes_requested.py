"""Telling the owners that Addon SRE sent an SOP or an SLO back with changes requested."""

from ..models import NotificationKind
from . import recipients
from .timeline import notification_queue


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
