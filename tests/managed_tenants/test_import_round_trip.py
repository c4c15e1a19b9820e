"""Real addon.yaml files (vendored in fixtures/, see its README) imported on the owners' page
and exported again: the same document, key by key. Invalid files are refused with the
schema's messages next to the fields, and change nothing."""

import copy
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onboarding.integrations.managed_tenants.addon_yaml import (
    addon_metadata_of,
    escalation_policy_for,
)
from onboarding.integrations.managed_tenants.document import addon_document
from onboarding.integrations.managed_tenants.schema import document_errors
from onboarding.models import AddonMetadata, TimelineEvent
from onboarding.services.metadata_import import INTAKE_KEYS, addon_metadata_import
from tests.factories import AddonFactory

FIXTURES = Path(__file__).parent / "fixtures"
REAL = sorted(FIXTURES.glob("mtcli-*.addon.yaml"))


def _environment(path: Path) -> str:
    return path.name.removesuffix(".addon.yaml").rsplit("-", 1)[1]


def _addon_for(doc: dict, team, environment: str):
    """An addon whose intake says what the file says, without metadata yet."""
    addon = AddonFactory(
        team=team,
        **{field: doc[key] for key, field in INTAKE_KEYS.items()},
        pagerduty_escalation_policy_id="",
        dms_tags="",
        **{f"{environment}_enabled": doc["enabled"]},
    )
    AddonMetadata.objects.filter(addon=addon).delete()
    addon.refresh_from_db()
    return addon


def _exported(addon, environment: str) -> dict:
    addon = type(addon).objects.get(pk=addon.pk)
    return addon_document(
        addon=addon,
        metadata=addon_metadata_of(addon, environment),
        environment=environment,
        escalation_policy=escalation_policy_for(addon),
    )


def _assert_key_for_key(exported: dict, original: dict):
    assert sorted(exported) == sorted(original)
    for key in original:
        assert (key, exported[key]) == (key, original[key])


def test_at_least_three_real_files_are_vendored_and_pass_the_schema():
    assert len(REAL) >= 3
    for path in REAL:
        assert document_errors(yaml.safe_load(path.read_text())) == [], path.name


@pytest.mark.both_databases
@pytest.mark.django_db
@pytest.mark.parametrize("path", REAL, ids=lambda path: path.name)
def test_a_real_addon_yaml_imports_and_exports_key_for_key(client, owner, owner_team, path):
    text, environment = path.read_text(), _environment(path)
    original = yaml.safe_load(text)
    addon = _addon_for(original, owner_team, environment)
    client.force_login(owner)
    url = reverse("addon_metadata_import", args=[addon.addon_id])
    upload = SimpleUploadedFile("addon.yaml", text.encode(), content_type="application/yaml")
    response = client.post(url, {"environment": environment, "file": upload})
    assert response.status_code == 302
    _assert_key_for_key(_exported(addon, environment), original)
    assert addon.mt_metadata_rows.get().environment == environment
    event = addon.events.get(kind=TimelineEvent.Kind.INTAKE)
    assert f"edited the {environment} managed-tenants metadata" in event.message


@pytest.mark.both_databases
@pytest.mark.django_db
def test_an_invalid_real_file_is_refused_with_the_schemas_words_on_the_fields(
    client, owner, owner_team
):
    text = (FIXTURES / "amo-connectors-operator-stage.addon.yaml").read_text()
    addon = _addon_for(yaml.safe_load(text), owner_team, "stage")
    client.force_login(owner)
    response = client.post(
        reverse("addon_metadata_import", args=[addon.addon_id]),
        {"environment": "stage", "text": text},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "testHarness: 'test-invalid' does not match" in " ".join(errors["test_harness"])
    assert "Not imported" in response.content.decode()
    assert not AddonMetadata.objects.filter(addon=addon).exists()
    assert not addon.events.filter(kind=TimelineEvent.Kind.INTAKE).exists()


@pytest.mark.django_db
def test_another_addons_file_is_refused_naming_the_intake_fields(client, owner, addon):
    text = (FIXTURES / "mtcli-test-operator-stage.addon.yaml").read_text()
    before = AddonMetadata.objects.get(addon=addon, environment="stage").updated_at
    client.force_login(owner)
    response = client.post(
        reverse("addon_metadata_import", args=[addon.addon_id]),
        {"environment": "stage", "text": text},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "id: the file says &#x27;test-operator&#x27;" in body
    assert AddonMetadata.objects.get(addon=addon, environment="stage").updated_at == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "said"),
    [("", "Paste an addon.yaml"), ("id: [", "Not YAML"), ("- a list", "a mapping")],
)
def test_what_is_not_an_addon_yaml_is_refused(client, owner, addon, text, said):
    client.force_login(owner)
    response = client.post(
        reverse("addon_metadata_import", args=[addon.addon_id]),
        {"environment": "stage", "text": text},
    )
    assert response.status_code == 400 and said in response.content.decode()


