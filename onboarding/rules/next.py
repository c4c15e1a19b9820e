"""Who acts next: the one table (issue 24 item 3).

`STEPS` is the table: each step names the party who must act (a persona, `Party`), what they do,
and the rule in `RULES` that allows it. `duties(ctx)` reads the addon's state and the sub-states
that matter (the review round's quorum and objections, the checklist items by side and status,
the SLOs and SOPs, missing SLO data, the managed-tenants metadata production approval needs, the
SLO window, the handover's steps and its hand-back) and returns the steps due now, each with
what it is about (counts, rows, dates, the guards' reasons).

Everyone reads it, and keeps only its own words: the addon header, My work and the dashboard
(`selectors/waiting_on.py`: the parties the addon `waits` on), the person's next steps
(`selectors/next_steps.py`: the due steps of their parties that the rule allows them), the
reminders (`services/reminders.py`: the people of the parties it waits on), and the checklist
(`rules/checklist.next_actor` and the item discussion's recipients: `item_next`).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from ..models import SLO, SOP, ChecklistItem, Handover, Side, State
from ..models.states import WORK_STATES
from ..selectors.gate_settings import gate_settings
from ..selectors.pager import (
    CHECK_PASSED,
    FAILED_STATUSES,
    Carrier,
    hand_back_of,
    handover_of,
    pager,
    pager_test_of,
    step_due,
)
from ..selectors.pager import (
    Step as PagerStep,
)
from ..selectors.slo_evaluation import lacking_data, window_elapsed
from .addon import extension_blocker
from .guards import production_addon_yaml_valid
from .transitions import blockers

Status = ChecklistItem.Status


class Party(StrEnum):
    """Who a step waits on: a persona of the addon (README "Who uses it")."""

    OWNERS = "owners"  # the addon's owner team
    ARCHITECTS = "architects"  # any SRES architect not of the addon's team
    MANAGER = "manager"  # any Addon SRE manager
    LEAD = "lead"  # the addon's assigned SRE lead
    SRE = "sre"  # the addon's assigned Addon SRE (its engineers, and its lead)
    ANY_LEAD = "any_lead"  # any Addon SRE lead, assigned to the addon or not
    CLOCK = "clock"  # no one: a date must pass (the SLO window, the shadow)
    HANDOVER = "handover"  # no one here: managed-tenants merges, PagerDuty is checked


# The parties that are people (the others are dates and outside systems).
PEOPLE = (Party.OWNERS, Party.ARCHITECTS, Party.MANAGER, Party.LEAD, Party.SRE, Party.ANY_LEAD)


@dataclass(frozen=True)
class Step:
    """One row of the table."""

    kind: str
    party: Party
    does: str  # what the party does, in a few words
    rule: str | None  # the RULES entry that allows it (None: a date or an outside system)
    also: tuple[Party, ...] = ()  # other parties whose rule allows the same step
    listed: bool = True  # in the person's next steps (False: only the header names it)
    but_not: Party | None = None  # four eyes: a party that may not take it though it is one

    @property
    def parties(self) -> tuple[Party, ...]:
        return (self.party, *self.also)


_O, _A, _M, _L, _S, _AL = (
    Party.OWNERS,
    Party.ARCHITECTS,
    Party.MANAGER,
    Party.LEAD,
    Party.SRE,
    Party.ANY_LEAD,
)

STEPS: dict[str, Step] = {
    step.kind: step
    for step in (
        # Kickoff
        Step("changes", _O, "make the requested changes", "addon.intake_edit"),
        Step("intake", _O, "fill in the missing intake fields", "addon.intake_edit"),
        Step("submit", _O, "submit the intake", "transitions.submit"),
        Step("resubmit", _O, "resubmit the intake", "transitions.resubmit"),
        Step("sign_off", _A, "sign off, object or ask for changes", "review.sign_off"),
        Step("concur", _AL, "concur for the review round", "review.concur"),
        Step("accept", _A, "accept or reject", "transitions.accept"),
        Step("assign", _M, "assign a lead and engineers", "transitions.assign"),
        Step("scope", _L, "record the scope", "transitions.scope"),
        Step("reopen", _O, "reopen it as a draft", "transitions.reopen", listed=False),
        # The last step of each working state
        Step("approve_production", _S, "approve production", "transitions.approve_production"),
        Step(
            "mark_in_production",
            _O,
            "record the production deploy date",
            "transitions.mark_in_production",
            also=(_S,),
        ),
        Step(
            "complete_transition", _S, "complete the transition", "transitions.complete_transition"
        ),
        # Onboarding and transition work
        Step("owner_todo", _O, "mark their checklist items done", "checklist.mark_done"),
        Step("sre_todo", _S, "mark their checklist items done", "checklist.mark_done"),
        Step("verify", _S, "verify the items marked done", "checklist.verify"),
        Step("waivers", _L, "decide the waiver requests", "checklist.decide_waiver"),
        # The assigned lead asked for these waivers: another lead decides them.
        Step(
            "lead_waivers",
            _AL,
            "decide the lead's waiver requests",
            "checklist.decide_waiver",
            but_not=_L,
        ),
        Step("stage_deploy", _O, "record the stage deploy date", "addon.stage_deploy", also=(_S,)),
        Step("metadata", _O, "fill in the managed-tenants metadata", "addon.metadata_edit"),
        Step("slos", _O, "define the SLOs or make the requested changes", "slos.slo_edit"),
        Step("sops", _O, "list the SOPs or make the requested changes", "slos.sop_edit"),
        Step("slo_data", _O, "start sending SLO data", "slos.slo_upload"),
        Step("slo_collection", _O, "fix the SLO collection", "slos.slo_upload", also=(_S,)),
        Step("slo_review", _S, "review the SLOs", "slos.slo_review"),
        Step("sop_review", _S, "review the SOPs", "slos.sop_review"),
        Step("window", Party.CLOCK, "the SLO window elapses", None, also=(_O, _S)),
        Step("extend", _S, "extend the transition period", "addon.extend_transition"),
        # The pager handover, after complete_transition
        Step("handover_retry", _L, "retry the handover", "addon.handover_retry", also=(_S, _M)),
        Step("pager_test_check", _S, "check the pager test", "addon.pager_test_check", also=(_L,)),
        Step("pager_test", _S, "run the pager test", "addon.pager_test", also=(_L,)),
        Step("shadow_start", _L, "start the shadow", "addon.shadow_start"),
        Step("shadowing", Party.CLOCK, "Addon SRE shadows", None),
        Step("handover_push", _L, "push the handover merge request", "addon.handover_push"),
        Step("handover", Party.HANDOVER, "the merge request is merged and verified", None),
        Step("handover_check", _L, "check the handover", "addon.handover_check", also=(_S, _M)),
        Step("hand_back", _L, "hand the pager back to the owners", "addon.hand_back"),
    )
}

# The last step of a working state: the addon waits on it once nothing else is open.
LAST_STEPS = {State.ONBOARDING: "approve_production", State.TRANSITION: "complete_transition"}
# The handover's steps, in the order a person is offered the first their rule allows.
PAGER_KINDS = (
    "handover_retry",
    "pager_test_check",
    "pager_test",
    "shadow_start",
    "handover_push",
    "handover_check",
    "hand_back",
)


@dataclass(frozen=True)
class Duty:
    """A step of the table due now on one addon, with what it is about."""

    step: Step
    waits: bool = True  # the addon waits on it (False: offered, awaited by no one)
    count: int = 0
    rows: tuple = ()  # the SLOs, SOPs or SLO results it is about
    details: tuple[str, ...] = ()  # the missing fields, the guards' reasons
    until: datetime | None = None

    @property
    def kind(self) -> str:
        return self.step.kind

    @property
    def party(self) -> Party:
        return self.step.party

    @property
    def rule(self) -> str | None:
        return self.step.rule


def _due(kind: str, **about) -> Duty:
    return Duty(STEPS[kind], **about)


def window_ends(addon):
    """When the transition window of an addon in its transition period elapses."""
    return addon.transition_started_at + timedelta(days=gate_settings(addon).window_days)


def duties(ctx) -> list[Duty]:
    """The steps due on the context's addon now, in the order of the process (the next steps'
    order): whoever asks, read once per context (the header and the next steps share it)."""
    return ctx.read("duties", lambda: _duties(ctx))


def _duties(ctx) -> list[Duty]:
    addon = ctx.addon
    state = addon.state
    if state in (State.DRAFT, State.CHANGES_REQUESTED):
        return _intake(addon)
    if state == State.SUBMITTED:
        return _review(ctx)
    if state == State.ACCEPTED:
        return [_due("assign")]
    if state == State.ASSIGNED:
        return [_due("scope")]
    if state in WORK_STATES:
        return _work(ctx)
    if state in (State.REJECTED, State.WITHDRAWN):
        return [_due("reopen")]
    if state == State.TRANSITIONED:
        return _handover(ctx)
    return []


def _intake(addon) -> list[Duty]:
    found = []
    if addon.state == State.CHANGES_REQUESTED:
        found.append(_due("changes"))
    if missing := addon.missing_intake_fields():
        found.append(_due("intake", count=len(missing), details=tuple(missing)))
    # The (re)submit comes once the intake is complete: until then the owners fill it in.
    submit = "resubmit" if addon.state == State.CHANGES_REQUESTED else "submit"
    found.append(_due(submit, waits=not missing))
    return found


def _review(ctx) -> list[Duty]:
    tally = ctx.tally
    open_ = bool(tally.objections) or tally.signoffs < tally.quorum
    # Until the quorum the architects sign off; after it, one accepts (or rejects), while an
    # architect who has not reviewed may still sign off.
    found = [_due("sign_off", waits=open_, count=tally.signoffs), _due("concur", waits=False)]
    if not open_:
        found.append(_due("accept", count=tally.signoffs))
    return found


def _work(ctx) -> list[Duty]:
    addon = ctx.addon
    state = addon.state
    found = []
    last = LAST_STEPS.get(state)
    if state == State.PRODUCTION_APPROVED:
        found.append(_due("mark_in_production"))
    overall = ctx.checklist_progress.overall
    if todo := overall.todo.get(Side.OWNER, 0):
        found.append(_due("owner_todo", count=todo))
    if todo := overall.todo.get(Side.SRE, 0):
        found.append(_due("sre_todo", count=todo))
    if overall.done:
        found.append(_due("verify", count=overall.done))
    if waivers := overall.waiting - overall.waiting_by_lead:
        found.append(_due("waivers", count=waivers))
    if overall.waiting_by_lead:
        found.append(_due("lead_waivers", count=overall.waiting_by_lead))
    if state == State.ONBOARDING and not addon.stage_deployed_on:
        found.append(_due("stage_deploy"))
    if state == State.ONBOARDING and (missing := production_addon_yaml_valid.blocker(ctx)):
        found.append(_due("metadata", details=(missing,)))
    # The addon page prefetches SLOs and SOPs in these states: read them in memory.
    slos, sops = list(addon.slos.all()), list(addon.sops.all())
    changed = tuple(s for s in slos if s.review == SLO.Review.CHANGES_REQUESTED)
    if not slos or changed:
        found.append(_due("slos", rows=changed))  # no rows: none defined yet
    changed = tuple(s for s in sops if s.status == SOP.Status.CHANGES_REQUESTED)
    if not sops or changed:
        found.append(_due("sops", rows=changed))
    if state == State.TRANSITION and (lacking := lacking_data(addon, ctx.slo_results)):
        # Without data the transition can neither complete nor be judged: the owners feed it.
        found.append(_due("slo_data", rows=tuple(lacking)))
    if failing := tuple(s for s in slos if s.last_collection_error):
        found.append(_due("slo_collection", waits=False, rows=failing))
    if pending := tuple(s for s in slos if s.review == SLO.Review.PENDING):
        found.append(_due("slo_review", rows=pending))
    if pending := tuple(s for s in sops if s.status == SOP.Status.PENDING):
        found.append(_due("sop_review", rows=pending))
    if state == State.TRANSITION and addon.transition_started_at:
        if not window_elapsed(addon):  # the guard's clock
            found.append(_due("window", until=window_ends(addon)))
        elif extension_blocker(ctx, addon) is None:
            # A full window ran and an SLO missed it or lacks data: completing is blocked,
            # extending is not.
            rows = tuple(r for r in ctx.slo_results if r.status != SLO.Status.MET)
            found.append(_due("extend", rows=rows))
    if last:
        # Nothing else open: the addon waits on its last step (with what still blocks it).
        if any(d.waits for d in found):
            found.insert(0, _due(last, waits=False))
        else:
            reasons = tuple(blockers(ctx, last, before_inputs=True))
            found.insert(0, _due(last, details=reasons))
    return found


def _handover(ctx) -> list[Duty]:
    """After complete_transition, until Addon SRE carries the pager (and after, a hand-back)."""
    addon = ctx.addon
    handover = handover_of(addon)
    if handover is None:  # complete_transition creates it: nothing a person can do here
        return [_due("handover")]
    fact = pager(addon, handover)
    if handover.status in FAILED_STATUSES:
        return [_due("handover_retry")]
    if handover.status == Handover.Status.STEPS:
        due = step_due(handover)
        if due == PagerStep.PAGER_TEST:
            test = pager_test_of(handover)
            if test is not None and not test.acknowledged:
                return [_due("pager_test_check"), _due("pager_test", waits=False)]
            return [_due("pager_test")]
        if due == PagerStep.SHADOW:
            return [_due("shadow_start")]
        if due == PagerStep.SHADOWING:
            return [_due("shadowing", until=handover.shadow_ends_at)]
        return [_due("handover_push")]
    if fact.carrier == Carrier.REQUESTED:  # the merge request is queued, open or unverified
        return [_due("handover"), _due("handover_check", waits=False)]
    if handover.status == Handover.Status.DONE and handover.verification not in CHECK_PASSED:
        return [_due("handover_check")]  # the PagerDuty check failed: look again
    back = hand_back_of(handover)
    if back is not None and back.status in (Handover.Status.PENDING, Handover.Status.REQUESTED):
        return [_due("handover_check", waits=False)]
    if fact.carrier == Carrier.ADDON_SRE and any(
        r.status != SLO.Status.MET for r in ctx.slo_results
    ):
        return [_due("hand_back", waits=False)]
    return []


def waits(ctx) -> list[Duty]:
    """The duties the addon as a whole waits on."""
    return [d for d in duties(ctx) if d.waits]


@dataclass(frozen=True)
class Persona:
    """Which parties one person is on one addon."""

    parties: frozenset = field(default_factory=frozenset)

    @classmethod
    def of(cls, ctx) -> "Persona":
        found = {
            Party.OWNERS: ctx.owner,
            Party.SRE: ctx.assigned_sre,
            Party.LEAD: ctx.assigned_lead,
            Party.ANY_LEAD: ctx.any_lead,
            Party.ARCHITECTS: ctx.architect,
            Party.MANAGER: ctx.manager,
        }
        return cls(frozenset(p for p, yes in found.items() if yes))

    def takes(self, duty: Duty) -> bool:
        if duty.step.but_not in self.parties:
            return False
        return any(p in self.parties for p in duty.step.parties)


def duties_of(ctx) -> list[Duty]:
    """The due steps whose party (or another party allowed the same step) the context's
    person is."""
    persona = Persona.of(ctx)
    return [d for d in duties(ctx) if d.step.listed and persona.takes(d)]


@dataclass(frozen=True)
class ItemNext:
    """Who moves one checklist item next: the party, the move, and who may not (four eyes)."""

    party: Party
    action: str  # the checklist rule ("checklist.<action>")
    not_by: object = None  # the person who may not take it (marked it done, asked the waiver)


def item_next(item) -> ItemNext | None:
    """The table's row for one checklist item (None: passed, nothing more to do)."""
    if item.status == Status.TO_DO:
        party = Party.OWNERS if item.side == Side.OWNER else Party.SRE
        return ItemNext(party, "checklist.mark_done")
    if item.status == Status.DONE:
        return ItemNext(Party.SRE, "checklist.verify", item.done_by if item.done_by_id else None)
    if item.status == Status.WAIVER_REQUESTED:
        by_lead = item.waiver_requested_by_id and (
            item.waiver_requested_by_id == item.addon.sre_lead_id
        )
        if by_lead:
            return ItemNext(Party.ANY_LEAD, "checklist.decide_waiver", item.waiver_requested_by)
        return ItemNext(Party.LEAD, "checklist.decide_waiver")
    return None
