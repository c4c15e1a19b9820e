"""The portal's forms and the managed-tenants schema agree, field by field (Hypothesis).

1. Whatever the intake and metadata forms accept yields an addon.yaml the vendored schema and
   the addon-metadata-operator checks accept.
2. Whatever the schema refuses for a property, the form refuses on the field it comes from.
Forms strip surrounding whitespace, so the schema judges the value as it would be exported.
"""

from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from onboarding.forms.intake import IntakeForm
from onboarding.forms.metadata import MetadataForm
from onboarding.integrations.managed_tenants.document import addon_document, document_problems
from onboarding.integrations.managed_tenants.png import solid_png
from onboarding.integrations.managed_tenants.schema import property_schema
from onboarding.models import Addon, AddonMetadata

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

INTAKE = {
    "addon_id": "fuzz-addon",
    "name": "Fuzz Addon",
    "description": "An addon for property tests.",
    "owner_contact": "Fuzz Team <fuzz@redhat.com>",
    "quota_name": "addon-fuzz-addon",
    "target_namespace": "redhat-fuzz-addon",
    "operator_name": "fuzz-addon-operator",
    "install_mode": "OwnNamespace",
    "default_channel": "stable",
}
METADATA = {
    "link": "https://docs.redhat.com/fuzz",
    "quay_repo": "quay.io/osd-addons/fuzz-addon",
    "test_harness": "quay.io/osd-addons/fuzz-harness:v1",
    "imageset_version": "latest",
    "index_image": "",
    "namespace_labels": "monitoring-key=middleware",
    "namespace_annotations": "",
    "addon_notifications": "Fuzz Team <fuzz@redhat.com>",
    "pagerduty_secret_name": "pagerduty-api-key",
    "pagerduty_secret_namespace": "redhat-fuzz-addon",
    "pagerduty_acknowledge_timeout": "21600",
    "pagerduty_resolve_timeout": "0",
    "pagerduty_escalation_policy_id": "POWNER1",
    "dms_tags": "fuzz-addon",
}
# form field -> (which form, the addon.yaml property whose rule it carries)
ONE_TO_ONE = {
    "addon_id": ("intake", "id"),
    "owner_contact": ("intake", "addonOwner"),
    "quota_name": ("intake", "ocmQuotaName"),
    "target_namespace": ("intake", "targetNamespace"),
    "operator_name": ("intake", "operatorName"),
    "link": ("metadata", "link"),
    "quay_repo": ("metadata", "quayRepo"),
    "test_harness": ("metadata", "testHarness"),
    "index_image": ("metadata", "indexImage"),
    "pagerduty_secret_name": ("metadata", "pagerduty.secretName"),
    "pagerduty_secret_namespace": ("metadata", "pagerduty.secretNamespace"),
    "pagerduty_escalation_policy_id": ("metadata", "pagerduty.escalationPolicy"),
    "dms_tags": ("metadata", "deadmanssnitch.tags.items"),
    "addon_notifications": ("metadata", "addonNotifications.items"),
}


def _candidates(pointer: str):
    """Values near the rule (matching its pattern, or a little off) and arbitrary text."""
    pattern = property_schema(pointer).get("pattern")
    near = st.from_regex(pattern, fullmatch=True) if pattern else st.text()
    noise = st.text(alphabet=st.characters(codec="ascii"), max_size=40)
    off = st.tuples(near, noise).map("".join)
    return st.one_of(near, off, noise, st.text(max_size=20))


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _forms(owner, owner_team, changes: dict):
    intake_data = {**INTAKE, "team": str(owner_team.pk)}
    metadata_data = dict(METADATA)
    for name, value in changes.items():
        target = intake_data if ONE_TO_ONE[name][0] == "intake" else metadata_data
        target[name] = value
    intake = IntakeForm(intake_data, user=owner)
    intake_ok = intake.is_valid()
    addon = intake.instance if intake_ok else Addon(**INTAKE, team=owner_team)
    icon = SimpleUploadedFile("icon.png", solid_png(8, (200, 0, 0)), content_type="image/png")
    metadata = MetadataForm(
        metadata_data, {"icon_upload": icon}, instance=AddonMetadata(addon=addon), addon=addon
    )
    return intake, metadata


def _document(intake, metadata) -> dict:
    addon = intake.save(commit=False)
    values = metadata.values()
    addon.dms_tags = values["dms_tags"]
    mt = metadata.save(commit=False)
    mt.icon = values["icon"]
    return addon_document(
        addon=addon,
        metadata=mt,
        environment="production",
        escalation_policy=values["pagerduty_escalation_policy_id"],
    )


def _schema_accepts(pointer: str, value: str) -> bool:
    value = value.strip()
    if pointer == "deadmanssnitch.tags.items":
        items = [tag.strip() for tag in value.split(",") if tag.strip()]
    elif pointer == "addonNotifications.items":
        items = [line.strip() for line in value.splitlines() if line.strip()]
    else:
        items = [value] if value else []
    validator = Draft7Validator(property_schema(pointer))
    return all(validator.is_valid(item) for item in items)


fields = st.sampled_from(sorted(ONE_TO_ONE))


@pytest.mark.django_db
@SETTINGS
@given(data=st.data())
def test_what_the_forms_accept_managed_tenants_accepts(owner, owner_team, data):
    chosen = data.draw(st.sets(fields, min_size=1, max_size=4))
    changes = {name: data.draw(_candidates(ONE_TO_ONE[name][1]), label=name) for name in chosen}
    with rolled_back():
        intake, metadata = _forms(owner, owner_team, changes)
        accepted = intake.is_valid() and metadata.is_valid()
        event("accepted" if accepted else "refused")
        if accepted:
            doc = _document(intake, metadata)
            # A blank optional field is left out; a blank required one the document names.
            problems = document_problems(doc)
            blank_required = {n for n in chosen if not changes[n].strip()}
            assert set(problems) <= blank_required, problems


@pytest.mark.django_db
@SETTINGS
@given(data=st.data())
def test_what_managed_tenants_refuses_the_form_refuses_on_the_field(owner, owner_team, data):
    name = data.draw(fields)
    pointer = ONE_TO_ONE[name][1]
    value = data.draw(
        _candidates(pointer).filter(lambda v: not _schema_accepts(pointer, v)), label=name
    )
    with rolled_back():
        intake, metadata = _forms(owner, owner_team, {name: value})
        form = intake if ONE_TO_ONE[name][0] == "intake" else metadata
        assert not form.is_valid()
        assert name in form.errors, (name, value, form.errors)
