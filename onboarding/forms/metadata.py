"""The "managed-tenants metadata" form: what addon.yaml needs beyond the intake.

Every field's rule is the model field's, and those are the managed-tenants schema's
(onboarding/validators.py), so a value this form accepts is one managed-tenants accepts.
"""

import base64

import yaml
from django import forms

from ..integrations.managed_tenants.png import is_png
from ..integrations.managed_tenants.yaml_input import load_plain_yaml
from ..models import Addon, AddonMetadata
from .bounded import BoundedForm

ICON_MAX_BYTES = 512 * 1024
ADDON_FIELDS = ["pagerduty_escalation_policy_id", "dms_tags"]


class KeyValueField(forms.CharField):
    """A mapping written as key=value, one pair a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{k}={v}" for k, v in value.items())
        return value

    def to_python(self, value):
        pairs = {}
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, val = line.strip().partition("=")
            if not sep:
                raise forms.ValidationError(f"Line {number} is not key=value.")
            if key.strip() in pairs:
                raise forms.ValidationError(f"“{key.strip()}” is given twice.")
            pairs[key.strip()] = val.strip()
        return pairs


class LinesField(forms.CharField):
    """A list written one item a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class YamlMappingField(forms.CharField):
    """A mapping written as YAML, as it stands in addon.yaml."""

    widget = forms.Textarea(attrs={"rows": 8, "spellcheck": "false"})

    def prepare_value(self, value):
        if isinstance(value, dict):
            return yaml.safe_dump(value, sort_keys=False) if value else ""
        return value

    def to_python(self, value):
        try:
            loaded = load_plain_yaml(value or "")
        except yaml.YAMLError as error:
            raise forms.ValidationError(f"Not YAML: {error}") from error
        if loaded is None:
            return {}
        if not isinstance(loaded, dict):
            raise forms.ValidationError("Write addon.yaml properties: key: value.")
        return loaded


class MetadataForm(forms.ModelForm):
    icon_upload = forms.FileField(
        label="Icon (PNG)",
        required=False,
        help_text="A PNG of about 200 px; exported base64 encoded. Leave empty to keep the current one.",
    )
    namespace_labels = KeyValueField(required=False, help_text="key=value, one a line.")
    namespace_annotations = KeyValueField(required=False, help_text="key=value, one a line.")
    addon_notifications = LinesField(
        label="Notification contacts",
        required=False,
        help_text="Name <user@redhat.com>, one a line.",
    )
    further_namespaces = LinesField(
        label="Further namespaces",
        required=False,
        help_text="Namespaces the addon manages besides its target namespace, one a line.",
    )
    further_properties = YamlMappingField(
        label="Further addon.yaml properties",
        required=False,
        help_text="As in addon.yaml, e.g. addOnParameters:, subOperators:, config: (with "
        "secrets:), bundleParameters:, additionalCatalogSources:, credentialsRequests:.",
    )

    class Meta:
        model = AddonMetadata
        fields = [
            "link",
            "quay_repo",
            "test_harness",
            "imageset_version",
            "index_image",
            "namespace_labels",
            "namespace_annotations",
            "addon_notifications",
            "pagerduty_secret_name",
            "pagerduty_secret_namespace",
            "pagerduty_acknowledge_timeout",
            "pagerduty_resolve_timeout",
            "default_channel",
            "ocm_quota_cost",
            "further_namespaces",
            "has_external_resources",
            "snitch_name_postfix",
            "pull_secret_name",
            "further_properties",
        ]
        widgets = {"has_external_resources": forms.NullBooleanSelect}

    def __init__(self, *args, addon: Addon, environment: str = "stage", **kwargs):
        super().__init__(*args, **kwargs)
        # The owners' PagerDuty policy and snitch tags live on the addon, shared by stage and
        # production: same rules, the stage form only.
        shared = ADDON_FIELDS if environment == "stage" else []
        self.addon_fields = forms.fields_for_model(Addon, fields=shared) if shared else {}
        for name, field in self.addon_fields.items():
            field.initial = getattr(addon, name)
            self.fields[name] = field
        self.order_fields(["icon_upload", *self.Meta.fields[:3], *shared])
        # Most addons cost one quota unit or none; an empty field keeps the default.
        self.fields["ocm_quota_cost"].required = False

    def clean_ocm_quota_cost(self):
        value = self.cleaned_data.get("ocm_quota_cost")
        return self.instance.ocm_quota_cost if value is None else value

    def clean_icon_upload(self):
        upload = self.cleaned_data.get("icon_upload")
        if not upload:
            return None
        if upload.size > ICON_MAX_BYTES:
            raise forms.ValidationError("The icon is larger than 512 KB; about 200 px is enough.")
        data = upload.read()
        if not is_png(data):
            raise forms.ValidationError("The icon must be a PNG image (am0004).")
        return base64.b64encode(data).decode("ascii")

    def clean(self):
        cleaned = super().clean()
        for name in self.addon_fields:
            field = Addon._meta.get_field(name)
            value = cleaned.get(name)
            if value:
                try:
                    field.run_validators(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def values(self) -> dict:
        """Field values for addon_metadata_update; the icon only when a new one was uploaded."""
        names = [*self.Meta.fields, *self.addon_fields]
        values = {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}
        if self.cleaned_data.get("icon_upload"):
            values["icon"] = self.cleaned_data["icon_upload"]
        return values


class MetadataImportForm(BoundedForm):
    """An existing addon.yaml, pasted or uploaded, to prefill the metadata from."""

    MAX_BYTES = 512 * 1024

    environment = forms.ChoiceField(
        label="The file fills",
        choices=[("stage", "stage"), ("production", "production")],
        widget=forms.RadioSelect,
        help_text="Stage's values (integration uses them too) or production's.",
    )
    text = forms.CharField(
        label="addon.yaml",
        required=False,
        max_length=MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="Paste the file from addons/<id>/metadata/<environment>/addon.yaml.",
    )
    file = forms.FileField(label="or upload it", required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError("The file is larger than 512 KB.")
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The file is not UTF-8 text.") from error
        if not (cleaned.get("text") or "").strip():
            raise forms.ValidationError("Paste an addon.yaml or choose the file.")
        return cleaned