@pytest.mark.django_db
def test_only_the_owner_team_imports(client, owner2, sre, addon):
    text = (FIXTURES / "mtcli-test-operator-stage.addon.yaml").read_text()
    url = reverse("addon_metadata_import", args=[addon.addon_id])
    client.force_login(owner2)
    assert client.post(url, {"environment": "stage", "text": text}).status_code == 404
    client.force_login(sre)
    assert client.post(url, {"environment": "stage", "text": text}).status_code == 403


# Generated documents: a real file with its optional parts varied within the schema.
BASE = yaml.safe_load(
    (FIXTURES / "mtcli-mock-operator-with-imagesets-stage.addon.yaml").read_text()
)
name = st.from_regex(r"\A[a-z][a-z0-9-]{0,10}[a-z0-9]\Z")
variations = st.fixed_dictionaries(
    {
        "ocmQuotaCost": st.integers(min_value=0, max_value=1000),
        "hasExternalResources": st.one_of(st.none(), st.booleans()),
        "namespaces": st.lists(name.map(lambda n: f"redhat-{n}"), max_size=3, unique=True),
        "namespaceLabels": st.dictionaries(name, name, max_size=3),
        "snitch": st.one_of(st.none(), st.tuples(st.lists(name, min_size=1, max_size=2), name)),
        "pagerduty": st.booleans(),
        "bundleParameters": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {},
                optional={
                    "useClusterStorage": st.sampled_from(["true", "false", ""]),
                    "alertingEmailAddress": name.map(lambda n: f"{n}@redhat.com"),
                    "addonParamsSecretName": name.map(lambda n: f"addon-{n}-parameters"),
                },
            ),
        ),
        "link": st.sampled_from(["", "https://docs.example.com/addon"]),
    }
)


def _generated(v: dict) -> dict:
    doc = copy.deepcopy(BASE)
    doc["ocmQuotaCost"] = v["ocmQuotaCost"]
    doc.pop("hasExternalResources", None)
    if v["hasExternalResources"] is not None:
        doc["hasExternalResources"] = v["hasExternalResources"]
    extra = [ns for ns in v["namespaces"] if ns != doc["targetNamespace"]]
    doc["namespaces"] = [doc["targetNamespace"], *extra]
    doc["namespaceLabels"] = v["namespaceLabels"]
    if v["snitch"]:
        doc["deadmanssnitch"] = {"tags": v["snitch"][0], "snitchNamePostFix": v["snitch"][1]}
    if v["pagerduty"]:
        doc["pagerduty"] = {
            "escalationPolicy": "PABC123",
            "acknowledgeTimeout": 600,
            "resolveTimeout": 0,
            "secretName": "pd-secret",
            "secretNamespace": "redhat-pd",
        }
    doc.pop("bundleParameters", None)
    if v["bundleParameters"] is not None:
        doc["bundleParameters"] = v["bundleParameters"]
    if v["link"]:
        doc["link"] = v["link"]
    return doc


@pytest.mark.django_db
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(variations=variations)
def test_generated_schema_valid_documents_round_trip(owner, owner_team, variations):
    doc = _generated(variations)
    assert document_errors(doc) == []
    AddonMetadata.objects.filter(addon__addon_id=doc["id"]).delete()
    addon = _addon_for(doc, owner_team, "stage") if not _exists(doc) else _reset(doc)
    addon_metadata_import(addon=addon, by=owner, text=yaml.safe_dump(doc), environment="stage")
    _assert_key_for_key(_exported(addon, "stage"), doc)


def _exists(doc) -> bool:
    from onboarding.models import Addon

    return Addon.objects.filter(addon_id=doc["id"]).exists()


def _reset(doc):
    from onboarding.models import Addon

    addon = Addon.objects.get(addon_id=doc["id"])
    Addon.objects.filter(pk=addon.pk).update(pagerduty_escalation_policy_id="", dms_tags="")
    addon.refresh_from_db()
    return addon
