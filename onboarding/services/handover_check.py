""" "Check now": the merge check and the PagerDuty check of one handover, at once.

The same services the beat runs (handover_sweep every 10 minutes, then handover_verify), for
the addon's assigned lead or Addon SRE or a manager who will not wait for beat — or who runs
`make run`, which starts no beat at all.
"""

from django.db import transaction

from ..models import Handover
from ..rules import addon as rules
from ..selectors.pager import CHECK_PASSED, hand_back_of
from .handover import handover_event, handover_locked
from .handover_sweep import handover_sweep
from .handover_verify import handover_verify


def handover_check(*, handover: Handover, by) -> Handover:
    rules.handover_check.enforce(by, handover.addon)
    back = hand_back_of(handover)
    before = (handover.status, handover.verification, back and back.status)
    if handover.status == Handover.Status.REQUESTED or (
        back is not None and back.status == Handover.Status.REQUESTED
    ):
        handover_sweep(handover_ids=[handover.pk])  # the hand-back's merge too
        handover.refresh_from_db()
        back = hand_back_of(handover)
    if handover.status == Handover.Status.DONE and handover.verification not in CHECK_PASSED:
        handover_verify(handover_id=handover.pk)
        handover.refresh_from_db()
    if (handover.status, handover.verification, back and back.status) == before:
        # Nothing moved: the check itself is still what the timeline should show.
        with transaction.atomic():
            locked = handover_locked(pk=handover.pk)
            handover_event(
                locked,
                f"{by} checked the handover now: {locked.get_status_display().lower()}.",
                payload={"status": locked.status, "action": "check"},
                notify=False,
                actor=by,
            )
    return handover
