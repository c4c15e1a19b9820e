"""Transition guards: each one is an FSM `condition` that can also say what blocks it.

django-fsm calls a condition with the addon and wants a bool; the service layer and the
addon page ask `guard.blocker(addon)` for the plain-words reason instead.
"""

from django.conf import settings
from django.template.defaultfilters import pluralize
from django.utils import timezone


class Guard:
    def __init__(self, check):
        self.check = check
        self.__name__ = check.__name__
        self.__doc__ = check.__doc__

    def blocker(self, addon) -> str | None:
        return self.check(addon)

    def __call__(self, addon) -> bool:
        return self.check(addon) is None


def guard(check) -> Guard:
    return Guard(check)


@guard
def intake_complete(addon):
    missing = addon.missing_intake_fields()
    if missing:
        return "The intake is incomplete; missing: " + ", ".join(missing) + "."
    return None


@guard
def has_priority(addon):
    return None if addon.priority else "Set a priority (P1–P4) before accepting."


@guard
def has_signoff_quorum(addon):
    """The quorum of the current round (as it opened) counts distinct architects, so the
    acceptor's own sign-off is one of them and at least quorum − 1 (≥ 1) come from others."""
    from .selectors.signoffs import signoff_tally

    tally = signoff_tally(addon)
    if tally.signoffs < tally.quorum:
        return f"Needs sign-off from {tally.quorum} architects; has {tally.signoffs}."
    return None


@guard
def no_open_objection(addon):
    from .selectors.signoffs import signoff_tally

    objections = signoff_tally(addon).objections
    if objections:
        return f"{objections} architect objection{pluralize(objections)} still open."
    return None


@guard
def assignment_complete(addon):
    missing = [
        label
        for label, value in (
            ("Addon SRE team", addon.sre_team_id),
            ("SRE lead", addon.sre_lead_id),
            ("sprint slot", addon.sprint_slot),
        )
        if not value
    ]
    return "Choose the " + ", ".join(missing) + "." if missing else None


@guard
def scope_recorded(addon):
    missing = [
        label
        for label, value in (
            ("work items", addon.work_items.strip()),
            ("estimate", addon.estimate_weeks),
            ("target production date", addon.target_production_date),
        )
        if not value
    ]
    return "Record the scope: " + ", ".join(missing) + "." if missing else None


def _gate_blocker(addon, gate):
    from .models import ChecklistItem
    from .selectors.checklist_progress import checklist_progress, gate_blocking_items

    # On the addon page these are the same reads as its checklist summary (page_memo).
    blocking = gate_blocking_items(addon, gate)
    open_items = [item.key for item in blocking]
    if not open_items and not checklist_progress(addon).overall.total:
        return "The addon has no acceptance checklist yet."
    if open_items:
        reason = (
            f"{len(open_items)} {gate}-gate checklist item{pluralize(len(open_items))} "
            "not verified or waived: " + ", ".join(open_items) + "."
        )
        # Verified or waived, yet blocking: passed by one person alone (ChecklistItem.passed_q).
        passed = {ChecklistItem.Status.VERIFIED, ChecklistItem.Status.WAIVED}
        alone = [item.key for item in blocking if item.status in passed]
        if alone:
            reason += (
                " Four eyes: " + ", ".join(alone) + " were marked done and verified (or a "
                "waiver requested and decided) by one person; another person must check them."
            )
        return reason
    return None


@guard
def production_gate_passed(addon):
    return _gate_blocker(addon, "production")


@guard
def ran_on_stage(addon):
    if not addon.stage_deployed_on:
        return "The addon must run on the OCM stage environment first (record the stage date)."
    return None


@guard
def production_addon_yaml_valid(addon):
    """Production is approved for an addon managed-tenants would take as it is described."""
    from .errors import ActionRefused
    from .integrations.managed_tenants.addon_yaml import addon_yaml_data

    try:
        addon_yaml_data(addon=addon, environment="production")
    except ActionRefused as refused:
        return refused.message
    return None


@guard
def has_slo(addon):
    return None if addon.slos.exists() else "Define at least one SLO."


@guard
def production_deploy_recorded(addon):
    """A production deploy date that fits the dates the addon already has."""
    deployed = addon.production_deployed_on
    if not deployed:
        return "Give the production deploy date."
    if deployed > timezone.localdate():
        return "The production deploy date cannot be in the future."
    if addon.stage_deployed_on and deployed < addon.stage_deployed_on:
        return (
            f"The production deploy cannot come before the stage deploy "
            f"({addon.stage_deployed_on})."
        )
    approved = production_approved_on(addon)
    if approved and deployed < approved:
        return f"The production deploy cannot come before the production approval ({approved})."
    return None


def production_approved_on(addon):
    """The day production was approved, while the addon waits in production_approved."""
    from .models import State

    if addon.state != State.PRODUCTION_APPROVED:
        return None
    return timezone.localdate(addon.state_changed_at)


@guard
def handover_gate_passed(addon):
    return _gate_blocker(addon, "handover")


@guard
def handover_can_run(addon):
    """complete_transition starts the pager handover: refused while it could never run."""
    from .errors import ActionRefused
    from .integrations.managed_tenants.addon_yaml import addon_yaml_data
    from .integrations.managed_tenants.handover_change import HANDOVER_ENVIRONMENTS
    from .services.handover import handover_config_problem

    if problem := handover_config_problem():
        return (
            f"The pager handover cannot run: {problem} The portal's administrator sets it "
            "(README, Pager handover)."
        )
    policy = settings.ADDON_SRE_ESCALATION_POLICY_ID
    for environment in HANDOVER_ENVIRONMENTS:
        try:
            addon_yaml_data(addon=addon, environment=environment, escalation_policy=policy)
        except ActionRefused as refused:
            return (
                f"The pager handover cannot run: the {environment} addon.yaml with Addon SRE's "
                f"policy is not valid ({refused.message}). The owners fix it on the "
                "managed-tenants metadata page."
            )
    return None


@guard
def sops_approved(addon):
    sops = list(addon.sops.all())
    if not sops:
        return "List the addon's SOPs and have Addon SRE review them."
    pending = [s.title for s in sops if s.status != "approved"]
    return "SOPs not approved yet: " + ", ".join(pending) + "." if pending else None


@guard
def slos_viable(addon):
    from .selectors.slo_evaluation import viability_blocker

    return viability_blocker(addon)


# Guards that the step's own form inputs satisfy (the priority chosen on accept, the deploy
# date on mark_in_production…): the page offers the step and the service checks them on POST.
INPUT_GUARDS = {has_priority, assignment_complete, scope_recorded, production_deploy_recorded}
