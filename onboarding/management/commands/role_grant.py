from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from onboarding.rules.roles import Role
from onboarding.services.role_grants import role_grant, role_revoke

ROLES = {role.name.lower(): role for role in Role}


class Command(BaseCommand):
    help = (
        "Grant (or with --revoke take away) a portal role, as an audited event. Locally the "
        "only way to give a role; with single sign-on the provider's groups decide."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ROLES))
        parser.add_argument("--by", required=True, help="Username of the person granting.")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, username, role, by, revoke, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
            granter = User.objects.get(username=by, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No user {username!r} or no active user {by!r}.") from None
        if granter.pk == user.pk:
            raise CommandError("Nobody grants or revokes their own roles.")
        change = role_revoke if revoke else role_grant
        changed = change(user=user, role=ROLES[role], by=granter)
        verb = "revoked from" if revoke else "granted to"
        state = "" if changed else " (no change: already so)"
        self.stdout.write(f"{ROLES[role].value} {verb} {username}{state}.")
