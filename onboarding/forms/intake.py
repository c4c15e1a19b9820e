"""The intake: one form over the Addon's intake fields, in the sections people fill it in."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db import models

from ..models import Addon, Team
from .bounded import BoundedModelForm

# (section title, fields) in reading order; the review page shows the same sections read-only.
SECTIONS = [
    (
        "Addon metadata",
        [
            "addon_id",
            "name",
            "team",
            "description",
            "owner_contact",
            "quota_name",
            "target_namespace",
            "operator_name",
            "install_mode",
            "default_channel",
        ],
    ),
    (
        "Links",
        [
            "sde_epic_url",
            "roms_sheet_url",
            "questionnaire_url",
            "service_definition_url",
            "sag_review_done",
        ],
    ),
    (
        "Onboarding questionnaire",
        [
            "architecture_summary",
            "architecture_diagram_url",
            "dependencies",
            "cluster_requirements",
            "data_flows",
            "continuity_plan",
            "slis_and_slos",
            "load_testing",
            "capacity_forecast",
            "runs_without_cluster_admin",
            "support_contacts",
        ],
    ),
    (
        "Self-service prototyping on OCM stage",
        ["prototyping_on_stage", "prototyping_since", "prototyping_notes"],
    ),
]
INTAKE_FIELDS = [name for _, names in SECTIONS for name in names]

_TEXTAREAS = {
    name: forms.Textarea(attrs={"rows": 3})
    for name in INTAKE_FIELDS
    if isinstance(Addon._meta.get_field(name), models.TextField)
}


class IntakeForm(BoundedModelForm):
    """Saved as a draft at any time: only id, name and team are needed to save."""

    runs_without_cluster_admin = forms.NullBooleanField(
        label="Runs without cluster-admin",
        required=False,
        widget=forms.NullBooleanSelect(),
    )

    class Meta:
        model = Addon
        fields = INTAKE_FIELDS
        widgets = {
            **_TEXTAREAS,
            "prototyping_since": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "addon_id": "As in managed-tenants, e.g. my-addon. Cannot be changed later.",
            "quota_name": "addon-<id>",
            "target_namespace": "e.g. redhat-my-addon",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Owners file intakes for their own teams only; one team is the answer, not a question.
        teams = Team.objects.filter(is_sre=False, members=user)
        self.fields["team"].queryset = teams
        self.fields["team"].label = "Owner team"
        if not self.instance.pk and not self.is_bound:
            only = list(teams[:2])
            if len(only) == 1:
                self.initial["team"] = only[0].pk
        self.fields["runs_without_cluster_admin"].widget.choices = [
            ("unknown", "Not answered yet"),
            ("true", "Yes"),
            ("false", "No"),
        ]
        if self.instance.pk:
            self.fields["addon_id"].disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *(Fieldset(title, *names, css_class="mb-4") for title, names in SECTIONS)
        )

    def clean_quota_name(self):
        quota = self.cleaned_data["quota_name"].strip()
        addon_id = self.cleaned_data.get("addon_id") or self.instance.addon_id
        if quota and addon_id and quota != f"addon-{addon_id}":
            raise forms.ValidationError(f"The OCM quota name is addon-<id>: addon-{addon_id}.")
        return quota

    def changes(self) -> dict:
        """The cleaned values of the intake fields, for the intake services."""
        return {
            name: self.cleaned_data[name] for name in INTAKE_FIELDS if name in self.cleaned_data
        }
