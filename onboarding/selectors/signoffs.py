"""The review round's tally: sign-offs and objections that count, and the viewer's own.

Plain reads: a page asks them through its `AddonContext` (read once, shared by the accept
guard, the review rules and the next steps); the `*_by_addon` reads answer for every addon of
a list (the home page) at once.
"""

from dataclasses import dataclass

from django.db.models import CharField, Count, Exists, OuterRef, Subquery, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from ..models import ReviewRound, SignOff, TimelineEvent
from ..models.portal_settings import QUORUM_FLOOR


@dataclass(frozen=True)
class Tally:
    signoffs: int = 0
    objections: int = 0
    quorum: int = QUORUM_FLOOR


def signoff_tally(addon) -> Tally:
    """Sign-offs and open objections of the current review round, and the quorum it needs."""
    return _tally(addon)


def round_quorum():
    """The quorum the addon's current review round opened with, as an annotation; an addon
    submitted before rounds were recorded has no round row and needs the floor."""
    rounds = ReviewRound.objects.filter(addon=OuterRef("pk"), number=OuterRef("intake_revision"))
    return Coalesce(Subquery(rounds.values("quorum")[:1]), Value(QUORUM_FLOOR))


def _tally(addon) -> Tally:
    rows = (
        SignOff.objects.in_current_round()
        .filter(addon=addon)
        .values("objection")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["objection"]: row["n"] for row in rows}
    recorded = (
        ReviewRound.objects.filter(addon=addon, number=addon.intake_revision)
        .values_list("quorum", flat=True)
        .first()
    )
    return Tally(counts.get(False, 0), counts.get(True, 0), recorded or QUORUM_FLOOR)


def my_signoff(addon, user) -> SignOff | None:
    """The person's active sign-off or objection on the addon, of any round."""
    return SignOff.objects.active().filter(addon=addon, architect=user).first()


def concurred(addon, user) -> bool:
    """Whether the person gave the lead's concurrence in the current review round."""
    return TimelineEvent.objects.filter(
        addon=addon,
        actor=user,
        kind=TimelineEvent.Kind.CONCURRENCE,
        payload__intake_revision=addon.intake_revision,
    ).exists()


def concurred_in_round(user):
    """Whether `user` concurred in the addon's (the outer row's) current review round, as an
    annotation of a list's own query."""
    given = (
        TimelineEvent.objects.filter(
            addon=OuterRef("pk"), actor=user, kind=TimelineEvent.Kind.CONCURRENCE
        )
        .annotate(round=KeyTextTransform("intake_revision", "payload"))
        .filter(round=Cast(OuterRef("intake_revision"), CharField()))
    )
    return Exists(given)


def signoffs_by_addon(addons, user) -> dict[int, SignOff | None]:
    """The person's active sign-off or objection on each addon: one query."""
    mine = {}
    for signoff in SignOff.objects.active().filter(addon__in=addons, architect=user):
        mine.setdefault(signoff.addon_id, signoff)
    return {addon.pk: mine.get(addon.pk) for addon in addons}


def concurrences_by_addon(addons, user) -> dict[int, bool]:
    """Whether the person concurred in each addon's current review round: one query."""
    rounds = TimelineEvent.objects.filter(
        addon__in=addons, actor=user, kind=TimelineEvent.Kind.CONCURRENCE
    ).values_list("addon_id", "payload__intake_revision")
    given = set(rounds)
    return {addon.pk: (addon.pk, addon.intake_revision) in given for addon in addons}
