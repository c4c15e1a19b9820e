"""Stage and production each have their own addon.yaml values: edited on their own page,
imported into the environment the owner names, validated on their own, and compared side by
side. approve_production reads production's."""

import copy
from pathlib import Path

import pytest
import yaml
from django.urls import reverse
from django.utils import timezone

from onboarding.errors import ActionRefused
from onboarding.integrations.managed_tenants.addon_yaml import (
    addon_metadata_of,
    escalation_policy_for,
)
from onboarding.integrations.managed_tenants.document import addon_document
from onboarding.models import Addon, AddonMetadata, State, TimelineEvent
from onboarding.services import transitions as t
from onboarding.services.metadata_import import INTAKE_KEYS
from tests.factories import AddonFactory
from tests.journey import add_slo_with_data, pass_gate

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
STAGE_FILE = FIXTURES / "mtcli-test-operator-stage.addon.yaml"


def _document(addon, environment):
    addon = Addon.objects.get(pk=addon.pk)
    return addon_document(
        addon=addon,
        metadata=addon_metadata_of(addon, environment),
        environment=environment,
        escalation_policy=escalation_policy_for(addon),
    )


def _form_values(addon, environment, **changes):
    """What the environment's page shows, posted back with `changes`."""
    from onboarding.forms.metadata import MetadataForm

    form = MetadataForm(
        instance=addon_metadata_of(addon, environment), addon=addon, environment=environment
    )
    values = {}
    for name, field in form.fields.items():
        if name == "icon_upload":
            continue
        value = field.prepare_value(form[name].value())
        values[name] = "" if value is None else value
    values.update(changes)
    return values


def _page(environment, addon):
    name = {"stage": "addon_metadata", "production": "addon_metadata_production"}[environment]
    return reverse(name, args=[addon.addon_id])


@pytest.mark.both_databases
def test_production_follows_stage_until_it_is_saved_on_its_own_page(client, owner, addon):
    client.force_login(owner)
    page = client.get(_page("production", addon)).content.decode()
    assert "Production has no values of its own yet" in page
    assert _document(addon, "production") == {**_document(addon, "stage"), "enabled": False}

    parameters = (
        "addOnParameters:\n- id: size\n  name: Size\n  description: Pods\n"
        "  value_type: string\n  required: true\n  editable: true\n  enabled: true\n"
        "  default_value: large\n"
    )
    data = _form_values(
        addon,
        "production",
        ocm_quota_cost="3",
        default_channel="beta",
        further_properties=parameters,
    )
    response = client.post(_page("production", addon), data)
    assert response.status_code == 302

    production, stage = _document(addon, "production"), _document(addon, "stage")
    assert production["ocmQuotaCost"] == 3
    assert production["defaultChannel"] == "beta"
    assert production["addOnParameters"][0]["default_value"] == "large"
    assert stage["ocmQuotaCost"] == 0 and stage["defaultChannel"] == addon.default_channel
    assert "addOnParameters" not in stage
    assert sorted(
        AddonMetadata.objects.filter(addon=addon).values_list("environment", flat=True)
    ) == [
        "production",
        "stage",
    ]
    event = TimelineEvent.objects.filter(addon=addon).latest("created_at")
    assert event.message.endswith(
        "edited the production managed-tenants metadata: default channel, OCM quota cost, "
        "further addon.yaml properties."
    )
    assert (
        "Production has no values of its own yet"
        not in client.get(_page("production", addon)).content.decode()
    )

    # Stage's later changes no longer reach production.
    response = client.post(_page("stage", addon), _form_values(addon, "stage", ocm_quota_cost="5"))
    assert response.status_code == 302
    assert _document(addon, "stage")["ocmQuotaCost"] == 5
    assert _document(addon, "production")["ocmQuotaCost"] == 3


def test_the_production_page_has_no_shared_fields_and_says_where_they_are(client, owner, addon):
    client.force_login(owner)
    response = client.get(_page("production", addon))
    form = response.context["form"]
    assert "pagerduty_escalation_policy_id" not in form.fields
    assert "dms_tags" not in form.fields
    assert "shared by stage and production: change them on the stage page" in (
        response.content.decode()
    )
    assert "dms_tags" in client.get(_page("stage", addon)).context["form"].fields


def test_a_bad_production_value_is_refused_on_its_field_and_changes_nothing(client, owner, addon):
    client.force_login(owner)
    before = _document(addon, "production")
    data = _form_values(addon, "production", imageset_version="0.0.5")
    response = client.post(_page("production", addon), data)
    assert response.status_code == 400
    assert "MTSRE-453" in " ".join(response.context["form"].errors["imageset_version"])
    assert not AddonMetadata.objects.filter(addon=addon, environment="production").exists()
    assert _document(addon, "production") == before


def test_each_environment_is_validated_on_its_own(client, owner, addon):
    client.force_login(owner)
    data = _form_values(addon, "production", test_harness="", pagerduty_secret_name="")
    assert client.post(_page("production", addon), data).status_code == 302
    page = client.get(_page("stage", addon)).content.decode()
    assert "<strong>stage</strong>: valid" in page
    assert "<strong>production</strong>: not valid yet" in page
    assert "testHarness" in page.split("<strong>production</strong>")[1].split("</li>")[0]


