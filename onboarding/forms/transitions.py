"""The inputs each workflow step needs, one small form per step.

Every form carries the state the person saw (`seen_state`), so a step taken on a stale page
is refused instead of applied to an addon that moved on.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import pluralize
from django.utils import timezone

from ..models import Addon, State, Team
from ..rules.roles import Role, holders
from .bounded import BoundedForm

LOAD_STATES = [State.ASSIGNED, State.ONBOARDING, State.PRODUCTION_APPROVED, State.TRANSITION]


class TransitionForm(BoundedForm):
    seen_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, addon=None, **kwargs):
        self.addon = addon
        super().__init__(*args, **kwargs)
        if addon is not None:
            self.fields["seen_state"].initial = addon.state

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "seen_state"}


class RequestChangesForm(TransitionForm):
    comment = forms.CharField(
        label="What should the owners change?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class AcceptForm(TransitionForm):
    priority = forms.ChoiceField(choices=[("", "Choose…"), *Addon.Priority.choices])


class RejectForm(TransitionForm):
    rationale = forms.CharField(
        label="Rationale", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class PersonWithLoadField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.load} addon{pluralize(obj.load)} in progress"


class AssignForm(TransitionForm):
    sre_team = forms.ModelChoiceField(
        queryset=Team.objects.filter(is_sre=True), label="Addon SRE team"
    )
    sre_lead = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="SRE lead")
    engineers = PersonWithLoadField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Engineers",
        help_text="Choose one or more (Ctrl or ⌘ for several). Each name shows the addons the "
        "person already leads or engineers from assignment to the end of the transition.",
    )
    sprint_slot = forms.CharField(max_length=40, label="Sprint slot", help_text="e.g. 2026-S24")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = ("first_name", "last_name", "username")
        self.fields["sre_lead"].queryset = holders(Role.LEAD).order_by(*order)
        self.fields["engineers"].queryset = (
            holders(Role.SRE, Role.LEAD).order_by(*order).annotate(load=_load())
        )
        # The only possible answer is given, not asked.
        for name in ("sre_team", "sre_lead"):
            only = list(self.fields[name].queryset[:2])
            if len(only) == 1 and not self.is_bound:
                self.initial.setdefault(name, only[0].pk)


def _load():
    """Addons a person leads or engineers, assigned and not yet handed over (one subquery)."""
    addons = Addon.objects.filter(
        Q(engineers=OuterRef("pk")) | Q(sre_lead=OuterRef("pk")), state__in=LOAD_STATES
    ).order_by()
    count = addons.annotate(one=Value(1)).values("one").annotate(n=Count("pk", distinct=True))
    return Coalesce(Subquery(count.values("n")), 0)


class ScopeForm(TransitionForm):
    work_items = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, label="Work items"
    )
    estimate_weeks = forms.IntegerField(min_value=1, max_value=104, label="Estimate (weeks)")
    target_production_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label="Target production date"
    )

    def clean_target_production_date(self):
        value = self.cleaned_data["target_production_date"]
        if value < timezone.localdate():
            raise forms.ValidationError("The target production date cannot be in the past.")
        return value


class MarkInProductionForm(TransitionForm):
    deployed_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label="Production deploy date"
    )

    def clean_deployed_on(self):
        value = self.cleaned_data["deployed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The production deploy date cannot be in the future.")
        return value


class WithdrawForm(TransitionForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="Reason"
    )


FORMS = {
    "request_changes": RequestChangesForm,
    "accept": AcceptForm,
    "reject": RejectForm,
    "assign": AssignForm,
    "scope": ScopeForm,
    "mark_in_production": MarkInProductionForm,
    "withdraw": WithdrawForm,
}

LABELS = {
    "submit": "Submit for review",
    "resubmit": "Resubmit for review",
    "request_changes": "Request changes",
    "accept": "Accept",
    "reject": "Reject",
    "assign": "Assign to Addon SRE",
    "scope": "Record scope and start onboarding",
    "approve_production": "Approve production",
    "mark_in_production": "Mark in production",
    "complete_transition": "Complete transition",
    "withdraw": "Withdraw",
    "reopen": "Reopen as draft",
}

# What happened, in a sentence, for the flash after a step succeeded.
DONE = {
    "submit": "Submitted for review; the architects and the Addon SRE leads were notified.",
    "resubmit": "Resubmitted for review; the architects and the Addon SRE leads were notified.",
    "request_changes": "Changes requested; the owner team was notified.",
    "accept": "Accepted; the Addon SRE managers and the owner team were notified.",
    "reject": "Rejected; the owner team was notified.",
    "assign": "Assigned to Addon SRE; the lead, the engineers and the owner team were notified.",
    "scope": "Scope recorded and onboarding started; the checklist is ready.",
    "approve_production": "Production approved; the owner team was notified and may deploy.",
    "mark_in_production": "Marked in production: the transition period has started.",
    "complete_transition": "Transition completed: the pager handover waits on the pager test and the shadow.",
    "withdraw": "Withdrawn; the owner team and the assigned engineers were notified.",
    "reopen": "Reopened as a draft: the intake can be edited again.",
}

DANGER = {"reject", "withdraw"}


def transition_form(name: str, addon, data=None) -> TransitionForm:
    return FORMS.get(name, TransitionForm)(data, addon=addon, prefix=name)
