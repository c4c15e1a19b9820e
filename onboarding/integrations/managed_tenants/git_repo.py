"""A working copy of the managed-tenants repository, driven with the git command line.

Credentials never reach the command line or the URL: they travel as an HTTP header through
git's GIT_CONFIG_* environment, which `ps` and error messages do not show.
"""

import base64
import os
import shutil
import subprocess  # nosec B404: git is run with argument lists, never through a shell
from pathlib import Path

from django.conf import settings

PERMANENT_MARKERS = (
    "[remote rejected]",
    "[rejected]",
    "hook declined",
    "Authentication failed",
    "Permission denied",
    "not found",
    "does not appear to be a git repository",
    "could not read Username",
    "403",
)


GIT = shutil.which("git") or "/usr/bin/git"


class GitError(Exception):
    def __init__(self, args: list[str], output: str):
        self.output = output.strip()
        super().__init__(f"git {args[0]} failed: {self.output[-800:]}")

    @property
    def permanent(self) -> bool:
        """A refusal (rights, hooks, a missing repository) that retrying will not change."""
        return any(marker in self.output for marker in PERMANENT_MARKERS)


def _env(home: Path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        # No user or system configuration leaks in: HOME is the work directory itself.
        "HOME": str(home),
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "LC_ALL": "C",
    }
    token = settings.MANAGED_TENANTS_GIT_TOKEN
    if token:
        user = settings.MANAGED_TENANTS_GIT_USERNAME or "oauth2"
        basic = base64.b64encode(f"{user}:{token}".encode()).decode()
        env |= {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": "http.extraHeader",
            "GIT_CONFIG_VALUE_0": f"Authorization: Basic {basic}",
        }
    return env


class Checkout:
    def __init__(self, path: Path):
        self.path = Path(path)

    def git(self, *args: str) -> str:
        try:
            done = subprocess.run(  # noqa: S603 # nosec B603: an argument list, no shell
                [GIT, *args],
                cwd=self.path,
                env=_env(self.path),
                capture_output=True,
                text=True,
                timeout=settings.MANAGED_TENANTS_GIT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise GitError(list(args), f"timed out after {exc.timeout} s") from exc
        if done.returncode:
            raise GitError(list(args), done.stderr + done.stdout)
        return done.stdout

    @classmethod
    def clone(cls, url: str, branch: str, into: Path) -> "Checkout":
        Checkout(into.parent).git("clone", "--quiet", "--branch", branch, url, str(into))
        checkout = cls(into)
        name, email = _author()
        checkout.git("config", "user.name", name)
        checkout.git("config", "user.email", email)
        return checkout

    def remote_branch_sha(self, branch: str) -> str:
        """The commit a branch of origin points at, or "" when origin has no such branch."""
        line = self.git("ls-remote", "--heads", "origin", f"refs/heads/{branch}").strip()
        return line.split()[0] if line else ""

    def fetch(self, branch: str) -> None:
        self.git("fetch", "--quiet", "origin", f"+refs/heads/{branch}:refs/remotes/origin/{branch}")

    def is_ancestor(self, commit: str, ref: str) -> bool:
        try:
            self.git("merge-base", "--is-ancestor", commit, ref)
        except GitError:
            return False
        return True

    def show(self, ref: str, path: str) -> str | None:
        try:
            return self.git("show", f"{ref}:{path}")
        except GitError:
            return None

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()


def _author() -> tuple[str, str]:
    author = settings.MANAGED_TENANTS_COMMIT_AUTHOR
    name, _, email = author.partition("<")
    return name.strip(), email.rstrip(">").strip()
