"""Marking several checklist items done in one request: all of them, or none.

Each item goes through `item_mark_done` exactly as a single click would (its own lock, its
own rule check, its own timeline event). The batch runs in one transaction; a refusal of any
item rolls the whole batch back, so a person never has to work out which half went through.
Every refusal is collected before rolling back, so each refused item gets its own message.
"""

from django.db import transaction

from ..errors import ActionRefused
from .checklist import item_mark_done


class BatchRefused(ActionRefused):
    """Some items were refused; `refusals` maps each such item's pk to its refusal."""

    def __init__(self, refusals: dict[int, ActionRefused]):
        count = len(refusals)
        noun = "item was" if count == 1 else "items were"
        super().__init__(
            f"{count} {noun} refused, so none was marked done: correct them and try again."
        )
        self.refusals = refusals


def items_mark_done(*, by, entries) -> list:
    """Mark each `(item, evidence_url)` of `entries` done, all or none.

    A person without the right to mark an item done gets PermissionDenied for the batch
    (the page never offers them the item); an item refused for its state or its evidence
    is reported in `BatchRefused.refusals`.
    """
    if not entries:
        raise ActionRefused("Tick the items to mark done first.")
    refusals: dict[int, ActionRefused] = {}
    done = []
    with transaction.atomic():
        for item, evidence_url in sorted(entries, key=lambda entry: entry[0].position):
            try:
                # Each call is its own savepoint: a refused item leaves no trace, and the
                # items after it are still checked so that every refusal is reported.
                done.append(item_mark_done(item=item, by=by, evidence_url=evidence_url))
            except ActionRefused as refusal:
                refusals[item.pk] = refusal
        if refusals:
            raise BatchRefused(refusals)
    return done
