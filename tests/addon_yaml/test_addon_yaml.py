"""The managed-tenants addon.yaml, per environment, downloaded from the addon page."""

import pytest
import yaml
from django.urls import reverse

from onboarding.models import Addon, Handover
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
def test_owner_downloads_stage_addon_yaml_with_every_field(client, owner, metadata):
    client.force_login(owner)
    response = _download(client, metadata, "stage")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert f'filename="{metadata.addon_id}-stage-addon.yaml"' in response["Content-Disposition"]
    data = yaml.safe_load(response.content)
    assert data == {
        "id": metadata.addon_id,
        "name": metadata.name,
        "description": "Runs managed notebooks for data scientists.",
        "label": f"api.openshift.com/addon-{metadata.addon_id}",
        "enabled": True,
        "addonOwner": "Data Science <ds@example.com>",
        "operatorName": f"{metadata.addon_id}-operator",
        "defaultChannel": "beta",
        "channels": [{"name": "beta"}],
        "targetNamespace": f"redhat-{metadata.addon_id}",
        "namespaces": [f"redhat-{metadata.addon_id}"],
        "installMode": "OwnNamespace",
        "ocmQuotaName": f"addon-{metadata.addon_id}",
        "ocmQuotaCost": 0,
        "pagerduty": {
            "escalationPolicy": "POWNER1",
            "acknowledgeTimeout": 21600,
            "resolveTimeout": 0,
        },
        "deadmanssnitch": {"tags": ["data-science", "notebooks"]},
    }


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
    assert "addon.yaml cannot be produced" in page
    assert "Operator name is missing." in page


@pytest.mark.django_db
def test_metadata_is_checked_with_the_intake_validators(metadata):
    Addon.objects.filter(pk=metadata.pk).update(
        target_namespace="Not_A_Namespace", dms_tags="Bad Tag"
    )
    metadata.refresh_from_db()
    with pytest.raises(ActionRefused) as refused:
        addon_yaml_render(addon=metadata, environment="stage")
    assert set(refused.value.field_errors) == {"target_namespace", "dms_tags"}


@pytest.mark.django_db
def test_unknown_environment_is_refused(client, owner, metadata):
    client.force_login(owner)
    response = _download(client, metadata, "integration-eu")
    assert response.status_code == 302
    assert "must be stage or production" in client.get(response["Location"]).content.decode()


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
