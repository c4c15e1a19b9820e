"""One checklist item's panel: its history, the forms of its less frequent moves, its discussion.

The checklist page fetches it on demand (htmx) into the item's row; without JavaScript it is a
page of its own. In the row, the moves the row already has buttons for (mark done, verify,
approve a waiver) are left out of the panel; on its own page the panel offers every move.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import dateformat, timezone

from ..models import ChecklistItem, ChecklistItemComment
from ..rules.checklist import ITEM_RULES, available_actions, held_back, next_actor

Status = ChecklistItem.Status
PEOPLE = ("done_by", "verified_by", "waiver_requested_by", "waiver_decided_by")

# action -> its form's text fields: (name, label, kind, required); None = "if the item
# needs evidence". The ids tie labels and errors to inputs.
FIELDS = {
    "mark_done": (
        ("evidence_url", "Evidence URL", "url", None),
        ("notes", "Notes (optional)", "text", False),
    ),
    "verify": (("notes", "Notes (optional)", "text", False),),
    "reopen": (("reason", "Why reopen it?", "textarea", True),),
    "request_waiver": (("justification", "Justification", "textarea", True),),
    "decide_waiver": (("reason", "Reason (required to refuse)", "textarea", False),),
}
# Moves whose form folds behind a <summary> until opened (or until it comes back refused).
SUMMARIES = {"reopen": "Reopen…", "request_waiver": "Request a waiver…"}
ROW_BUTTONS = {"mark_done", "verify"}  # decide_waiver: the row approves, the panel refuses


@dataclass
class ActionForm:
    action: str
    url: str
    summary: str
    open: bool
    fields: list
    refuse_only: bool = False


@dataclass
class Panel:
    ref: str
    guidance: str
    facts: list[str]
    evidence_url: str
    notes: str
    history: list[str]
    next_actor: str
    held: list[str]
    forms: list[ActionForm]
    comments: list
    may_comment: bool
    comment_url: str
    comment_value: str = ""
    comment_error: str = ""
    in_row: bool = True


def _when(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "Y-m-d H:i")


def _history(item) -> list[str]:
    """Who did what to the item and when (escaped by the template)."""
    lines = []
    if item.done_at:
        lines.append(f"Done by {item.done_by or 'someone'} on {_when(item.done_at)}")
    if item.verified_at:
        lines.append(f"Verified by {item.verified_by or 'someone'} on {_when(item.verified_at)}")
    if item.waiver_requested_by_id and item.status not in (
        Status.TO_DO,
        Status.DONE,
        Status.VERIFIED,
    ):
        lines.append(f"Waiver requested by {item.waiver_requested_by}: {item.waiver_justification}")
    if item.waiver_decided_at:
        verdict = "approved" if item.status == Status.WAIVED else "refused"
        lines.append(
            f"Waiver {verdict} by {item.waiver_decided_by} on {_when(item.waiver_decided_at)}"
        )
    if item.reopen_reason and item.status not in (Status.VERIFIED, Status.WAIVED):
        lines.append(f"Sent back: {item.reopen_reason}")
    return lines


def _facts(item) -> list[str]:
    facts = [f"{item.get_side_display()} side", f"{item.get_gate_display()} gate"]
    if item.evidence_required:
        facts.append("evidence required")
    if not item.mandatory:
        facts.append("optional")
    return facts


def _forms(item, addon, actions, error, in_row) -> list[ActionForm]:
    forms = []
    for action in actions:
        if in_row and action in ROW_BUTTONS:
            continue
        mine = error is not None and error.action == action
        fields = []
        for name, label, kind, required in FIELDS[action]:
            fields.append(
                {
                    "id": f"{action}-{item.pk}-{name}",
                    "name": name,
                    "label": label,
                    "kind": kind,
                    "required": item.evidence_required if required is None else required,
                    "value": error.values.get(name, "") if mine else "",
                    "err": error.fields.get(name, "") if mine else "",
                }
            )
        url = reverse("checklist_item_action", args=[addon.addon_id, item.pk, action])
        summary = SUMMARIES.get(action, "")
        refuse_only = in_row and action == "decide_waiver"
        forms.append(ActionForm(action, url, summary, mine, fields, refuse_only))
    return forms


def item_panel(item, addon, roles, *, error=None, in_row=True) -> Panel:
    """The panel of `item` (read with its PEOPLE) for the person of `roles`."""
    item.addon = addon
    comments = list(
        ChecklistItemComment.objects.filter(item=item).select_related("author").order_by("pk")
    )
    comment_error = error is not None and error.action == "comment"
    return Panel(
        ref=f"item-{item.pk}",
        guidance=item.guidance,
        facts=_facts(item),
        evidence_url=item.evidence_url,
        notes=item.notes,
        history=_history(item),
        next_actor=next_actor(item),
        held=held_back(item, roles),
        forms=_forms(item, addon, available_actions(item, roles), error, in_row),
        comments=comments,
        may_comment=ITEM_RULES["comment"].allows(roles, item),
        comment_url=reverse("checklist_item_comment", args=[addon.addon_id, item.pk]),
        comment_value=error.values.get("body", "") if comment_error else "",
        comment_error=error.fields.get("body", "") if comment_error else "",
        in_row=in_row,
    )
