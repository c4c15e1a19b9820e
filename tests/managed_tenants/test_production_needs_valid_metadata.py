"""approve_production needs a production addon.yaml managed-tenants would accept; the demo's do."""

import pytest
import yaml
from django.core.management import call_command
from django.utils import timezone

from onboarding.errors import ActionRefused
from onboarding.integrations.managed_tenants.addon_yaml import addon_yaml_render
from onboarding.integrations.managed_tenants.checks import check_failures
from onboarding.integrations.managed_tenants.schema import document_errors
from onboarding.models import Addon, AddonMetadata, State
from onboarding.services import transitions as t
from tests.journey import add_slo_with_data, pass_gate

pytestmark = pytest.mark.django_db


def _ready(addon):
    pass_gate(addon, "production")
    add_slo_with_data(addon, now=timezone.now())
    Addon.objects.filter(pk=addon.pk).update(stage_deployed_on=timezone.localdate())
    return Addon.objects.get(pk=addon.pk)


def test_approve_production_is_refused_while_the_production_file_is_invalid(make_addon, personas):
    addon = _ready(make_addon(State.ONBOARDING))
    AddonMetadata.objects.filter(addon=addon).update(test_harness="", pagerduty_secret_name="")

    with pytest.raises(ActionRefused) as refused:
        t.addon_approve_production(addon=addon, by=personas["sre"])

    assert "production addon.yaml would not pass" in refused.value.message
    assert "testHarness" in refused.value.message
    assert "pagerduty.secretName" in refused.value.message
    assert Addon.objects.get(pk=addon.pk).state == State.ONBOARDING


def test_approve_production_goes_through_once_the_owners_complete_it(make_addon, personas):
    addon = _ready(make_addon(State.ONBOARDING))
    t.addon_approve_production(addon=addon, by=personas["sre"])
    assert Addon.objects.get(pk=addon.pk).state == State.PRODUCTION_APPROVED


def test_every_demo_addon_exports_valid_stage_and_production_files(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    addons = list(Addon.objects.all())
    assert len(addons) >= 13
    for addon in addons:
        for environment in ("stage", "production"):
            data = yaml.safe_load(addon_yaml_render(addon=addon, environment=environment))
            assert document_errors(data) == [], (addon.addon_id, environment)
            assert check_failures(data) == [], (addon.addon_id, environment)