def test_approve_production_reads_the_production_document(make_addon, personas):
    addon = make_addon(State.ONBOARDING)
    pass_gate(addon, "production")
    add_slo_with_data(addon, now=timezone.now())
    Addon.objects.filter(pk=addon.pk).update(stage_deployed_on=timezone.localdate())
    addon = Addon.objects.get(pk=addon.pk)
    stage = AddonMetadata.objects.get(addon=addon)
    production = copy.copy(stage)
    production.pk, production.environment, production.test_harness = None, "production", ""
    production.save()

    with pytest.raises(ActionRefused) as refused:
        t.addon_approve_production(addon=addon, by=personas["sre"])
    assert "production addon.yaml would not pass" in refused.value.message
    assert "testHarness" in refused.value.message

    AddonMetadata.objects.filter(pk=production.pk).update(test_harness=stage.test_harness)
    t.addon_approve_production(addon=Addon.objects.get(pk=addon.pk), by=personas["sre"])
    assert Addon.objects.get(pk=addon.pk).state == State.PRODUCTION_APPROVED


def _fixture_addon(owner_team, doc):
    addon = AddonFactory(
        team=owner_team,
        **{field: doc[key] for key, field in INTAKE_KEYS.items()},
        pagerduty_escalation_policy_id="",
        dms_tags="",
        stage_enabled=True,
        production_enabled=True,
    )
    AddonMetadata.objects.filter(addon=addon).delete()
    return addon


def _import(client, addon, environment, doc):
    url = reverse("addon_metadata_import", args=[addon.addon_id])
    return client.post(url, {"environment": environment, "text": yaml.safe_dump(doc)})


@pytest.mark.both_databases
def test_stage_and_production_files_import_into_one_addon_and_export_key_for_key(
    client, owner, owner_team
):
    stage_doc = yaml.safe_load(STAGE_FILE.read_text())
    # Production as real addons differ from stage: quota cost, channel list, parameters,
    # pager secret and timeouts, snitch postfix, config.
    production_doc = copy.deepcopy(stage_doc)
    production_doc["ocmQuotaCost"] = 4
    production_doc["pagerduty"].update(acknowledgeTimeout=600, secretName="mtsre-pdi-prod")
    production_doc["deadmanssnitch"]["snitchNamePostFix"] = "redhat-test-operator-prod"
    production_doc["defaultChannel"] = "stable"
    production_doc["startingCSV"] = "test-operator.v1.2.0"
    del production_doc["config"]
    addon = _fixture_addon(owner_team, stage_doc)
    client.force_login(owner)

    assert _import(client, addon, "stage", stage_doc).status_code == 302
    response = _import(client, addon, "production", production_doc)
    assert response.status_code == 302
    assert response["Location"] == _page("production", addon)

    for environment, original in (("stage", stage_doc), ("production", production_doc)):
        exported = _document(addon, environment)
        assert sorted(exported) == sorted(original)
        for key in original:
            assert (environment, key, exported[key]) == (environment, key, original[key])

    page = client.get(reverse("addon_metadata_compare", args=[addon.addon_id]))
    rows = {row[0]: row for row in page.context["rows"]}
    differing = {key for key, row in rows.items() if row[3]}
    assert differing == {
        "ocmQuotaCost",
        "pagerduty",
        "deadmanssnitch",
        "defaultChannel",
        "startingCSV",
        "config",
    }
    body = page.content.decode()
    assert "6 keys differ between stage and production." in body
    assert '<tr data-key="ocmQuotaCost" class="table-warning" data-differs="yes">' in body
    assert '<tr data-key="quayRepo">' in body
    assert "ocmQuotaCost: 1" in body and "ocmQuotaCost: 4" in body
    config_row = body.split('<tr data-key="config"')[1].split("</tr>")[0]
    assert "<em>absent</em>" in config_row and "Black Mesa Research Facility" in config_row


def test_a_production_file_that_would_change_the_shared_values_is_refused(
    client, owner, owner_team
):
    stage_doc = yaml.safe_load(STAGE_FILE.read_text())
    addon = _fixture_addon(owner_team, stage_doc)
    client.force_login(owner)
    assert _import(client, addon, "stage", stage_doc).status_code == 302
    # The real production file has no pagerduty block and no snitch tags.
    production_doc = yaml.safe_load(
        (FIXTURES / "mtcli-test-operator-production.addon.yaml").read_text()
    )
    stage_before = _document(addon, "stage")

    response = _import(client, addon, "production", production_doc)
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "pagerduty.escalationPolicy: the file says &#x27;&#x27;, stage and production share" in body
    )
    assert "deadmanssnitch.tags: the file says &#x27;&#x27;" in body
    assert not AddonMetadata.objects.filter(addon=addon, environment="production").exists()
    assert _document(addon, "stage") == stage_before


def test_an_import_must_say_which_environment_it_fills(client, owner, owner_team):
    stage_doc = yaml.safe_load(STAGE_FILE.read_text())
    addon = _fixture_addon(owner_team, stage_doc)
    client.force_login(owner)
    url = reverse("addon_metadata_import", args=[addon.addon_id])
    response = client.post(url, {"text": STAGE_FILE.read_text()})
    assert response.status_code == 400
    assert "This field is required." in " ".join(
        response.context["import_form"].errors["environment"]
    )
    assert not AddonMetadata.objects.filter(addon=addon).exists()


@pytest.mark.both_databases
def test_everyone_who_sees_the_addon_sees_the_comparison(client, sre, addon):
    client.force_login(sre)
    response = client.get(reverse("addon_metadata_compare", args=[addon.addon_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Production has no values of its own yet" in body
    # Only `enabled` differs while production follows stage (a draft is enabled nowhere).
    assert "0 keys differ between stage and production." in body
