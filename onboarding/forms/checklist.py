"""Inputs of the checklist page: its filters and the one small form per item action.

The forms only read the POST; the rules (evidence required, who may act) live in the services.
"""

import re

from django import forms

from ..models import ChecklistItem, Gate
from ..rules.checklist import my_side, works_the_checklist
from .bounded import BoundedForm


class ChecklistFilterForm(BoundedForm):
    # "needs": the items on which the viewer has a forward move (rules.checklist.FORWARD).
    # Without the parameter, people who work the checklist see those, everyone else all.
    show = forms.ChoiceField(
        required=False, choices=[("needs", "Needs my action"), ("all", "All items")]
    )
    side = forms.ChoiceField(
        required=False,
        label="Side",
        choices=[("", "Everyone's"), ("mine", "My side"), ("owner", "Owner"), ("sre", "Addon SRE")],
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *ChecklistItem.Status.choices]
    )
    gate = forms.ChoiceField(required=False, choices=[("", "Any gate"), *Gate.choices])

    def shows_all(self, ctx) -> bool:
        show = self.cleaned_data.get("show") if self.is_valid() else ""
        return show == "all" or (not show and not works_the_checklist(ctx))

    @property
    def narrowed(self) -> bool:
        """Whether side, status or gate narrow the list (the "needs" view does not count)."""
        return self.is_valid() and any(self.cleaned_data[k] for k in ("side", "status", "gate"))

    def apply(self, items, ctx):
        if not self.is_valid():
            return items
        data = self.cleaned_data
        if data["side"] == "mine":
            items = items.filter(side=side) if (side := my_side(ctx)) else items.none()
        elif data["side"]:
            items = items.filter(side=data["side"])
        if data["status"]:
            items = items.filter(status=data["status"])
        if data["gate"]:
            items = items.filter(gate=data["gate"])
        return items


def posted_pk(value) -> int | None:
    """An item's primary key as a row posts it: up to 18 ASCII digits ("²" is a digit too)."""
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value or "") else None


class MarkDoneForm(BoundedForm):
    evidence_url = forms.CharField(required=False, max_length=500)
    notes = forms.CharField(required=False, max_length=5000)


class VerifyForm(BoundedForm):
    notes = forms.CharField(required=False, max_length=5000)


class ReopenForm(BoundedForm):
    reason = forms.CharField(required=False, max_length=2000)


class RequestWaiverForm(BoundedForm):
    justification = forms.CharField(required=False, max_length=5000)


class CommentForm(BoundedForm):
    body = forms.CharField(required=False, max_length=2000, label="Comment")


class DecideWaiverForm(BoundedForm):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("refuse", "Refuse")])
    reason = forms.CharField(required=False, max_length=2000)

    def service_kwargs(self):
        return {
            "approve": self.cleaned_data["decision"] == "approve",
            "reason": self.cleaned_data["reason"],
        }


ACTION_FORMS = {
    "mark_done": MarkDoneForm,
    "verify": VerifyForm,
    "reopen": ReopenForm,
    "request_waiver": RequestWaiverForm,
    "decide_waiver": DecideWaiverForm,
}

LABELS = {
    "mark_done": "Mark done",
    "verify": "Verify",
    "reopen": "Reopen",
    "request_waiver": "Request a waiver",
    "decide_waiver": "Decide the waiver",
}


def done_sentence(action: str, item) -> str:
    """What happened, in a sentence, for the flash after `action` on `item` succeeded."""
    if action == "decide_waiver":
        if item.status == item.Status.WAIVED:
            return f"Waiver approved: {item.key} is waived."
        return f"Waiver refused: {item.key} is back to {item.get_status_display().lower()}."
    return {
        "mark_done": f"{item.key} marked done; an Addon SRE verifies it next.",
        "verify": f"{item.key} verified.",
        "reopen": f"{item.key} reopened: it is to do again.",
        "request_waiver": f"Waiver of {item.key} requested; the Addon SRE lead decides it.",
    }[action]
