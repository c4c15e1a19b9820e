"""The managed-tenants addon.yaml, per environment, downloaded from the addon page."""

import pytest
import yaml
from django.urls import reverse

from onboarding.errors import ActionRefused
from onboarding.integrations.managed_tenants.addon_yaml import addon_yaml_render
from onboarding.integrations.managed_tenants.checks import check_failures
from onboarding.integrations.managed_tenants.schema import document_errors
from onboarding.models import Addon, AddonMetadata, Handover


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
    mt = metadata.mt_metadata_rows.get(environment="stage")
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


def _secret(vault_path):
    return {
        "name": "managed-secret",
        "type": "Opaque",
        "vaultPath": vault_path,
        "version": 1,
        "fields": ["token"],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("metadata_values", "field", "said"),
    [
        ({"imageset_version": "0.0.5", "index_image": ""}, "imageset_version", "MTSRE-453"),
        (
            {
                "further_properties": {
                    "config": {
                        "secrets": [
                            _secret("mtsre/addons/one"),
                            _secret("mtsre/addons/two"),
                        ]
                    }
                }
            },
            "further_properties",
            "Secrets should have a unique name",
        ),
        ({"pull_secret_name": "absent"}, "pull_secret_name", "one of the secrets' names"),
    ],
)
def test_the_managed_tenants_loaders_own_rules_refuse_the_file(
    metadata, metadata_values, field, said
):
    """The schema lets these through; managed-tenants-cli's loader refuses them."""
    AddonMetadata.objects.filter(addon=metadata).update(**metadata_values)
    metadata.refresh_from_db()
    with pytest.raises(ActionRefused) as refused:
        addon_yaml_render(addon=metadata, environment="stage")
    assert said in refused.value.field_errors[field]
    assert "managed-tenants loader" in refused.value.field_errors[field]


@pytest.mark.django_db
def test_the_file_carries_quota_cost_namespaces_snitch_postfix_and_further_properties(metadata):
    AddonMetadata.objects.filter(addon=metadata).update(
        ocm_quota_cost=3,
        further_namespaces=["redhat-extra"],
        has_external_resources=False,
        snitch_name_postfix="notebooks-stage",
        further_properties={
            "addOnParameters": [
                {
                    "id": "size",
                    "name": "Size",
                    "description": "Cluster size",
                    "value_type": "string",
                    "required": True,
                    "editable": False,
                    "enabled": True,
                }
            ]
        },
    )
    metadata.refresh_from_db()
    doc = yaml.safe_load(addon_yaml_render(addon=metadata, environment="stage"))
    assert doc["ocmQuotaCost"] == 3 and doc["hasExternalResources"] is False
    assert doc["namespaces"] == [metadata.target_namespace, "redhat-extra"]
    assert doc["deadmanssnitch"]["snitchNamePostFix"] == "notebooks-stage"
    assert doc["addOnParameters"][0]["id"] == "size"
    assert document_errors(doc) == [] and check_failures(doc) == []
