"""Inputs of the transition pages: SLO definitions, reviews, tokens, uploads, SOPs, extension."""

from django import forms

from ..bounds import one_line
from ..models import SLO, SOP
from .bounded import BoundedForm, BoundedModelForm


class SLOForm(BoundedModelForm):
    invert_error_ratio = forms.BooleanField(
        label="The rule is an error ratio: store 1 - it",
        required=False,
        help_text="For a bare error-ratio rule such as Sloth's slo:sli_error:ratio_rate1h or "
        "Pyrra's <metric>:burnrate1h; the saved query then reads 1 - <rule>.",
    )

    class Meta:
        model = SLO
        fields = SLO.DEFINITION_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.RadioSelect,
            "good_query": forms.Textarea(attrs={"rows": 2}),
            "total_query": forms.Textarea(attrs={"rows": 2}),
            "ratio_query": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "kind": "Events: good and total counts per hour (request-based SLIs). Ratio: the "
            "good fraction of each hour (probes, ratio recording rules).",
            "good_query": 'A counter, e.g. http_requests_total{code!~"5.."} — the portal sends '
            "sum(increase(<selector>[1h])) — or a full expression giving the hour's count.",
            "total_query": "A counter of all events, e.g. http_requests_total, or a full "
            "expression giving the hour's count.",
            "ratio_query": 'A gauge, e.g. probe_success{job="blackbox"} — the portal sends '
            "avg_over_time(<selector>[1h]) — or a recording rule or expression giving the good "
            'fraction of the hour, e.g. 1 - slo:sli_error:ratio_rate1h{sloth_id="…"}. '
            "Rules are read as last_over_time(<rule>[1m]): never a stale sample.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Pushed SLOs never use the kind; a form without it means events.
        self.fields["kind"].required = False
        self.fields["prometheus_source"].empty_label = "Default (PROMETHEUS_URL)"

    def clean_kind(self):
        return self.cleaned_data.get("kind") or SLO.Kind.EVENTS

    def validate_unique(self):
        # The service checks the name per addon; the form has no addon field to check with.
        pass


class ReviewForm(BoundedForm):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("changes", "Request changes")], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TokenForm(BoundedForm):
    label = forms.CharField(
        max_length=100,
        validators=[one_line],
        help_text="Where the token is used, e.g. CI exporter.",
    )


class UploadForm(BoundedForm):
    # 2,000 rows of "2026-11-01T00:00:00Z,123456789,123456789" fit well within this.
    MAX_BYTES = 256 * 1024

    file = forms.FileField(label="CSV file (start,good,total)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size // 1024} KB; at most {self.MAX_BYTES // 1024} KB "
                "(2,000 hours) per upload."
            )
        return upload


class SOPForm(BoundedModelForm):
    class Meta:
        model = SOP
        fields = ["title", "url", "alerts"]
        widgets = {"alerts": forms.Textarea(attrs={"rows": 2})}


class ExtendForm(BoundedForm):
    reason = forms.CharField(
        label="Reason for extending", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
