"""The addon-metadata-operator validators that judge addon.yaml on its own.

mt-sre/addon-metadata-operator runs am0001…am0018 over an addon's metadata and bundles; the
ones below need nothing but the addon.yaml document, so the portal applies them too. The others
read the operator bundle, the imageset, OCM or the cluster (am0003, am0005, am0007, am0009,
am0011–am0016, am0018) or fields the portal never writes (am0006 snitchNamePostFix, am0017
pullSecretName).
"""

import base64
import binascii
from dataclasses import dataclass

from .kube_names import is_dns1123_label, is_dns1123_subdomain, is_qualified_name
from .png import is_png

AM0001_CHANNELS = ("alpha", "beta", "stable", "edge", "rc", "fast")
AM0008_PRESENCE_EXCEPTIONS = ("openshift-logging",)


@dataclass(frozen=True)
class Failure:
    code: str  # e.g. "AM0002"
    key: str  # the addon.yaml property it is about
    message: str

    def __str__(self):
        return f"{self.code} {self.key}: {self.message}"


def am0001_default_channel(doc: dict) -> list[Failure]:
    channel = doc.get("defaultChannel")
    if channel in AM0001_CHANNELS:
        return []
    return [
        Failure(
            "AM0001",
            "defaultChannel",
            f"'{channel}' is not one of {', '.join(AM0001_CHANNELS)}.",
        )
    ]


def am0002_label(doc: dict) -> list[Failure]:
    expected = f"api.openshift.com/addon-{doc.get('id')}"
    if doc.get("label") == expected:
        return []
    return [Failure("AM0002", "label", f"The label must be {expected}.")]


def am0004_icon(doc: dict) -> list[Failure]:
    icon = doc.get("icon") or ""
    if not icon:
        return [Failure("AM0004", "icon", "The icon is missing.")]
    try:
        data = base64.b64decode(icon, validate=True)
    except (binascii.Error, ValueError):
        return [Failure("AM0004", "icon", "The icon is not base64 encoded.")]
    if not is_png(data):
        return [Failure("AM0004", "icon", "The icon's base64 value is not a PNG image.")]
    return []


def am0008_namespaces(doc: dict) -> list[Failure]:
    target, namespaces = doc.get("targetNamespace"), doc.get("namespaces") or []
    failures = []
    if target not in namespaces and target not in AM0008_PRESENCE_EXCEPTIONS:
        failures.append(
            Failure("AM0008", "namespaces", "The target namespace is not in the namespaces.")
        )
    outside = [ns for ns in namespaces if not ns.startswith("redhat-")]
    if outside:
        failures.append(
            Failure(
                "AM0008",
                "targetNamespace",
                f"Namespaces must start with redhat-: {', '.join(outside)}.",
            )
        )
    return failures


def am0010_kubernetes_names(doc: dict) -> list[Failure]:
    failures = []

    def need(ok: bool, key: str, message: str) -> None:
        if not ok:
            failures.append(Failure("AM0010", key, message))

    need(is_qualified_name(doc.get("label", "")), "label", "Not a Kubernetes label name.")
    need(
        is_dns1123_label(doc.get("targetNamespace", "")),
        "targetNamespace",
        "Not a Kubernetes namespace name (lowercase letters, digits, hyphens; at most 63).",
    )
    for ns in doc.get("namespaces") or []:
        key = "targetNamespace" if ns == doc.get("targetNamespace") else "namespaces"
        need(is_dns1123_label(ns), key, f"“{ns}” is not a Kubernetes namespace name.")
    for key in doc.get("namespaceLabels") or {}:
        need(is_qualified_name(key), "namespaceLabels", f"“{key}” is not a label name.")
    for key in doc.get("namespaceAnnotations") or {}:
        need(
            is_qualified_name(key.lower()),
            "namespaceAnnotations",
            f"“{key}” is not an annotation name.",
        )
    pagerduty = doc.get("pagerduty")
    if pagerduty:
        need(
            is_dns1123_label(pagerduty.get("secretNamespace", "")),
            "pagerduty.secretNamespace",
            "Not a Kubernetes namespace name.",
        )
        need(
            is_dns1123_subdomain(pagerduty.get("secretName", "")),
            "pagerduty.secretName",
            "Not a Kubernetes secret name (lowercase letters, digits, '-' and '.').",
        )
    return failures


CHECKS = (
    am0001_default_channel,
    am0002_label,
    am0004_icon,
    am0008_namespaces,
    am0010_kubernetes_names,
)


def check_failures(doc: dict) -> list[Failure]:
    return [failure for check in CHECKS for failure in check(doc)]
