"""Create the local managed-tenants repository `make run` hands pagers over to.

A bare repository at the `file://` path of MANAGED_TENANTS_REPO_URL, with
`receive.advertisePushOptions` on (the handover pushes with GitLab's merge-request push
options, which git refuses to send to a remote that does not advertise them) and one commit on
MANAGED_TENANTS_TARGET_BRANCH to branch from. Nothing happens when the URL is not a local path
or the repository exists.
"""

import subprocess  # nosec B404: git is run with argument lists, never through a shell
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand

from onboarding.integrations.managed_tenants.git_repo import GIT


def _git(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(  # noqa: S603 # nosec B603: an argument list, no shell
        [GIT, *args], cwd=cwd, check=True, capture_output=True, text=True
    )


def managed_tenants_local(url: str, branch: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    bare = Path(parts.path)
    if bare.exists():
        return bare
    _git("init", "--quiet", "--bare", f"--initial-branch={branch}", str(bare))
    _git("config", "receive.advertisePushOptions", "true", cwd=bare)
    with tempfile.TemporaryDirectory(prefix="mt-local-") as work:
        _git("init", "--quiet", f"--initial-branch={branch}", work)
        Path(work, "README.md").write_text("# managed-tenants (local, for `make run`)\n")
        _git("add", "README.md", cwd=Path(work))
        _git(
            "-c", "user.name=Addon Onboarding Portal", "-c", "user.email=portal@localhost",
            "commit", "--quiet", "-m", "Initial commit", cwd=Path(work),
        )  # fmt: skip
        _git("push", "--quiet", str(bare), branch, cwd=Path(work))
    return bare


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        url, branch = settings.MANAGED_TENANTS_REPO_URL, settings.MANAGED_TENANTS_TARGET_BRANCH
        bare = managed_tenants_local(url, branch)
        if bare:
            self.stdout.write(f"managed-tenants (local): {bare}, branch {branch}")
