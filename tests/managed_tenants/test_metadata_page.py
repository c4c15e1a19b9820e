"""Owners fill the managed-tenants metadata; the page refuses on the field what managed-tenants refuses."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onboarding.integrations.managed_tenants.png import solid_png
from onboarding.integrations.managed_tenants.schema import document_errors
from onboarding.models import AddonMetadata, TimelineEvent

VALID = {
    "link": "https://docs.redhat.com/notebooks",
    "quay_repo": "quay.io/osd-addons/notebooks",
    "test_harness": "quay.io/osd-addons/notebooks-harness:v2",
    "imageset_version": "",
    "index_image": "quay.io/osd-addons/notebooks-index:v2",
    "namespace_labels": "monitoring-key=middleware\nteam=data-science",
    "namespace_annotations": "openshift.io/node-selector=infra",
    "addon_notifications": "Data Science <ds@redhat.com>\nOn Call <ds-oncall@redhat.com>",
    "pagerduty_secret_name": "pagerduty-api-key",
    "pagerduty_secret_namespace": "redhat-notebooks",
    "pagerduty_acknowledge_timeout": "3600",
    "pagerduty_resolve_timeout": "0",
    "pagerduty_escalation_policy_id": "PDSOWNR",
    "dms_tags": "notebooks-production",
}


def _url(addon):
    return reverse("addon_metadata", args=[addon.addon_id])


@pytest.fixture
def blank(addon):
    AddonMetadata.objects.filter(addon=addon).delete()
    addon.refresh_from_db()
    return addon


@pytest.mark.django_db
def test_owner_fills_the_metadata_and_downloads_a_valid_production_file(client, owner, blank):
    client.force_login(owner)
    page = client.get(_url(blank)).content.decode()
    assert "production</strong>: not valid yet" in page
    icon = SimpleUploadedFile("icon.png", solid_png(16, (0, 90, 200)), content_type="image/png")
    response = client.post(_url(blank), {**VALID, "icon_upload": icon})
    assert response.status_code == 302
    page = client.get(_url(blank)).content.decode()
    assert "production</strong>: valid" in page
    response = client.get(reverse("addon_yaml", args=[blank.addon_id]), {"env": "production"})
    data = yaml.safe_load(response.content)
    assert document_errors(data) == []
    assert data["indexImage"] == "quay.io/osd-addons/notebooks-index:v2"
    assert data["namespaceLabels"] == {"monitoring-key": "middleware", "team": "data-science"}
    assert data["addonNotifications"] == [
        "Data Science <ds@redhat.com>",
        "On Call <ds-oncall@redhat.com>",
    ]
    assert data["pagerduty"]["escalationPolicy"] == "PDSOWNR"
    assert data["pagerduty"]["acknowledgeTimeout"] == 3600
    event = TimelineEvent.objects.filter(addon=blank).latest("created_at")
    assert "edited the stage managed-tenants metadata" in event.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quay_repo", "quay.io/someone/notebooks", "quay.io/osd-addons/"),
        ("test_harness", "docker.io/x/y", "quay.io/"),
        ("pagerduty_secret_name", "Pager_Duty", "Letters, digits and hyphens"),
        ("pagerduty_secret_namespace", "RedHat", "Kubernetes namespace"),
        ("pagerduty_escalation_policy_id", "P-1", "letters and digits only"),
        ("dms_tags", "a", "Dead Man's Snitch tag"),
        ("dms_tags", "snake_case", "Dead Man's Snitch tag"),
        ("namespace_labels", "bad key=value", "key=value"),
        ("namespace_labels", "-bad=value", "Kubernetes label name"),
        ("addon_notifications", "someone@example.com", "Name <user@redhat.com>"),
        ("imageset_version", "newest", "use latest (MTSRE-453)"),
        ("imageset_version", "0.0.5", "use latest (MTSRE-453)"),  # the loader's rule
        ("further_namespaces", "Redhat_Extra", "Not a Kubernetes namespace name"),
        ("snitch_name_postfix", "-x-", "Letters, digits and hyphens"),
        ("further_properties", "channels: [alpha]", "Not kept here: channels"),
        ("further_properties", "addOnParameters: yes", "is not of type 'array'"),
        ("further_properties", "config: [", "Not YAML"),
    ],
)
def test_a_value_managed_tenants_refuses_is_refused_on_its_field(
    client, owner, blank, field, value, message
):
    client.force_login(owner)
    response = client.post(_url(blank), {**VALID, field: value})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert not AddonMetadata.objects.filter(addon=blank).exists()


@pytest.mark.django_db
def test_an_icon_that_is_not_a_png_is_refused(client, owner, blank):
    client.force_login(owner)
    fake = SimpleUploadedFile("icon.png", b"GIF89a not a png", content_type="image/png")
    response = client.post(_url(blank), {**VALID, "icon_upload": fake})
    assert response.status_code == 400
    assert "must be a PNG image" in " ".join(response.context["form"].errors["icon_upload"])


@pytest.mark.django_db
def test_architect_sees_the_page_but_cannot_save(client, architect1, blank):
    client.force_login(architect1)
    assert client.get(_url(blank)).status_code == 200
    assert client.post(_url(blank), VALID).status_code == 403
    assert not AddonMetadata.objects.filter(addon=blank).exists()
