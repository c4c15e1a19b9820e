"""The hand-back: the assigned lead returns the pager to the owners when the SLOs keep failing
after the handover — the handover's merge request in reverse (`pagerduty.escalationPolicy`
back to the owners' policy), through the same managed-tenants path, with its own rule and
timeline events. The owners carry the pager again once it is merged (selectors/pager.py).
"""

import contextlib

from django.db import transaction

from ..errors import ActionRefused
from ..models import HandBack, Handover
from ..rules import addon as rules
from .handover import handover_event, handover_locked

REASON_MAX = 2000


def addon_hand_back(*, addon, by, reason: str) -> HandBack:
    reason = (reason or "").strip()
    with transaction.atomic():
        handover = handover_locked(addon=addon)
        rules.hand_back.enforce(by, handover.addon)
        if not reason:
            raise ActionRefused(
                "Say why the pager goes back.", field_errors={"reason": "Required."}
            )
        if len(reason) > REASON_MAX:
            too_long = f"At most {REASON_MAX} characters."
            raise ActionRefused(too_long, field_errors={"reason": too_long})
        hand_back, _ = HandBack.objects.update_or_create(
            handover=handover,
            defaults={
                "status": Handover.Status.PENDING,
                "escalation_policy_id": handover.addon.pagerduty_escalation_policy_id,
                "reason": reason,
                "requested_by": by,
                "last_error": "",
            },
        )
        handover.hand_back = hand_back
        handover_event(
            handover,
            f"Hand-back to the owners requested by {by}: {reason} A managed-tenants merge "
            f"request will set pagerduty.escalationPolicy back to "
            f"{hand_back.escalation_policy_id}.",
            payload={"hand_back": hand_back.status, "reason": reason},
            notify=False,
            actor=by,
        )
        transaction.on_commit(lambda: hand_back_enqueue(hand_back.pk))
    return hand_back


def hand_back_enqueue(hand_back_id: int) -> None:
    from ..tasks import run_hand_back

    # A down broker leaves it queued, visible on the addon page.
    with contextlib.suppress(Exception):
        run_hand_back.delay(hand_back_id)
