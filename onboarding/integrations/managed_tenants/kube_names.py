"""Kubernetes name rules (k8s.io/apimachinery util/validation), as addon-metadata-operator applies them."""

import re

_DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")


def is_dns1123_label(value: str) -> bool:
    return len(value) <= 63 and bool(_DNS1123_LABEL.fullmatch(value))


def is_dns1123_subdomain(value: str) -> bool:
    return len(value) <= 253 and bool(_DNS1123_SUBDOMAIN.fullmatch(value))


def is_qualified_name(value: str) -> bool:
    """`[prefix/]name`: a DNS subdomain prefix and a name of at most 63 characters."""
    parts = value.split("/")
    if len(parts) > 2:
        return False
    if len(parts) == 2 and not (parts[0] and is_dns1123_subdomain(parts[0])):
        return False
    name = parts[-1]
    return 0 < len(name) <= 63 and bool(_QUALIFIED_NAME.fullmatch(name))
