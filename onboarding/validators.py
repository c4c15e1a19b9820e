"""Addon metadata rules, as the managed-tenants repository's schema states them."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator

ADDON_ID_RE = r"^[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]$"
NAMESPACE_RE = r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
CONTACT_RE = re.compile(r"^[^<>]+ <[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>$")

validate_addon_id = RegexValidator(
    ADDON_ID_RE,
    "2–32 letters, digits or hyphens, starting and ending with a letter or digit "
    "(as managed-tenants requires).",
)
validate_namespace = RegexValidator(
    NAMESPACE_RE,
    "A Kubernetes namespace: lowercase letters, digits and hyphens, at most 63 characters.",
)
validate_https_url = URLValidator(
    schemes=["https"],
    message="Enter a full https:// address (e.g. https://issues.example.com/SDE-1).",
)
validate_http_url = URLValidator(
    schemes=["http", "https"], message="Enter a full http:// or https:// address."
)


def validate_owner_contact(value: str) -> None:
    if not CONTACT_RE.match(value or ""):
        raise ValidationError(
            "Write it as Name <email>, e.g. Team Foo <team-foo@example.com> (a mailing list is best)."
        )


def validate_dms_tags(value: str) -> None:
    for tag in filter(None, (t.strip() for t in value.split(","))):
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,62}", tag):
            raise ValidationError(
                f"“{tag}” is not a valid Dead Man's Snitch tag: "
                "lowercase letters, digits, hyphens, underscores."
            )


def validate_pagerduty_id(value: str) -> None:
    if value and not re.fullmatch(r"P[A-Z0-9]{5,13}", value):
        raise ValidationError("A PagerDuty id looks like PABC123 (P and 6–14 capitals/digits).")
