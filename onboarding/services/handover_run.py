"""Carrying out a queued handover: the branch, the commit and the push that opens the MR.

Idempotent: a branch already on the remote with the change is taken as the request (nothing
is pushed again); a target branch that already names Addon SRE's policy makes it done.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..errors import ActionRefused
from ..integrations.managed_tenants.addon_yaml import addon_yaml_data
from ..integrations.managed_tenants.git_repo import Checkout, GitError
from ..integrations.managed_tenants.handover_change import (
    HANDOVER_ENVIRONMENTS,
    ChangeRefused,
    branch_names_policy,
    write_change,
)
from ..models import Handover
from .handover import handover_config_problem, handover_locked, handover_record


def handover_branch(addon_id: str) -> str:
    return f"addon-sre-handover/{addon_id}"


def _push_options(target: str, title: str, description: str) -> list[str]:
    options = [
        "merge_request.create",
        f"merge_request.target={target}",
        f"merge_request.title={title}",
        f"merge_request.description={description}",
    ]
    return [arg for option in options for arg in ("-o", option)]


def policy_merge_request(
    *, addon, policy: str, branch: str, title: str, description: str, workdir: Path
) -> tuple[str, str]:
    """Open the merge request that sets the addon's `pagerduty.escalationPolicy` to `policy`
    (the handover, or the hand-back in reverse). Returns (outcome, commit): outcome is
    "merged" (the target already names it), "found" (the branch has it) or "pushed"."""
    target = settings.MANAGED_TENANTS_TARGET_BRANCH
    checkout = Checkout.clone(settings.MANAGED_TENANTS_REPO_URL, target, workdir / "repo")
    if branch_names_policy(checkout, f"origin/{target}", addon_id=addon.addon_id, policy=policy):
        return "merged", checkout.head()
    remote_sha = checkout.remote_branch_sha(branch)
    if remote_sha:
        checkout.fetch(branch)
        checkout.git("checkout", "--quiet", "-B", branch, f"origin/{branch}")
    else:
        checkout.git("checkout", "--quiet", "-b", branch)
    documents = {
        env: addon_yaml_data(addon=addon, environment=env, escalation_policy=policy)
        for env in HANDOVER_ENVIRONMENTS
    }
    changed = write_change(
        checkout.path, addon_id=addon.addon_id, policy=policy, portal_documents=documents
    )
    if not changed and remote_sha:
        return "found", remote_sha
    checkout.git("add", "--", *changed)
    checkout.git("commit", "--quiet", "-m", title, "-m", description)
    commit = checkout.head()
    checkout.git("push", "--quiet", *_push_options(target, title, description), "origin", branch)
    return "pushed", commit


def _request(handover: Handover, workdir: Path) -> tuple[str, str]:
    addon, policy = handover.addon, handover.escalation_policy_id
    return policy_merge_request(
        addon=addon,
        policy=policy,
        branch=handover_branch(addon.addon_id),
        title=f"{addon.addon_id}: page Addon SRE (escalation policy {policy})",
        description=(
            f"The Addon Onboarding Portal completed the transition of {addon.name} "
            f"({addon.addon_id}); this sets pagerduty.escalationPolicy to Addon SRE's 24x7 "
            f"policy {policy} in the stage and production addon.yaml."
        ),
        workdir=workdir,
    )


def handover_attempt(*, handover_id: int, final: bool) -> str:
    """One attempt; raises GitError for a transient failure the task retries."""
    handover = Handover.objects.select_related("addon").get(pk=handover_id)
    if handover.status != Handover.Status.PENDING:
        return handover.status
    problem = handover_config_problem()
    if problem:
        return _finish(handover_id, Handover.Status.NOT_CONFIGURED, error=problem)
    try:
        with tempfile.TemporaryDirectory(prefix="mt-handover-") as workdir:
            outcome, commit = _request(handover, Path(workdir))
    except (ChangeRefused, ActionRefused) as refused:
        return _finish(handover_id, Handover.Status.FAILED, error=str(refused))
    except GitError as exc:
        if exc.permanent or final:
            return _finish(handover_id, Handover.Status.FAILED, error=str(exc))
        _note_attempt(handover_id, str(exc))
        raise
    status = Handover.Status.DONE if outcome == "merged" else Handover.Status.REQUESTED
    return _finish(handover_id, status, commit=commit, outcome=outcome)


def _note_attempt(handover_id: int, error: str) -> None:
    Handover.objects.filter(pk=handover_id, status=Handover.Status.PENDING).update(
        last_error=error[:2000]
    )


def _finish(handover_id: int, status: str, *, error="", commit="", outcome="") -> str:
    with transaction.atomic():
        locked = handover_locked(pk=handover_id)
        if locked.status != Handover.Status.PENDING:
            return locked.status  # another run got there first
        branch = handover_branch(locked.addon.addon_id)
        target = settings.MANAGED_TENANTS_TARGET_BRANCH
        now = timezone.now()
        fields = {"attempts": locked.attempts + 1, "last_error": error[:2000]}
        if status == Handover.Status.REQUESTED:
            fields |= {"branch": branch, "commit_sha": commit, "requested_at": now}
            found = " (found on the remote from an earlier run)" if outcome == "found" else ""
            message = (
                f"Merge request opened on managed-tenants: branch {branch} → {target}, "
                f"commit {commit[:12]}{found}."
            )
        elif status == Handover.Status.DONE:
            fields |= {"commit_sha": commit, "completed_at": now}
            message = f"managed-tenants {target} already names {locked.escalation_policy_id}."
        elif status == Handover.Status.NOT_CONFIGURED:
            message = f"Pager handover not started: {error}"
        else:
            message = f"Pager handover failed: {error} The assigned lead or Addon SRE or a manager can retry it."
        handover_record(
            locked,
            status=status,
            message=message,
            notify=status != Handover.Status.NOT_CONFIGURED,
            **fields,
        )
    return status
