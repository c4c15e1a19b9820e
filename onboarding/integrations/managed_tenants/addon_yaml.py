"""The managed-tenants `addon.yaml` of an addon, per environment, as the portal serves it.

Nothing leaves the portal unless the vendored managed-tenants schema and the
addon-metadata-operator checks accept it (onboarding/integrations/managed_tenants/document.py).
"""

import copy

import yaml

from ...errors import ActionRefused
from ...models import Addon, AddonMetadata
from ...selectors.pager import pager
from .document import ENVIRONMENTS, addon_document, document_problems

# Whose values each environment's document is built from: integration has no page of its own.
METADATA_ENVIRONMENT = {"integration": "stage", "stage": "stage", "production": "production"}
_NOT_COPIED = {"id", "addon", "environment", "updated_at"}


def addon_metadata_of(addon: Addon, environment: str = "stage") -> AddonMetadata:
    """The environment's metadata row. Production without a row of its own is an unsaved
    copy of stage's; without any row, an unsaved blank one before the owners filled it."""
    environment = METADATA_ENVIRONMENT[environment]
    rows = {row.environment: row for row in addon.mt_metadata_rows.all()}
    if environment in rows:
        return rows[environment]
    base = rows.get("stage")
    if base is None:
        return AddonMetadata(addon=addon, environment=environment)
    values = {
        field.attname: copy.deepcopy(getattr(base, field.attname))
        for field in AddonMetadata._meta.concrete_fields
        if field.name not in _NOT_COPIED
    }
    return AddonMetadata(addon=addon, environment=environment, **values)


def production_has_own_metadata(addon: Addon) -> bool:
    return any(row.environment == "production" for row in addon.mt_metadata_rows.all())


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
        metadata=addon_metadata_of(addon, environment),
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


def addon_yaml_draft(*, addon: Addon, environment: str) -> dict:
    """The document as it stands, valid or not, for showing environments side by side."""
    return addon_document(
        addon=addon,
        metadata=addon_metadata_of(addon, environment),
        environment=environment,
        escalation_policy=escalation_policy_for(addon),
    )


def addon_yaml_differences(addon: Addon) -> list[tuple[str, str, str, bool]]:
    """(key, stage value, production value, differs) for every key of either document, in
    stage's order then production's own keys; a value absent from a document is ""."""
    stage = addon_yaml_draft(addon=addon, environment="stage")
    production = addon_yaml_draft(addon=addon, environment="production")
    rows = []
    for key in dict.fromkeys([*stage, *production]):
        left = yaml_text({key: stage[key]}) if key in stage else ""
        right = yaml_text({key: production[key]}) if key in production else ""
        rows.append((key, left, right, stage.get(key, _ABSENT) != production.get(key, _ABSENT)))
    return rows


_ABSENT = object()
