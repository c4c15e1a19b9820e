"""The periodic sweep: is a requested handover merged yet?

Merged means the pushed commit is reachable from the target branch, or (for a squash or rebase
merge) the target branch's stage and production addon.yaml name Addon SRE's policy. A branch
that vanished unmerged means the merge request was closed: "closed", visible and retried.

The beat task runs it every 10 minutes over every requested handover; "Check now" on the addon
page runs it at once over one (services/handover_check.py).
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..integrations.managed_tenants.git_repo import Checkout, GitError
from ..integrations.managed_tenants.handover_change import branch_names_policy
from ..models import HandBack, Handover
from .handover import handover_locked, handover_record


def merge_verdict(checkout: Checkout, change, *, addon_id: str, target: str) -> str:
    """Merged, closed or still requested: `change` is a Handover or a HandBack."""
    ref = f"origin/{target}"
    if change.commit_sha and checkout.is_ancestor(change.commit_sha, ref):
        return Handover.Status.DONE
    policy = change.escalation_policy_id
    if branch_names_policy(checkout, ref, addon_id=addon_id, policy=policy):
        return Handover.Status.DONE
    if not checkout.remote_branch_sha(change.branch):
        return Handover.Status.CLOSED
    return Handover.Status.REQUESTED


def handover_sweep(*, handover_ids=None) -> dict[str, int]:
    """Check every requested handover and hand-back (or those of the handovers
    `handover_ids`) against one fresh clone; returns counts per outcome."""
    from .hand_back_run import hand_back_settle

    handovers = Handover.objects.filter(status=Handover.Status.REQUESTED)
    hand_backs = HandBack.objects.filter(status=Handover.Status.REQUESTED)
    if handover_ids is not None:
        handovers = handovers.filter(pk__in=handover_ids)
        hand_backs = hand_backs.filter(handover__in=handover_ids)
    handovers = list(handovers.select_related("addon"))
    hand_backs = list(hand_backs.select_related("handover__addon"))
    counts = {"done": 0, "closed": 0, "requested": 0}
    if not (handovers or hand_backs) or not settings.MANAGED_TENANTS_REPO_URL:
        return counts
    target = settings.MANAGED_TENANTS_TARGET_BRANCH
    with tempfile.TemporaryDirectory(prefix="mt-sweep-") as workdir:
        try:
            checkout = Checkout.clone(
                settings.MANAGED_TENANTS_REPO_URL, target, Path(workdir) / "repo"
            )
        except GitError:
            return counts  # the repository is unreachable: the next sweep asks again
        for handover in handovers:
            verdict = merge_verdict(
                checkout, handover, addon_id=handover.addon.addon_id, target=target
            )
            counts[verdict] += 1
            if verdict != Handover.Status.REQUESTED:
                _settle(handover.pk, verdict, target)
        for hand_back in hand_backs:
            addon_id = hand_back.handover.addon.addon_id
            verdict = merge_verdict(checkout, hand_back, addon_id=addon_id, target=target)
            counts[verdict] += 1
            if verdict != Handover.Status.REQUESTED:
                hand_back_settle(hand_back.pk, verdict, target)
    return counts


def _settle(handover_id: int, verdict: str, target: str) -> None:
    from .handover_verify import handover_verify_enqueue

    with transaction.atomic():
        locked = handover_locked(pk=handover_id)
        if locked.status != Handover.Status.REQUESTED:
            return
        if verdict == Handover.Status.DONE:
            handover_record(
                locked,
                status=verdict,
                completed_at=timezone.now(),
                notify=True,
                message=(
                    f"Merge request of {locked.branch} merged into {target}: addon.yaml names "
                    f"Addon SRE's escalation policy {locked.escalation_policy_id}."
                ),
            )
            transaction.on_commit(lambda: handover_verify_enqueue(handover_id))
        else:
            handover_record(
                locked,
                status=verdict,
                last_error=f"The branch {locked.branch} is gone from managed-tenants without "
                f"being merged into {target} (merge request closed?).",
                notify=True,
                message=(
                    f"Pager handover merge request closed: the branch {locked.branch} was removed "
                    f"without being merged into {target}. The assigned lead or Addon SRE or a "
                    "manager can retry it."
                ),
            )
