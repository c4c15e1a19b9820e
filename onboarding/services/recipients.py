"""Who hears about what: e-mail addresses for each audience of a notification."""

from django.contrib.auth import get_user_model

from ..models import MUTABLE_KINDS, State, TimelineEvent
from ..rules.roles import Role, holders


def _emails(users) -> list[str]:
    return [u.email for u in users if u.email]


def role_members(*roles: Role) -> list[str]:
    return _emails(holders(*roles))


def owner_team(addon) -> list[str]:
    emails = _emails(addon.team.members.filter(is_active=True))
    if addon.team.mailing_list:
        emails.append(addon.team.mailing_list)
    return emails


def assigned_people(addon) -> list[str]:
    people = list(addon.engineers.filter(is_active=True))
    if addon.sre_lead:
        people.append(addon.sre_lead)
    return _emails(people)


# What makes someone a participant of an addon's review besides owning or working it.
TAKING_PART = (
    TimelineEvent.Kind.COMMENT,
    TimelineEvent.Kind.SIGNOFF,
    TimelineEvent.Kind.OBJECTION,
    TimelineEvent.Kind.CONCURRENCE,
)


def participants(addon) -> list[str]:
    """Everyone taking part in an addon's discussion: the owner team, the assigned Addon SRE
    people, whoever commented, signed off, objected or concurred — and, while the intake
    awaits its decision, every reviewer (architects and leads), since an objection or a
    question then bears on their sign-off."""
    took_part = TimelineEvent.objects.filter(addon=addon, kind__in=TAKING_PART)
    people = get_user_model().objects.filter(is_active=True, pk__in=took_part.values("actor_id"))
    emails = owner_team(addon) + assigned_people(addon) + _emails(people)
    if addon.state == State.SUBMITTED:
        emails += role_members(Role.ARCHITECT, Role.LEAD)
    return emails


def unmuted(addresses, kind: str) -> list[str]:
    """The addresses that still want this kind: a person who muted it is left out; an
    address that is no one's (a team's mailing list) always stays."""
    if kind not in MUTABLE_KINDS:
        return list(addresses)
    wanted: dict[str, bool] = {}
    rows = get_user_model().objects.filter(email__in=addresses)
    for email, muted in rows.values_list("email", "notification_preference__muted_kinds"):
        # Two accounts on one address: it stays if either still wants the kind.
        wanted[email] = wanted.get(email, False) or kind not in (muted or [])
    return [a for a in addresses if wanted.get(a, True)]
