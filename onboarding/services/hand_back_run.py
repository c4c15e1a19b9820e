"""Carrying out a hand-back: the reverse merge request, and its merge noticed by the sweep."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..errors import ActionRefused
from ..integrations.managed_tenants.git_repo import GitError
from ..integrations.managed_tenants.handover_change import ChangeRefused
from ..models import HandBack, Handover
from .handover import handover_event
from .handover_run import policy_merge_request

Status = Handover.Status


def hand_back_branch(addon_id: str) -> str:
    return f"addon-sre-hand-back/{addon_id}"


def hand_back_attempt(*, hand_back_id: int, final: bool) -> str:
    """One attempt; raises GitError for a transient failure the task retries."""
    hand_back = HandBack.objects.select_related("handover__addon").get(pk=hand_back_id)
    if hand_back.status != Status.PENDING:
        return hand_back.status
    addon, policy = hand_back.handover.addon, hand_back.escalation_policy_id
    try:
        with tempfile.TemporaryDirectory(prefix="mt-hand-back-") as workdir:
            outcome, commit = policy_merge_request(
                addon=addon,
                policy=policy,
                branch=hand_back_branch(addon.addon_id),
                title=f"{addon.addon_id}: page the owners again (escalation policy {policy})",
                description=(
                    f"Addon SRE hands the pager of {addon.name} ({addon.addon_id}) back to its "
                    f"owners: {hand_back.reason}"
                ),
                workdir=Path(workdir),
            )
    except (ChangeRefused, ActionRefused) as refused:
        return _finish(hand_back_id, Status.FAILED, error=str(refused))
    except GitError as exc:
        if exc.permanent or final:
            return _finish(hand_back_id, Status.FAILED, error=str(exc))
        raise
    status = Status.DONE if outcome == "merged" else Status.REQUESTED
    return _finish(hand_back_id, status, commit=commit)


def _finish(hand_back_id: int, status: str, *, error: str = "", commit: str = "") -> str:
    with transaction.atomic():
        locked = _locked(hand_back_id)
        if locked.status != Status.PENDING:
            return locked.status
        branch = hand_back_branch(locked.handover.addon.addon_id)
        target = settings.MANAGED_TENANTS_TARGET_BRANCH
        locked.attempts += 1
        locked.last_error = error[:2000]
        if status == Status.REQUESTED:
            locked.branch, locked.commit_sha, locked.requested_at = branch, commit, timezone.now()
            message = (
                f"Hand-back merge request opened: branch {branch} → {target}, commit {commit[:12]}."
            )
        elif status == Status.DONE:
            locked.commit_sha, locked.completed_at = commit, timezone.now()
            message = f"managed-tenants {target} already names {locked.escalation_policy_id}."
        else:
            message = f"Hand-back failed: {error}"
        return _record(locked, status, message)


def hand_back_settle(hand_back_id: int, verdict: str, target: str) -> None:
    """The sweep's verdict on a requested hand-back: merged or closed."""
    with transaction.atomic():
        locked = _locked(hand_back_id)
        if locked.status != Status.REQUESTED:
            return
        if verdict == Status.DONE:
            locked.completed_at = timezone.now()
            message = (
                f"Hand-back merge request of {locked.branch} merged into {target}: addon.yaml "
                f"names the owners' escalation policy {locked.escalation_policy_id} again."
            )
        else:
            locked.last_error = f"The branch {locked.branch} is gone without being merged."
            message = f"Hand-back merge request closed: {locked.last_error}"
        _record(locked, verdict, message)


def _locked(hand_back_id: int) -> HandBack:
    return (
        HandBack.objects.select_for_update()
        .select_related("handover__addon__team")
        .get(pk=hand_back_id)
    )


def _record(hand_back: HandBack, status: str, message: str) -> str:
    hand_back.status = status
    hand_back.save()
    handover = hand_back.handover
    handover.hand_back = hand_back  # the pager fact reads this row, as it is now
    payload = {"hand_back": status, "branch": hand_back.branch, "commit": hand_back.commit_sha}
    handover_event(handover, message, payload=payload, notify=True)
    return status
