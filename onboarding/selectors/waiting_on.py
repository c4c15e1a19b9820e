"""Who the addon as a whole waits on, whoever looks at it (issue 13: "who acts next").

The checklist says it per item (rules/checklist.next_actor); this says it for the addon, from
the same reads the guards and the next steps make (sign-off tally, checklist progress, the
addon's SLOs and SOPs), so the page costs no query more.
"""

from dataclasses import dataclass

from django.template.defaultfilters import pluralize

from ..models import SLO, SOP, State
from ..models.states import WORK_STATES
from ..rules.addon import extension_blocker
from ..rules.guards import production_addon_yaml_valid
from ..rules.transitions import blockers
from .next_steps import counted, day, window_ends
from .pager import Carrier, pager
from .slo_evaluation import lacking_data, window_elapsed


@dataclass(frozen=True)
class Party:
    who: str
    what: str


def waiting_on(ctx) -> list[Party]:
    """Each party the context's addon waits on with what it waits for; empty once nothing
    does. The same whoever asks: the context only lends its reads."""
    addon = ctx.addon
    owners = f"the owner team ({addon.team.name})"
    state = addon.state
    if state in (State.DRAFT, State.CHANGES_REQUESTED):
        work = ["make the requested changes"] if state == State.CHANGES_REQUESTED else []
        if missing := addon.missing_intake_fields():
            work.append(f"fill in {counted(len(missing), 'missing intake field')}")
        verb = "resubmit" if state == State.CHANGES_REQUESTED else "submit"
        then = f", then {verb} the intake" if work else f"{verb} the intake"
        return [Party(owners, " and ".join(work) + then)]
    if state == State.SUBMITTED:
        return [_review_party(ctx)]
    if state == State.ACCEPTED:
        return [Party("an Addon SRE manager", "assign the addon to a lead and engineers")]
    if state == State.ASSIGNED:
        return [Party(f"{addon.sre_lead} (SRE lead)", "record the scope")]
    if state in WORK_STATES:
        return _work_parties(ctx, owners)
    if state in (State.REJECTED, State.WITHDRAWN):
        return [Party(owners, "reopen it as a draft, if they want to try again")]
    if state == State.TRANSITIONED:
        return _pager_parties(addon)
    return []


def _pager_parties(addon) -> list[Party]:
    """Until Addon SRE carries the pager, the handover is what the addon waits on."""
    fact = pager(addon)
    if fact.carrier == Carrier.ADDON_SRE:
        return []
    if fact.carrier == Carrier.REQUESTED:
        return [Party("the pager handover", fact.sentence.rstrip("."))]
    lead = f"{addon.sre_lead} (SRE lead)" if addon.sre_lead_id else "the SRE lead"
    return [
        Party(
            f"{lead} or the assigned Addon SRE",
            f"retry or check the handover. {fact.sentence.rstrip('.')}",
        )
    ]


def _review_party(ctx) -> Party:
    addon, tally = ctx.addon, ctx.tally
    quorum = tally.quorum
    if tally.objections:
        what = f"{counted(tally.objections, 'objection')} open in round {addon.intake_revision}"
    elif tally.signoffs < quorum:
        what = f"{tally.signoffs} of {quorum} sign-offs in round {addon.intake_revision}"
    else:
        return Party("an architect", f"accept or reject (the quorum of {quorum} sign-offs is met)")
    return Party("the architects", what)


def _work_parties(ctx, owners) -> list[Party]:
    addon = ctx.addon
    overall = ctx.checklist_progress.overall
    slos, sops = list(addon.slos.all()), list(addon.sops.all())
    owner_work, sre_work = [], []
    # Either side may record the deploys; the owners are the ones who deploy.
    if addon.state == State.ONBOARDING and not addon.stage_deployed_on:
        owner_work.append("the stage deploy date")
    if addon.state == State.PRODUCTION_APPROVED:
        owner_work.append("the production deploy date")
    if todo := overall.todo.get("owner", 0):
        owner_work.append(f"{counted(todo, 'checklist item')} to do")
    if not slos or any(s.review == SLO.Review.CHANGES_REQUESTED for s in slos):
        owner_work.append("the SLOs")
    if not sops or any(s.status == SOP.Status.CHANGES_REQUESTED for s in sops):
        owner_work.append("the SOPs")
    if addon.state == State.ONBOARDING and production_addon_yaml_valid.blocker(ctx):
        owner_work.append("the managed-tenants metadata")
    if lacking := lacking_data(addon, ctx.slo_results):
        owner_work.append("SLO data for " + ", ".join(r.slo.name for r in lacking))
    if todo := overall.todo.get("sre", 0):
        sre_work.append(f"{counted(todo, 'checklist item')} to do")
    if overall.done:
        sre_work.append(f"{counted(overall.done, 'checklist item')} to verify")
    if reviews := sum(s.review == SLO.Review.PENDING for s in slos) + sum(
        s.status == SOP.Status.PENDING for s in sops
    ):
        sre_work.append(f"{reviews} SLO or SOP review{pluralize(reviews)}")
    parties = []
    if owner_work:
        parties.append(Party(owners, ", ".join(owner_work)))
    if sre_work:
        parties.append(Party("the assigned Addon SRE", ", ".join(sre_work)))
    if overall.waiting:
        lead = f"{addon.sre_lead} (SRE lead)" if addon.sre_lead_id else "the SRE lead"
        parties.append(Party(lead, counted(overall.waiting, "waiver request") + " to decide"))
    started = addon.transition_started_at
    if addon.state == State.TRANSITION and started:
        if not window_elapsed(addon):
            parties.append(Party("the SLO window", f"it elapses on {day(window_ends(addon))}"))
        elif extension_blocker(ctx, addon) is None:
            # A full window ran and an SLO missed it or lacks data: completing is blocked,
            # extending is not (as the SRE's next steps say).
            parties.append(Party("the assigned Addon SRE", "extend the transition period"))
    if not parties:
        parties += _last_step(ctx)
    return parties


LAST_STEPS = {
    State.ONBOARDING: ("approve_production", "approve production"),
    State.TRANSITION: ("complete_transition", "complete the transition"),
}


def _last_step(ctx) -> list[Party]:
    """Nothing else is open: the SRE takes the state's last step, once its guards allow it."""
    addon = ctx.addon
    if addon.state not in LAST_STEPS:
        return []
    name, words = LAST_STEPS[addon.state]
    if reasons := blockers(ctx, name, before_inputs=True):
        return [
            Party("the assigned Addon SRE", f"{words} once this is resolved: " + " ".join(reasons))
        ]
    return [Party("the assigned Addon SRE", words)]
