from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from onboarding.models import ApiToken


class Command(BaseCommand):
    help = (
        "Issue a read-scoped JSON API token for a user and print it (it is shown only this once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="automation")

    def handle(self, *args, username, label, **options):
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user {username!r}.") from None
        _, raw = ApiToken.issue(user=user, label=label)
        self.stdout.write(raw)
