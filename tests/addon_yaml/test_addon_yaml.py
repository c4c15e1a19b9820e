"""The managed-tenants addon.yaml, per environment, downloaded from the addon page."""

import pytest
import yaml
from django.urls import reverse

from onboarding.managed_tenants.checks import check_failures
from onboarding.managed_tenants.schema import document_errors
from onboarding.models import Addon, AddonMetadata, Handover
from onboarding.services.addon_yaml import addon_yaml_render
from onboarding.services.errors import ActionRefused


def _download(client, addon, env):
    return client.get(reverse("addon_yaml", args=[addon.addon_id]), {"env": env})


@pytest.fixture
def metadata(addon):
    addon.dms_tags = "data-science, notebooks"
    addon.install_mode = Addon.InstallMode.OWN_NAMESPACE
    addon.default_channel = "beta"
    addon.stage_enabled = True
    addon.production_enabled = False
    addon.save()
    return addon


@pytest.mark.django_db
def test_owner_downloads_stage_addon_yaml_that_the_schema_accepts(client, owner, metadata):
    client.force_login(owner)
    response = _download(client, metadata, "stage")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert f'filename="{metadata.addon_id}-stage-addon.yaml"' in response["Content-Disposition"]
    data = yaml.safe_load(response.content)
    assert document_errors(data) == []
    assert check_failures(data) == []
    mt = metadata.mt_metadata
    assert data == {
        "id": metadata.addon_id,
        "name": metadata.name,
        "description": "Runs managed notebooks for data scientists.",
        "icon": mt.icon,
        "label": f"api.openshift.com/addon-{metadata.addon_id}",
        "enabled": True,
        "addonOwner": "Data Science <ds@redhat.com>",
        "quayRepo": mt.quay_repo,
        "testHarness": mt.test_harness,
        "installMode": "OwnNamespace",
        "targetNamespace": f"redhat-{metadata.addon_id}",
        "namespaces": [f"redhat-{metadata.addon_id}"],
        "namespaceLabels": {"monitoring-key": "middleware"},
        "namespaceAnnotations": {},
        "ocmQuotaName": f"addon-{metadata.addon_id}",
        "ocmQuotaCost": 0,
        "operatorName": f"{metadata.addon_id}-operator",
        "defaultChannel": "beta",
        "link": mt.link,
        "addonImageSetVersion": "latest",
        "pagerduty": {
            "escalationPolicy": "POWNER1",
            "acknowledgeTimeout": 21600,
            "resolveTimeout": 0,
            "secretName": "pagerduty-api-key",
            "secretNamespace": f"redhat-{metadata.addon_id}",
        },
        "deadmanssnitch": {"tags": ["data-science", "notebooks"]},
    }
    assert "channels" not in data


@pytest.mark.django_db
def test_integration_environment_is_served_too(client, owner, metadata):
    client.force_login(owner)
    data = yaml.safe_load(_download(client, metadata, "integration").content)
    assert data["enabled"] is False
    assert document_errors(data) == []


@pytest.mark.django_db
def test_production_file_follows_the_production_flag(client, owner, metadata):
    client.force_login(owner)
    data = yaml.safe_load(_download(client, metadata, "production").content)
    assert data["enabled"] is False
    metadata.production_enabled = True
    metadata.save()
    data = yaml.safe_load(_download(client, metadata, "production").content)
    assert data["enabled"] is True


@pytest.mark.django_db
def test_after_the_handover_the_addon_sre_policy_pages(client, owner, metadata, settings):
    settings.ADDON_SRE_ESCALATION_POLICY_ID = "PSRE247"
    Handover.objects.create(
        addon=metadata, status=Handover.Status.PENDING, escalation_policy_id="PSRE247"
    )
    client.force_login(owner)
    data = yaml.safe_load(_download(client, metadata, "production").content)
    assert data["pagerduty"]["escalationPolicy"] == "POWNER1"
    Handover.objects.filter(addon=metadata).update(status=Handover.Status.DONE)
    data = yaml.safe_load(_download(client, metadata, "production").content)
    assert data["pagerduty"]["escalationPolicy"] == "PSRE247"


@pytest.mark.django_db
def test_incomplete_metadata_refuses_the_download_with_a_message(client, owner, metadata):
    Addon.objects.filter(pk=metadata.pk).update(operator_name="", owner_contact="not a contact")
    client.force_login(owner)
    response = _download(client, metadata, "stage")
    assert response.status_code == 302
    assert response["Location"] == metadata.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "would not pass the managed-tenants schema" in page
    assert "operatorName: &#x27;&#x27; does not match" in page
    assert "addonOwner: &#x27;not a contact&#x27; does not match" in page


@pytest.mark.django_db
def test_schema_and_operator_checks_name_the_fields_to_correct(metadata):
    Addon.objects.filter(pk=metadata.pk).update(
        target_namespace="Not_A_Namespace", dms_tags="Bad Tag"
    )
    AddonMetadata.objects.filter(addon=metadata).update(icon="aGVsbG8=", quay_repo="")
    metadata.refresh_from_db()
    with pytest.raises(ActionRefused) as refused:
        addon_yaml_render(addon=metadata, environment="stage")
    errors = refused.value.field_errors
    assert set(errors) == {"target_namespace", "dms_tags", "icon", "quay_repo"}
    assert "AM0004" in errors["icon"]
    assert "AM0008" in errors["target_namespace"] or "does not match" in errors["target_namespace"]


@pytest.mark.django_db
def test_without_metadata_the_file_names_every_required_property(addon):
    AddonMetadata.objects.filter(addon=addon).delete()
    addon.refresh_from_db()
    with pytest.raises(ActionRefused) as refused:
        addon_yaml_render(addon=addon, environment="production")
    errors = refused.value.field_errors
    for field in ("icon", "quay_repo", "test_harness", "pagerduty_secret_name", "imageset_version"):
        assert field in errors, field


@pytest.mark.django_db
def test_unknown_environment_is_refused(client, owner, metadata):
    client.force_login(owner)
    response = _download(client, metadata, "integration-eu")
    assert response.status_code == 302
    assert (
        "must be integration, stage or production"
        in client.get(response["Location"]).content.decode()
    )


@pytest.mark.django_db
def test_other_teams_owner_gets_404(client, owner2, metadata):
    client.force_login(owner2)
    assert _download(client, metadata, "stage").status_code == 404


@pytest.mark.django_db
def test_addon_page_links_both_files(client, owner, metadata):
    client.force_login(owner)
    page = client.get(metadata.get_absolute_url()).content.decode()
    url = reverse("addon_yaml", args=[metadata.addon_id])
    assert f"{url}?env=stage" in page
    assert f"{url}?env=production" in page
