"""The managed-tenants `addon.yaml` of an addon, per environment, as the portal serves it.

Nothing leaves the portal unless the vendored managed-tenants schema and the
addon-metadata-operator checks accept it (onboarding/managed_tenants/document.py).
"""

import yaml

from ..managed_tenants.document import ENVIRONMENTS, addon_document, document_problems
from ..models import Addon, AddonMetadata
from ..selectors.pager import pager
from .errors import ActionRefused


def addon_metadata_of(addon: Addon) -> AddonMetadata:
    """The addon's metadata row, or an unsaved blank one before the owners filled it."""
    try:
        return addon.mt_metadata
    except AddonMetadata.DoesNotExist:
        return AddonMetadata(addon=addon)


def escalation_policy_for(addon: Addon) -> str:
    """Addon SRE's policy once the handover merge request is merged, the owners' before."""
    return pager(addon).policy


def addon_yaml_data(
    *, addon: Addon, environment: str, escalation_policy: str | None = None
) -> dict:
    """The validated document; ActionRefused names every field managed-tenants would refuse."""
    if environment not in ENVIRONMENTS:
        raise ActionRefused("The environment must be integration, stage or production.")
    doc = addon_document(
        addon=addon,
        metadata=addon_metadata_of(addon),
        environment=environment,
        escalation_policy=escalation_policy or escalation_policy_for(addon),
    )
    problems = document_problems(doc)
    if problems:
        raise ActionRefused(
            f"The {environment} addon.yaml would not pass the managed-tenants schema and checks: "
            + " ".join(m for messages in problems.values() for m in messages),
            field_errors={field: " ".join(messages) for field, messages in problems.items()},
        )
    return doc


def yaml_text(doc: dict) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, default_flow_style=False)


def addon_yaml_render(*, addon: Addon, environment: str) -> str:
    """The file's text; raises ActionRefused when managed-tenants would refuse it."""
    return yaml_text(addon_yaml_data(addon=addon, environment=environment))
