"""Import an existing addon.yaml into one environment's managed-tenants metadata.

The document must pass the managed-tenants schema (its errors are named on the portal fields
they concern) and must be this addon's: the properties the intake answers (id, name, owner,
namespaces, operator, …) must equal the intake's, which changes only through its own
page and review. Everything else is written through addon_metadata_update, so the import is
one audited change; what the operator checks or the loader still refuse (a placeholder icon,
a pinned imageset) is shown as "not valid yet", as for values typed in.
"""

import yaml

from ..errors import ActionRefused
from ..integrations.managed_tenants.addon_yaml import escalation_policy_for
from ..integrations.managed_tenants.document import FURTHER_KEYS, field_of, schema_failures
from ..integrations.managed_tenants.yaml_input import load_plain_yaml
from ..models import Addon
from .metadata import ADDON_FIELDS, addon_metadata_update

MAX_BYTES = 512 * 1024
# addon.yaml property -> the intake's field it must equal.
INTAKE_KEYS = {
    "id": "addon_id",
    "name": "name",
    "description": "description",
    "addonOwner": "owner_contact",
    "installMode": "install_mode",
    "targetNamespace": "target_namespace",
    "ocmQuotaName": "quota_name",
    "operatorName": "operator_name",
}


def parse_addon_yaml(text: str) -> dict:
    if len(text.encode()) > MAX_BYTES:
        raise ActionRefused(f"The file is larger than {MAX_BYTES // 1024} KB.")
    try:
        doc = load_plain_yaml(text)
    except yaml.YAMLError as error:
        raise ActionRefused(f"Not YAML: {error}") from error
    if not isinstance(doc, dict):
        raise ActionRefused("An addon.yaml is a mapping of properties (id:, name:, …).")
    return doc


def _schema_refusal(doc: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, message in schema_failures(doc):
        errors.setdefault(field_of(key), []).append(f"{key}: {message}")
    return errors


def _intake_refusal(doc: dict, addon: Addon) -> dict[str, list[str]]:
    errors = {}
    label = f"api.openshift.com/addon-{addon.addon_id}"
    if doc.get("label") != label:  # the portal writes the label AM0002 demands
        errors["addon_id"] = [f"label: AM0002 the label must be {label}."]
    if doc.get("defaultChannel") not in Addon.Channel.values:
        errors["default_channel"] = [
            f"defaultChannel: AM0001 {doc.get('defaultChannel')!r} is not one of "
            f"{', '.join(Addon.Channel.values)}."
        ]
    for key, field in INTAKE_KEYS.items():
        ours = getattr(addon, field)
        if doc.get(key) != ours:
            errors.setdefault(field, []).append(
                f"{key}: the file says {doc.get(key)!r}, the intake {ours!r}; change the "
                "intake first."
            )
    return errors


def metadata_values(doc: dict, addon: Addon) -> dict:
    """addon_metadata_update's values for a schema-valid document."""
    pagerduty, snitch = doc.get("pagerduty") or {}, doc.get("deadmanssnitch") or {}
    target = doc["targetNamespace"]
    return {
        "icon": doc["icon"],
        "link": doc.get("link", ""),
        "quay_repo": doc["quayRepo"],
        "test_harness": doc["testHarness"],
        "index_image": doc.get("indexImage", ""),
        "imageset_version": doc.get("addonImageSetVersion") or "",
        "namespace_labels": doc["namespaceLabels"],
        "namespace_annotations": doc["namespaceAnnotations"],
        "addon_notifications": doc.get("addonNotifications", []),
        "pagerduty_escalation_policy_id": pagerduty.get("escalationPolicy", ""),
        "pagerduty_secret_name": pagerduty.get("secretName", ""),
        "pagerduty_secret_namespace": pagerduty.get("secretNamespace", ""),
        "pagerduty_acknowledge_timeout": pagerduty.get("acknowledgeTimeout", 21600),
        "pagerduty_resolve_timeout": pagerduty.get("resolveTimeout", 0),
        "dms_tags": ", ".join(snitch.get("tags", [])),
        "snitch_name_postfix": snitch.get("snitchNamePostFix", ""),
        "ocm_quota_cost": doc["ocmQuotaCost"],
        # The intake's channel unless this environment installs from another one.
        "default_channel": (
            "" if doc["defaultChannel"] == addon.default_channel else doc["defaultChannel"]
        ),
        "further_namespaces": [ns for ns in doc["namespaces"] if ns != target],
        "has_external_resources": doc.get("hasExternalResources"),
        "pull_secret_name": doc.get("pullSecretName", ""),
        "further_properties": {key: doc[key] for key in FURTHER_KEYS if key in doc},
    }


def _shared_refusal(doc: dict, addon: Addon) -> dict[str, list[str]]:
    """A production file must agree with what both environments share (the owners' PagerDuty
    policy and the snitch tags): importing it must not change the stage document."""
    errors = {}
    policy = (doc.get("pagerduty") or {}).get("escalationPolicy", "")
    if policy != escalation_policy_for(addon):
        errors["pagerduty_escalation_policy_id"] = [
            f"pagerduty.escalationPolicy: the file says {policy!r}, stage and production share "
            f"{escalation_policy_for(addon)!r}; change it on the stage page first."
        ]
    tags = ", ".join((doc.get("deadmanssnitch") or {}).get("tags", []))
    if tags != addon.dms_tags:
        errors["dms_tags"] = [
            f"deadmanssnitch.tags: the file says {tags!r}, stage and production share "
            f"{addon.dms_tags!r}; change them on the stage page first."
        ]
    return errors


def addon_metadata_import(*, addon: Addon, by, text: str, environment: str) -> list[str]:
    """Prefill the environment's metadata from an addon.yaml; ActionRefused names the fields
    when the schema, the intake or (for production) the shared values disagree, and nothing
    is written."""
    if environment not in ("stage", "production"):
        raise ActionRefused("Say which environment the file fills: stage or production.")
    doc = parse_addon_yaml(text)
    problems = _schema_refusal(doc) or _intake_refusal(doc, addon)
    if not problems and environment == "production":
        problems = _shared_refusal(doc, addon)
    if problems:
        raise ActionRefused(
            "Not imported: the file does not pass the managed-tenants schema or is not this "
            "addon's.",
            field_errors={field: " ".join(messages) for field, messages in problems.items()},
        )
    # `enabled` is left out: the workflow enables stage and production, not a file.
    values = metadata_values(doc, addon)
    if environment == "production":
        values = {name: value for name, value in values.items() if name not in ADDON_FIELDS}
    return addon_metadata_update(addon=addon, by=by, values=values, environment=environment)
