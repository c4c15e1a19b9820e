"""Review rounds: every submit or resubmit opens a numbered round (DOMAIN.md "Review rounds").

Sign-offs, objections and concurrences carry the round they were given in, and only the
current round's count; since the intake can change only between rounds (draft, changes
requested), a new round after any edit or a reopen starts the review afresh.
"""

from django.db.models import Max
from django.utils import timezone

from ..models import Addon, PortalSettings, ReviewRound, State, TimelineEvent
from ..models.portal_settings import QUORUM_FLOOR
from ..selectors.intake_fields import field_label, field_value


def intake_snapshot(addon: Addon) -> dict[str, str]:
    """The intake's fields as a reviewer reads them (labels resolved), for the round's diff."""
    from ..forms.intake import INTAKE_FIELDS

    return {name: field_value(addon, name) or "" for name in INTAKE_FIELDS}


def next_round_number(addon: Addon) -> int:
    """1 for an addon's first submit; one more than the last round otherwise.

    Addons submitted before rounds were recorded have no round rows: their sign-offs carry
    the current `intake_revision`, so the next round is one past it.
    """
    last = addon.review_rounds.aggregate(last=Max("number"))["last"]
    if last is not None:
        return max(last, addon.intake_revision) + 1
    submitted_before = TimelineEvent.objects.filter(
        addon=addon, kind=TimelineEvent.Kind.TRANSITION, to_state=State.SUBMITTED
    ).exists()
    return addon.intake_revision + 1 if submitted_before else addon.intake_revision


def round_open(*, addon: Addon, by) -> ReviewRound:
    """Call inside the submit's transaction, after the addon row is locked and saved."""
    number = next_round_number(addon)
    if number != addon.intake_revision:
        addon.intake_revision = number
        addon.save(update_fields=["intake_revision"])
    return ReviewRound.objects.create(
        addon=addon,
        number=number,
        opened_by=by,
        opened_at=timezone.now(),
        intake=intake_snapshot(addon),
        quorum=max(PortalSettings.load().signoff_quorum, QUORUM_FLOOR),
    )


def round_changes(addon: Addon) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each intake field changed since the previous round."""
    from ..forms.intake import INTAKE_FIELDS

    rounds = list(addon.review_rounds.order_by("-number")[:2])
    if len(rounds) < 2:
        return []
    current, previous = rounds[0].intake, rounds[1].intake
    return [
        (field_label(name), previous.get(name, ""), current.get(name, ""))
        for name in INTAKE_FIELDS
        if previous.get(name, "") != current.get(name, "")
    ]
