"""The handover's change to a managed-tenants checkout: Addon SRE's escalation policy in the
addon's stage and production addon.yaml.

A file that exists is edited in place (one line: the team's comments and layout stay);
a missing one is written from the portal's validated document. Either way the result must
pass the vendored schema, or nothing is written.
"""

import re
from pathlib import Path

import yaml

from .schema import document_errors

HANDOVER_ENVIRONMENTS = ("stage", "production")
_POLICY_LINE = re.compile(r"^(?P<lead>\s+escalationPolicy:[ \t]*)(?P<value>\S.*?)?[ \t]*$", re.M)


class ChangeRefused(Exception):
    """The repository's file cannot carry the change (it fails the schema)."""


def metadata_path(addon_id: str, environment: str) -> str:
    return f"addons/{addon_id}/metadata/{environment}/addon.yaml"


def _edited(text: str, policy: str) -> str | None:
    data = yaml.safe_load(text) or {}
    if not isinstance(data.get("pagerduty"), dict):
        return None
    matches = list(_POLICY_LINE.finditer(text))
    if len(matches) != 1:
        return None
    return _POLICY_LINE.sub(lambda m: f"{m['lead']}{policy}", text, count=1)


def policy_in(text: str | None) -> str | None:
    """The escalation policy a file's text names, if it parses and has one."""
    if not text:
        return None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return None
    pagerduty = data.get("pagerduty") if isinstance(data, dict) else None
    return pagerduty.get("escalationPolicy") if isinstance(pagerduty, dict) else None


def write_change(root: Path, *, addon_id: str, policy: str, portal_documents: dict) -> list[str]:
    """Write the change under `root`; returns the paths that changed (empty: already there).

    portal_documents: environment -> the portal's own validated document with `policy`,
    used where the repository has no file yet, and for the pager block of a file without one.
    """
    planned = {}
    for environment in HANDOVER_ENVIRONMENTS:
        relative = metadata_path(addon_id, environment)
        path = root / relative
        current = path.read_text() if path.exists() else None
        text = _edited(current, policy) if current else None
        if text is None:
            # No file, or one without a single escalationPolicy line: the portal's pager block
            # joins whatever the file holds (its other keys are kept).
            data = (
                (yaml.safe_load(current) or {}) if current else dict(portal_documents[environment])
            )
            data["pagerduty"] = portal_documents[environment]["pagerduty"]
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        errors = document_errors(yaml.safe_load(text))
        if errors:
            raise ChangeRefused(
                f"{relative} would not pass the managed-tenants schema: " + "; ".join(errors[:5])
            )
        if text != current:
            planned[relative] = text
    for relative, text in planned.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    return sorted(planned)


def branch_names_policy(checkout, ref: str, *, addon_id: str, policy: str) -> bool:
    """Does `ref` already page `policy` in every handover environment's addon.yaml?"""
    return all(
        policy_in(checkout.show(ref, metadata_path(addon_id, env))) == policy
        for env in HANDOVER_ENVIRONMENTS
    )
