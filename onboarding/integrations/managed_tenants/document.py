"""An addon's addon.yaml for one managed-tenants environment, built from its intake and metadata.

Pure: no database access beyond the objects given. Whether the result is acceptable is
`document_problems`' answer: the vendored schema first, then the addon-metadata-operator checks.
"""

from .checks import check_failures
from .loader_rules import loader_failures
from .schema import document_errors, metadata_schema

ENVIRONMENTS = ("integration", "stage", "production")

# addon.yaml property -> the portal field a person corrects when it is wrong.
FIELD_OF_KEY = {
    "id": "addon_id",
    "label": "addon_id",
    "name": "name",
    "description": "description",
    "addonOwner": "owner_contact",
    "operatorName": "operator_name",
    "targetNamespace": "target_namespace",
    "namespaces": "further_namespaces",
    "ocmQuotaName": "quota_name",
    "installMode": "install_mode",
    "defaultChannel": "default_channel",
    "icon": "icon",
    "link": "link",
    "quayRepo": "quay_repo",
    "testHarness": "test_harness",
    "indexImage": "index_image",
    "addonImageSetVersion": "imageset_version",
    "namespaceLabels": "namespace_labels",
    "namespaceAnnotations": "namespace_annotations",
    "addonNotifications": "addon_notifications",
    "pagerduty": "pagerduty_escalation_policy_id",
    "pagerduty.escalationPolicy": "pagerduty_escalation_policy_id",
    "pagerduty.secretName": "pagerduty_secret_name",
    "pagerduty.secretNamespace": "pagerduty_secret_namespace",
    "pagerduty.acknowledgeTimeout": "pagerduty_acknowledge_timeout",
    "pagerduty.resolveTimeout": "pagerduty_resolve_timeout",
    "deadmanssnitch": "dms_tags",
    "deadmanssnitch.tags": "dms_tags",
    "deadmanssnitch.snitchNamePostFix": "snitch_name_postfix",
    "ocmQuotaCost": "ocm_quota_cost",
    "hasExternalResources": "has_external_resources",
    "pullSecretName": "pull_secret_name",
    "enabled": "enabled",
}
# The schema's other properties (parameters, sub-operators, config and secrets, bundle
# parameters, catalog sources, …) are kept as written, in one field, each checked by the schema.
FURTHER_KEYS = tuple(key for key in metadata_schema()["properties"] if key not in FIELD_OF_KEY)
FIELD_OF_KEY.update(dict.fromkeys(FURTHER_KEYS, "further_properties"))


def _dms_tags(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def addon_document(*, addon, metadata, environment: str, escalation_policy: str) -> dict:
    """The addon.yaml mapping. Optional properties are left out when empty, as the schema
    wants them absent rather than blank."""
    enabled = getattr(addon, f"{environment}_enabled")
    doc = {
        "id": addon.addon_id,
        "name": addon.name,
        "description": addon.description.strip(),
        "icon": metadata.icon,
        "label": f"api.openshift.com/addon-{addon.addon_id}",
        "enabled": enabled,
        "addonOwner": addon.owner_contact,
        "quayRepo": metadata.quay_repo,
        "testHarness": metadata.test_harness,
        "installMode": addon.install_mode,
        "targetNamespace": addon.target_namespace,
        "namespaces": [addon.target_namespace, *metadata.further_namespaces],
        "namespaceLabels": dict(metadata.namespace_labels or {}),
        "namespaceAnnotations": dict(metadata.namespace_annotations or {}),
        "ocmQuotaName": addon.quota_name,
        "ocmQuotaCost": metadata.ocm_quota_cost,
        "operatorName": addon.operator_name,
        "defaultChannel": metadata.default_channel or addon.default_channel,
    }
    optional = {
        "link": metadata.link,
        "addonNotifications": list(metadata.addon_notifications or []),
        "indexImage": metadata.index_image,
        "addonImageSetVersion": metadata.imageset_version,
        "pullSecretName": metadata.pull_secret_name,
    }
    doc.update({key: value for key, value in optional.items() if value})
    if metadata.has_external_resources is not None:
        doc["hasExternalResources"] = metadata.has_external_resources
    doc.update(metadata.further_properties or {})
    if not (escalation_policy or metadata.pagerduty_secret_name):
        return _with_snitch(doc, addon, metadata)  # no pager block yet: the portal says so
    doc["pagerduty"] = {
        "escalationPolicy": escalation_policy,
        "acknowledgeTimeout": metadata.pagerduty_acknowledge_timeout,
        "resolveTimeout": metadata.pagerduty_resolve_timeout,
        "secretName": metadata.pagerduty_secret_name,
        "secretNamespace": metadata.pagerduty_secret_namespace,
    }
    return _with_snitch(doc, addon, metadata)


def _with_snitch(doc: dict, addon, metadata) -> dict:
    tags = _dms_tags(addon.dms_tags)
    if tags or metadata.snitch_name_postfix:
        doc["deadmanssnitch"] = {"tags": tags}
    if metadata.snitch_name_postfix:
        doc["deadmanssnitch"]["snitchNamePostFix"] = metadata.snitch_name_postfix
    return doc


def _portal_rules(doc: dict) -> list[tuple[str, str]]:
    """What the portal adds: the pager block filled in, and a catalog source (managed-tenants
    loads the imageset or the index image; without either it looks for bundles it no longer
    builds)."""
    problems = []
    if "pagerduty" not in doc:
        problems.append(
            ("pagerduty", "the PagerDuty block (escalation policy, secret) is missing.")
        )
    for key, value in doc.get("pagerduty", {}).items():
        if value in ("", None):
            problems.append((f"pagerduty.{key}", "is missing."))
    if "indexImage" not in doc and "addonImageSetVersion" not in doc:
        problems.append(("addonImageSetVersion", "give an imageset version or an index image."))
    return problems


def document_problems(doc: dict) -> dict[str, list[str]]:
    """{portal field: [messages]}; empty when managed-tenants would accept the document."""
    problems: dict[str, list[str]] = {}
    said: set[str] = set()

    def add(key: str, message: str) -> None:
        if key in said:
            return  # one message per property: the first is the plainest
        said.add(key)
        problems.setdefault(field_of(key), []).append(f"{key}: {message}")

    for key, message in _portal_rules(doc):
        add(key, message)
    for key, message in schema_failures(doc):
        add(key, message)
    for failure in check_failures(doc):
        add(failure.key, f"{failure.code} {failure.message}")
    for key, message in loader_failures(doc):
        add(key, f"managed-tenants loader: {message}")
    return problems


def field_of(key: str) -> str:
    """The portal field a person corrects when addon.yaml's `key` is wrong."""
    return FIELD_OF_KEY.get(key) or FIELD_OF_KEY.get(key.split(".")[0], "__all__")


def schema_failures(doc: dict) -> list[tuple[str, str]]:
    """[(addon.yaml property, message)] for each way the document breaks the schema."""
    failures = []
    for error in document_errors(doc):
        path, _, message = error.partition(": ")
        failures.append((_schema_key(path, message), message))
    return failures


def _schema_key(path: str, message: str) -> str:
    """A 'required' error sits on the parent; name the missing property instead."""
    if message.endswith("is a required property"):
        missing = message.split("'")[1]
        return missing if path == "(document)" else f"{path}.{missing}"
    if path == "namespaces.0":
        return "targetNamespace"  # the exported namespaces start with the target namespace
    parts = [p for p in path.split(".") if not p.isdigit()]
    return ".".join(parts[:2])
