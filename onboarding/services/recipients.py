"""Who hears about what: e-mail addresses for each audience of a notification."""

from django.contrib.auth import get_user_model

from ..roles import Role


def _emails(users) -> list[str]:
    return [u.email for u in users if u.email]


def role_members(*roles: Role) -> list[str]:
    users = get_user_model().objects.filter(groups__name__in=list(roles), is_active=True)
    return _emails(users.distinct())


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
