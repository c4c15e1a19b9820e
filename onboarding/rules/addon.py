"""The rules of addon-level actions that are not FSM transitions: the intake, the stage
deploy, the managed-tenants metadata, the transition extension, the handover retry. Each
takes `(user, addon)`."""

from .. import permissions
from ..models import SLO
from ..models.states import EDITABLE_INTAKE_STATES, OPEN_STATES, State
from ..selectors.slo_evaluation import page_slo_results
from .base import Forbidden, Rule


def _intake_create(user, team):
    """`team` is the owner team the intake is filed for (None: any team of theirs)."""
    if not permissions.is_owner_role(user):
        return Forbidden("Only service owners file intakes.")
    if team is not None and not team.members.filter(pk=user.pk).exists():
        return Forbidden("You may file intakes only for your own team.")
    return None


def _owner_team_while(user, addon, states, doing: str, otherwise: str):
    """The addon's owner team `doing` it, while the addon is in one of `states`."""
    if not permissions.is_team_owner(addon, user):
        return Forbidden(f"Only the owner team {doing}.")
    return None if addon.state in states else otherwise


def _intake_edit(user, addon):
    return _owner_team_while(
        user,
        addon,
        EDITABLE_INTAKE_STATES,
        "may edit the intake",
        "The intake can be edited only while it is a draft or changes were requested.",
    )


def _stage_deploy(user, addon):
    if not permissions.is_owner_or_assigned_sre(addon, user):
        return Forbidden("Only the addon's owners or its Addon SRE record deploys.")
    if addon.state != State.ONBOARDING:
        return (
            "The stage deploy is recorded during onboarding; the addon is "
            f"{addon.get_state_display().lower()}."
        )
    return None


def _metadata_edit(user, addon):
    return _owner_team_while(
        user,
        addon,
        OPEN_STATES,
        "edits the managed-tenants metadata",
        "The addon is no longer onboarding; managed-tenants is the record.",
    )


def extension_blocker(addon) -> str | None:
    """Why the period cannot be extended now, whoever asks; None once the latest window was
    missed or lacks data (the page's evaluation of the SLOs, read once)."""
    if addon.state != State.TRANSITION:
        return "Only an addon in its transition period can be extended."
    results = page_slo_results(addon)
    if not results:
        return "The addon has no SLOs to judge the window by."
    if all(r.status == SLO.Status.MET for r in results):
        return "Every SLO met its objective over the latest window: nothing to extend for."
    return None


def _extend(user, addon):
    if not permissions.is_assigned_sre(addon, user):
        return Forbidden("Only the Addon SRE assigned to this addon extends it.")
    return extension_blocker(addon)


def _handover_retry(user, addon):
    if not permissions.is_manager(addon, user):
        return Forbidden("Only an Addon SRE manager retries a handover.")
    return None


intake_create = Rule(_intake_create, "intake_create")
intake_edit = Rule(_intake_edit, "intake_edit")
stage_deploy = Rule(_stage_deploy, "stage_deploy")
metadata_edit = Rule(_metadata_edit, "metadata_edit")
extend_transition = Rule(_extend, "extend_transition")
handover_retry = Rule(_handover_retry, "handover_retry")
