"""The managed-tenants `addon.yaml` of an addon, per OCM environment, from its intake.

Every value is checked with the validators the intake form uses (the model fields'), so a file
the portal hands out passes the managed-tenants schema checks the same way the intake did.
"""

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from ..models import Addon, Handover
from .errors import ActionRefused

ENVIRONMENTS = ("stage", "production")
# Fields the file needs, with the intake's label for the message.
REQUIRED_FIELDS = (
    "addon_id",
    "name",
    "description",
    "owner_contact",
    "operator_name",
    "target_namespace",
    "quota_name",
    "install_mode",
    "default_channel",
)
ACKNOWLEDGE_TIMEOUT_SECONDS = 21600


def _handed_over(addon: Addon) -> bool:
    return Handover.objects.filter(addon=addon, status=Handover.Status.DONE).exists()


def _check_complete(addon: Addon, *, handed_over: bool) -> None:
    required = list(REQUIRED_FIELDS)
    if not handed_over:
        required.append("pagerduty_escalation_policy_id")
    errors = {}
    for name in required + ["dms_tags"]:
        field = Addon._meta.get_field(name)
        value = getattr(addon, name)
        if name in required and (value is None or not str(value).strip()):
            errors[name] = f"{capfirst(field.verbose_name)} is missing."
            continue
        try:
            field.run_validators(value)
        except ValidationError as exc:
            errors[name] = " ".join(exc.messages)
    if errors:
        raise ActionRefused(
            "The intake's addon metadata is incomplete, so addon.yaml cannot be produced: "
            + " ".join(errors.values()),
            field_errors=errors,
        )


def addon_yaml_data(*, addon: Addon, environment: str) -> dict:
    if environment not in ENVIRONMENTS:
        raise ActionRefused("The environment must be stage or production.")
    handed_over = _handed_over(addon)
    _check_complete(addon, handed_over=handed_over)
    escalation_policy = (
        settings.ADDON_SRE_ESCALATION_POLICY_ID
        if handed_over
        else addon.pagerduty_escalation_policy_id
    )
    enabled = addon.stage_enabled if environment == "stage" else addon.production_enabled
    return {
        "id": addon.addon_id,
        "name": addon.name,
        "description": addon.description.strip(),
        "label": f"api.openshift.com/addon-{addon.addon_id}",
        "enabled": enabled,
        "addonOwner": addon.owner_contact,
        "operatorName": addon.operator_name,
        "defaultChannel": addon.default_channel,
        "channels": [{"name": addon.default_channel}],
        "targetNamespace": addon.target_namespace,
        "namespaces": [addon.target_namespace],
        "installMode": addon.install_mode,
        "ocmQuotaName": addon.quota_name,
        "ocmQuotaCost": 0,
        "pagerduty": {
            "escalationPolicy": escalation_policy,
            "acknowledgeTimeout": ACKNOWLEDGE_TIMEOUT_SECONDS,
            "resolveTimeout": 0,
        },
        "deadmanssnitch": {
            "tags": [t.strip() for t in addon.dms_tags.split(",") if t.strip()],
        },
    }


def addon_yaml_render(*, addon: Addon, environment: str) -> str:
    """The file's text; raises ActionRefused when the intake metadata is incomplete."""
    data = addon_yaml_data(addon=addon, environment=environment)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
