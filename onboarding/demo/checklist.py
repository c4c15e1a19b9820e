"""Demo checklists at a believable stage, worked through the real item services.

`workflow.bring_to` passes the production gate by marking its items verified in bulk (it only needs
the gate open); here those items get the people, dates and evidence such work leaves behind.
"""

from datetime import datetime

from ..models import ChecklistItem, Gate, Side, State
from ..services import checklist as c

Status = ChecklistItem.Status


def _evidence(addon, item) -> str:
    return f"https://docs.example.com/{addon.addon_id}/{item.key.lower()}"


def _done(addon, item, personas):
    by = personas["owner"] if item.side == Side.OWNER else personas["sre"]
    return c.item_mark_done(
        item=item,
        by=by,
        evidence_url=_evidence(addon, item) if item.evidence_required else "",
        notes="Reviewed in the weekly onboarding sync." if item.position % 3 == 0 else "",
    )


def _verifier(item, personas):
    """Four eyes: the SRE checks the owners' items, the lead checks the SRE's own."""
    return personas["sre"] if item.side == Side.OWNER else personas["lead"]


def _fill_in_verified(addon, personas, now):
    """Who did and verified the items `workflow.pass_gate` verified wholesale (at `now`)."""
    items = list(addon.checklist_items.filter(status=Status.VERIFIED, done_by__isnull=True))
    for item in items:
        item.done_by = personas["owner"] if item.side == Side.OWNER else personas["sre"]
        item.done_at = item.verified_at = now
        item.verified_by = _verifier(item, personas)
        item.evidence_url = _evidence(addon, item) if item.evidence_required else ""
    ChecklistItem.objects.bulk_update(
        items, ["done_by", "done_at", "verified_by", "verified_at", "evidence_url"]
    )


def _work(addon, personas, items, *, done, verified, waiver_key):
    """Mark the first `done` items done, verify the first `verified`, ask one waiver."""
    for n, item in enumerate(i for i in items if i.key != waiver_key):
        if n >= done:
            break
        item = _done(addon, item, personas)
        if n < verified:
            c.item_verify(item=item, by=_verifier(item, personas))
    waiver = next((i for i in items if i.key == waiver_key), None)
    if waiver is not None:
        c.item_request_waiver(
            item=waiver,
            by=personas["owner"],
            justification="Covered by the platform's shared capacity plan; no addon-specific "
            "limits beyond it.",
        )


def checklist_demo_stage(addon, personas, *, now: datetime):
    """Bring an onboarding/production_approved/transition addon's checklist to a stage."""
    if addon.state not in c.ACTIVE_STATES or not addon.checklist_items.exists():
        return
    _fill_in_verified(addon, personas, now)
    todo = list(addon.checklist_items.filter(status=Status.TO_DO).order_by("position"))
    if addon.state == State.ONBOARDING:
        production = [i for i in todo if i.gate == Gate.PRODUCTION]
        _work(addon, personas, production, done=14, verified=8, waiver_key="RELI-4")
    elif addon.state == State.PRODUCTION_APPROVED:
        _work(addon, personas, todo, done=3, verified=1, waiver_key="RELI-11")
    else:
        _work(addon, personas, todo, done=len(todo), verified=6, waiver_key="RELI-11")
