"""A real managed-tenants remote for tests: a bare repository served by `git daemon` on loopback.

receive.advertisePushOptions is on and a pre-receive hook records every push's options and
refs, so a test sees the merge-request request exactly as GitLab would receive it. Merging is
done the way GitLab does it: a merge commit on the target branch, pushed to the remote.
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

POLICY = "PSRE247"
HOOK = """#!/bin/sh
# Records the push (options, then refs) for the test; refuses it while {reject} exists.
{{
  echo "--- push"
  i=0
  while [ "$i" -lt "${{GIT_PUSH_OPTION_COUNT:-0}}" ]; do
    eval "printf 'option %s\\n' \\"\\$GIT_PUSH_OPTION_$i\\""
    i=$((i+1))
  done
  while read -r old new ref; do echo "ref $ref $new"; done
}} >> {log}
if [ -f {reject} ]; then
  echo "GitLab: You are not allowed to push code to protected branches on this project." >&2
  exit 1
fi
"""


def _git(*args, cwd=None) -> str:
    done = subprocess.run(  # noqa: S603 - fixed git arguments
        ["git", *args],  # noqa: S607
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Remote:
    def __init__(self, base: Path, port: int):
        self.base, self.port = base, port
        self.bare = base / "srv" / "managed-tenants.git"
        self.log = base / "pushes.log"
        self.reject_marker = base / "reject"
        self.work = base / "work"
        self.url = f"git://127.0.0.1:{port}/managed-tenants.git"

    def pushes(self) -> list[dict]:
        """[{"options": [...], "refs": {ref: sha}}] in push order."""
        pushes = []
        for line in self.log.read_text().splitlines() if self.log.exists() else []:
            if line == "--- push":
                pushes.append({"options": [], "refs": {}})
            elif line.startswith("option "):
                pushes[-1]["options"].append(line[len("option ") :])
            elif line.startswith("ref "):
                _, ref, sha = line.split()
                pushes[-1]["refs"][ref] = sha
        return pushes

    def reject_pushes(self, on: bool = True) -> None:
        if on:
            self.reject_marker.write_text("")
        else:
            self.reject_marker.unlink(missing_ok=True)

    def commit_file(self, path: str, text: str, message: str = "Add a file") -> str:
        target = self.work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        _git("add", path, cwd=self.work)
        _git("commit", "-q", "-m", message, cwd=self.work)
        _git("push", "-q", "origin", "main", cwd=self.work)
        return _git("rev-parse", "HEAD", cwd=self.work).strip()

    def merge(self, branch: str) -> str:
        """Merge a branch into main with a merge commit, as GitLab's merge button does."""
        _git("fetch", "-q", "origin", cwd=self.work)
        _git("checkout", "-q", "main", cwd=self.work)
        _git("reset", "-q", "--hard", "origin/main", cwd=self.work)
        _git(
            "merge",
            "-q",
            "--no-ff",
            "-m",
            f"Merge branch '{branch}'",
            f"origin/{branch}",
            cwd=self.work,
        )
        _git("push", "-q", "origin", "main", cwd=self.work)
        return _git("rev-parse", "HEAD", cwd=self.work).strip()

    def delete_branch(self, branch: str) -> None:
        _git("--git-dir", str(self.bare), "branch", "-q", "-D", branch)

    def show(self, ref: str, path: str) -> str:
        return _git("--git-dir", str(self.bare), "show", f"{ref}:{path}")

    def branches(self) -> list[str]:
        out = _git(
            "--git-dir", str(self.bare), "for-each-ref", "--format=%(refname:short)", "refs/heads"
        )
        return out.split()


@pytest.fixture
def mt_remote(tmp_path, settings):
    if not shutil.which("git"):
        pytest.fail("`git` not found: install the Debian package `git`.")
    remote = Remote(tmp_path, _free_port())
    remote.bare.parent.mkdir(parents=True)
    _git("init", "-q", "--bare", "-b", "main", str(remote.bare))
    _git("--git-dir", str(remote.bare), "config", "receive.advertisePushOptions", "true")
    hook = remote.bare / "hooks" / "pre-receive"
    hook.write_text(HOOK.format(log=remote.log, reject=remote.reject_marker))
    hook.chmod(0o755)
    daemon = subprocess.Popen(  # noqa: S603 - fixed arguments
        ["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack"]  # noqa: S607
        + ["--informative-errors", f"--base-path={remote.bare.parent}"]
        + ["--listen=127.0.0.1", f"--port={remote.port}", str(remote.bare.parent)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", remote.port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("git daemon did not start")
                time.sleep(0.05)
        _git("clone", "-q", remote.url, str(remote.work))
        _git("config", "user.name", "Managed Tenants Maintainer", cwd=remote.work)
        _git("config", "user.email", "mt@redhat.com", cwd=remote.work)
        _git("checkout", "-q", "-b", "main", cwd=remote.work)
        remote.commit_file("README.md", "# managed-tenants (test remote)\n", "Initial commit")
        settings.MANAGED_TENANTS_REPO_URL = remote.url
        settings.MANAGED_TENANTS_TARGET_BRANCH = "main"
        settings.MANAGED_TENANTS_GIT_TIMEOUT = 30
        settings.ADDON_SRE_ESCALATION_POLICY_ID = POLICY
        yield remote
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
