"""`make run`'s demo data (onboarding/demo/seed.py): known passwords, so only with DEBUG on."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize
from django.utils import timezone

from onboarding.demo.seed import seed

from .managed_tenants_local import managed_tenants_local


class Command(BaseCommand):
    help = "Create demo users (one per role), teams and a dozen addons across every state."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo", help="Password of every demo user.")

    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo sets known passwords: run it only with DJANGO_DEBUG=1.")
        # The demo's transitioned addon hands its pager over: to the local repository by default.
        managed_tenants_local(
            settings.MANAGED_TENANTS_REPO_URL, settings.MANAGED_TENANTS_TARGET_BRANCH
        )
        personas, created = seed(password=password, now=timezone.now())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(personas)} users (password {password!r}), "
                f"{created} new addon{pluralize(created)}."
            )
        )
