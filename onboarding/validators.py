"""Addon metadata rules: the managed-tenants schema's, plus the addon-metadata-operator checks.

Where a field becomes one addon.yaml property, its rule is the schema's own (SchemaRule reads it
from the vendored schema), so the portal refuses exactly what managed-tenants refuses.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from jsonschema import Draft7Validator

from .integrations.managed_tenants.document import FURTHER_KEYS
from .integrations.managed_tenants.kube_names import (
    is_dns1123_label,
    is_dns1123_subdomain,
    is_qualified_name,
)
from .integrations.managed_tenants.loader_rules import imageset_version_problem
from .integrations.managed_tenants.schema import SchemaRule, document_errors, property_schema

# The API's path pattern: the schema's id rule (the label rule narrows it to lowercase).
ADDON_ID_RE = r"^[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]$"

validate_https_url = URLValidator(
    schemes=["https"],
    message="Enter a full https:// address (e.g. https://issues.example.com/SDE-1).",
)
validate_http_url = URLValidator(
    schemes=["http", "https"], message="Enter a full http:// or https:// address."
)

_id_rule = SchemaRule(
    "id",
    "2–32 letters, digits or hyphens, starting and ending with a letter or digit.",
)
_label_rule = SchemaRule(
    "label",
    "Lowercase only: the addon's label api.openshift.com/addon-<id> allows no capitals.",
)


def validate_addon_id(value: str) -> None:
    _id_rule(value)
    _label_rule(f"api.openshift.com/addon-{value}")


validate_owner_contact = SchemaRule(
    "addonOwner",
    "Write Name <user@redhat.com> (letters, spaces and hyphens in the name); "
    "several are separated by commas.",
)
validate_quota_name = SchemaRule(
    "ocmQuotaName",
    "2–37 letters, digits, hyphens or underscores, starting and ending with a letter or digit.",
)
validate_operator_name = SchemaRule(
    "operatorName",
    "At least 2 letters, digits or hyphens, starting and ending with a letter or digit.",
)
validate_escalation_policy = SchemaRule(
    "pagerduty.escalationPolicy", "A PagerDuty escalation policy id: letters and digits only."
)
validate_link = SchemaRule("link", "Enter a full http:// or https:// address without spaces.")
_namespace_rule = SchemaRule(
    "targetNamespace",
    "A Kubernetes namespace: letters, digits and hyphens, starting and ending with a letter or digit.",
)
_tag_rule = SchemaRule(
    "deadmanssnitch.tags.items",
    "letters, digits and hyphens, at least 2, starting and ending with a letter or digit.",
)


def validate_namespace(value: str) -> None:
    """targetNamespace: the schema, a Kubernetes name (am0010) under redhat- (am0008)."""
    _namespace_rule(value)
    if not is_dns1123_label(value):
        raise ValidationError(
            "A Kubernetes namespace: lowercase letters, digits and hyphens, at most 63 characters."
        )
    if not value.startswith("redhat-"):
        raise ValidationError("Addon namespaces start with redhat- (e.g. redhat-my-addon).")


def validate_dms_tags(value: str) -> None:
    for tag in filter(None, (t.strip() for t in value.split(","))):
        try:
            _tag_rule(tag)
        except ValidationError:
            raise ValidationError(
                f"“{tag}” is not a valid Dead Man's Snitch tag: {_tag_rule.message}"
            ) from None


def validate_imageset_version(value: str) -> None:
    if problem := imageset_version_problem(value):
        raise ValidationError(problem)


def validate_secret_name(value: str) -> None:
    SchemaRule("pagerduty.secretName", "Letters, digits and hyphens, at least 2.")(value)
    if value and not is_dns1123_subdomain(value):
        raise ValidationError("A Kubernetes secret name: lowercase letters, digits, '-' and '.'.")


def validate_secret_namespace(value: str) -> None:
    SchemaRule("pagerduty.secretNamespace", "Letters, digits and hyphens, at least 2.")(value)
    if value and not is_dns1123_label(value):
        raise ValidationError(
            "A Kubernetes namespace: lowercase letters, digits and hyphens, at most 63."
        )


def _validate_key_values(value, *, prop: str, kind: str, key_rule) -> None:
    if not Draft7Validator(property_schema(prop)).is_valid(value):
        raise ValidationError(
            f"{kind.capitalize()}s are key=value, one a line; keys and values use letters, "
            "digits and - _ . /."
        )
    bad = [key for key in value if not key_rule(key)]
    if bad:
        raise ValidationError(f"Not a Kubernetes {kind} name: {', '.join(bad)}.")


def validate_namespace_labels(value) -> None:
    _validate_key_values(value, prop="namespaceLabels", kind="label", key_rule=is_qualified_name)


def validate_namespace_annotations(value) -> None:
    _validate_key_values(
        value,
        prop="namespaceAnnotations",
        kind="annotation",
        key_rule=lambda key: is_qualified_name(key.lower()),
    )


def validate_notification_contacts(value) -> None:
    if not Draft7Validator(property_schema("addonNotifications")).is_valid(value):
        raise ValidationError("One contact a line, each Name <user@redhat.com>.")


def validate_pagerduty_id(value: str) -> None:
    """The rule of the removed PagerDuty id fields; migration 0001 still names it."""
    validate_escalation_policy(value)


def validate_further_namespaces(value) -> None:
    if not isinstance(value, list) or not all(isinstance(ns, str) for ns in value):
        raise ValidationError("One namespace a line.")
    bad = [ns for ns in value if not is_dns1123_label(ns)]
    if bad:
        raise ValidationError(f"Not a Kubernetes namespace name: {', '.join(bad)}.")


def validate_further_properties(value) -> None:
    """addon.yaml properties the portal keeps as written: each one the schema's."""
    if not isinstance(value, dict):
        raise ValidationError("A mapping of addon.yaml properties.")
    unknown = sorted(set(value) - set(FURTHER_KEYS))
    if unknown:
        raise ValidationError(
            f"Not kept here: {', '.join(unknown)} (a field of its own, or not in the "
            "managed-tenants schema)."
        )
    errors = [e for e in document_errors(value) if not e.startswith("(document)")]
    if errors:
        raise ValidationError(errors[:5])
