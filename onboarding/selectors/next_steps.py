"""What waits on one person on one addon: the addon page's "Your next steps" and, per addon,
the home page's "My work".

Every step comes from a rule (onboarding/rules/): a step is listed only when the rule of its
action allows this person to take it now (`Step.rule` names it), and what a guard still
misses is said in the step (the missing intake fields, the comment that asked for changes).
Steps without a rule are dates, not actions (when the transition window elapses).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import dateformat, timezone

from ..models import SLO, SOP, ChecklistItem, State, TimelineEvent
from ..models.states import WORK_STATES
from ..rules.checklist import my_side
from ..rules.guards import production_addon_yaml_valid
from ..rules.transitions import role_refusal
from .gate_settings import gate_settings
from .pager import pager
from .slo_evaluation import lacking_data, window_elapsed

Status = ChecklistItem.Status


@dataclass(frozen=True)
class Step:
    kind: str
    text: str
    url: str
    rule: str | None = None  # the RULES (or checklist ITEM_RULES) entry that allows it
    details: tuple[str, ...] = ()
    quote: str = ""  # words of another person the step answers (a change request)
    quoted: str = ""  # who said them, and when


@dataclass
class ChangeRequest:
    comment: str
    by: str
    on: datetime


def counted(count: int, word: str) -> str:
    return f"{count} {word}{pluralize(count)}"


def day(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "j M Y")


def _addon_url(addon, anchor: str = "actions-h") -> str:
    return f"{addon.get_absolute_url()}#{anchor}"


def _checklist_url(addon, **filters) -> str:
    return f"{reverse('checklist', args=[addon.addon_id])}?{urlencode(filters)}"


def change_request(addon) -> ChangeRequest | None:
    """The comment that sent the intake back to its owners, while it waits on them."""
    if addon.state != State.CHANGES_REQUESTED:
        return None
    return change_requests([addon]).get(addon.pk)


def change_requests(addons) -> dict[int, ChangeRequest]:
    """The latest change request of each addon, in one query."""
    events = (
        TimelineEvent.objects.filter(
            addon__in=addons, kind=TimelineEvent.Kind.TRANSITION, to_state=State.CHANGES_REQUESTED
        )
        .select_related("actor")
        .order_by("addon_id", "-created_at", "-id")
    )
    found = {}
    for event in events:
        if event.addon_id not in found:
            comment = event.payload.get("comment", "") if event.payload else ""
            found[event.addon_id] = ChangeRequest(
                comment, str(event.actor or "—"), event.created_at
            )
    return found


def window_ends(addon):
    """When the transition window of an addon in its transition period elapses."""
    return addon.transition_started_at + timedelta(days=gate_settings(addon).window_days)


def next_steps_for(ctx) -> list[Step]:
    """The steps waiting on the context's person on its addon, in the order of the process."""
    addon = ctx.addon
    steps = _intake_steps(ctx) + _review_steps(ctx)
    steps += _handoff_steps(ctx)
    if addon.state in WORK_STATES:
        steps += _work_steps(ctx)
    return steps + _window_steps(ctx) + _pager_steps(ctx)


def _intake_steps(ctx) -> list[Step]:
    addon = ctx.addon
    steps = []
    edit = reverse("intake_edit", args=[addon.addon_id])
    may_edit = ctx.may("addon.intake_edit")
    if may_edit and (request := ctx.change_request):
        steps.append(
            Step(
                "changes",
                "Make the changes the reviewers asked for.",
                edit,
                "addon.intake_edit",
                quote=request.comment,
                quoted=f"{request.by}, {day(request.on)}",
            )
        )
    if may_edit and (missing := addon.missing_intake_fields()):
        text = f"Complete the intake: {counted(len(missing), 'field')} missing."
        steps.append(Step("intake", text, edit, "addon.intake_edit", details=tuple(missing)))
    for name, text in (
        ("submit", "Submit the intake for review."),
        ("resubmit", "Resubmit the intake for review."),
    ):
        if ctx.may(f"transitions.{name}"):
            url = _addon_url(addon, f"action-{name}")
            steps.append(Step(name, text, url, f"transitions.{name}"))
    return steps


def _review_steps(ctx) -> list[Step]:
    addon = ctx.addon
    if addon.state != State.SUBMITTED:
        return []
    steps = []
    review = reverse("addon_review", args=[addon.addon_id])
    tally = ctx.tally
    quorum = tally.quorum
    if ctx.may("review.sign_off"):
        text = (
            f"Review the intake (round {addon.intake_revision}): sign off, object or ask for "
            f"changes — {tally.signoffs} of {quorum} sign-offs so far."
        )
        steps.append(Step("sign_off", text, review, "review.sign_off"))
    if ctx.may("review.concur"):
        text = f"Give the SRE lead's concurrence for review round {addon.intake_revision}."
        steps.append(Step("concur", text, review, "review.concur"))
    if ctx.may("transitions.accept"):
        text = f"Accept the addon and set its priority: {tally.signoffs} of {quorum} sign-offs."
        steps.append(Step("accept", text, _addon_url(addon, "action-accept"), "transitions.accept"))
    return steps


HANDOFFS = {
    "assign": "Assign the addon to an Addon SRE lead and engineers.",
    "scope": "Record the scope: work items, estimate and target production date.",
    "approve_production": "Approve production: the production gate has passed.",
    "mark_in_production": "Record the production deploy date; the transition window starts.",
    "complete_transition": "Complete the transition: this starts the pager handover (pager test, shadow, merge request).",
}


def _handoff_steps(ctx) -> list[Step]:
    addon = ctx.addon
    return [
        Step(name, text, _addon_url(addon, f"action-{name}"), f"transitions.{name}")
        for name, text in HANDOFFS.items()
        if ctx.may(f"transitions.{name}")
    ]


# The handover's steps, in order, each offered by its rule (rules/addon.py) to whom it may.
PAGER_STEPS = (
    ("addon.pager_test_check", "pager-test-check", "Check the pager test's acknowledgement."),
    ("addon.pager_test", "pager-test", "Run the pager test."),
    ("addon.shadow_start", "shadow-start", "Start the shadow."),
    ("addon.handover_push", "handover-push", "Push the handover merge request."),
)


def _pager_steps(ctx) -> list[Step]:
    """After complete_transition, until Addon SRE carries the pager: the step due (pager test,
    shadow, push), or retry or check it."""
    addon = ctx.addon
    if addon.state != State.TRANSITIONED:
        return []
    url = _addon_url(addon, "transition-h")
    fact = pager(addon)
    if ctx.may("addon.handover_retry"):
        text = f"Retry the pager handover. {fact.sentence}"
        return [Step("handover-retry", text, url, "addon.handover_retry")]
    for rule, name, text in PAGER_STEPS:
        if ctx.may(rule):
            return [Step(name, f"{text} {fact.sentence}", url, rule)]
    if ctx.may("addon.handover_check"):
        text = f"Check the pager handover now. {fact.sentence}"
        return [Step("handover-check", text, url, "addon.handover_check")]
    return []


def _window_steps(ctx) -> list[Step]:
    """While the window runs, the day it elapses: when the transition can complete at best."""
    addon = ctx.addon
    if addon.state != State.TRANSITION or not addon.transition_started_at:
        return []
    if window_elapsed(addon):  # the guard's clock
        return _extension_steps(ctx)
    # The one who completes it, and the owners whose SLOs must hold.
    completes = role_refusal(ctx, "complete_transition") is None
    if not (completes or ctx.may("slos.slo_edit")):
        return []
    text = f"The transition can complete on {day(window_ends(addon))} if the SLOs hold."
    return [Step("window", text, _addon_url(addon, "transition-h"))]


def _extension_steps(ctx) -> list[Step]:
    """A full window ran and an SLO missed it (or lacks data): the SRE extends the period."""
    addon = ctx.addon
    if not ctx.may("addon.extend_transition"):
        return []
    failing = ", ".join(
        f"{r.slo.name} ({SLO.Status(r.status).label.lower()})"
        for r in ctx.slo_results
        if r.status != SLO.Status.MET
    )
    text = f"Extend the transition period: the latest window was not met by {failing}."
    return [Step("extend", text, _addon_url(addon, "transition-h"), "addon.extend_transition")]


@dataclass
class _Work:
    ctx: object
    steps: list = field(default_factory=list)

    def add(self, kind, text, url, rule, details=()):
        self.steps.append(Step(kind, text, url, rule, tuple(details)))


def _work_steps(ctx) -> list[Step]:
    addon = ctx.addon
    work = _Work(ctx)
    _checklist_work(work)
    if ctx.may("addon.stage_deploy") and not addon.stage_deployed_on:
        text = "Record the date the addon first ran on OCM stage (production approval needs it)."
        work.add("stage_deploy", text, _addon_url(addon, "stage-deploy"), "addon.stage_deploy")
    _metadata_work(work)
    _slo_sop_work(work)
    return work.steps


def _metadata_work(work: _Work) -> None:
    """What approve_production's guard finds missing from the managed-tenants metadata."""
    ctx = work.ctx
    addon = ctx.addon
    if addon.state != State.ONBOARDING or not ctx.may("addon.metadata_edit"):
        return
    if missing := production_addon_yaml_valid.blocker(ctx):
        url = reverse("addon_metadata", args=[addon.addon_id])
        text = "Fill in the managed-tenants metadata: production approval needs it."
        work.add("metadata", text, url, "addon.metadata_edit", [missing])


def _checklist_work(work: _Work) -> None:
    ctx = work.ctx
    addon, side = ctx.addon, my_side(ctx)
    overall = ctx.checklist_progress.overall
    if side and (todo := overall.todo.get(side, 0)):
        url = _checklist_url(addon, side="mine", status=Status.TO_DO)
        work.add("todo", f"{counted(todo, 'checklist item')} to do.", url, "checklist.mark_done")
    # Four eyes: the items this person marked done wait on another Addon SRE.
    if ctx.assigned_sre and (verify := overall.done - overall.done_mine):
        url = _checklist_url(addon, status=Status.DONE)
        work.add(
            "verify", f"{counted(verify, 'checklist item')} to verify.", url, "checklist.verify"
        )
    waivers = 0
    if ctx.assigned_lead:
        waivers = overall.waiting - overall.waiting_mine
    elif ctx.any_lead and addon.sre_lead_id != ctx.pk:
        waivers = overall.waiting_by_lead  # the assigned lead asked: another lead decides
    if waivers:
        url = _checklist_url(addon, status=Status.WAIVER_REQUESTED)
        text = f"{counted(waivers, 'waiver request')} to decide."
        work.add("waivers", text, url, "checklist.decide_waiver")


def _slo_sop_work(work: _Work) -> None:
    ctx = work.ctx
    addon = ctx.addon
    # The addon page prefetches SLOs and SOPs in these states: read them in memory.
    slos, sops = list(addon.slos.all()), list(addon.sops.all())
    slos_url = reverse("addon_slos", args=[addon.addon_id])
    sops_url = reverse("addon_sops", args=[addon.addon_id])
    if ctx.may("slos.slo_edit"):
        if not slos:
            url = reverse("slo_new", args=[addon.addon_id])
            work.add("slos", "Define the SLOs.", url, "slos.slo_edit")
        if changed := [s for s in slos if s.review == SLO.Review.CHANGES_REQUESTED]:
            text = f"{counted(len(changed), 'SLO')} with changes requested."
            work.add("slos", text, slos_url, "slos.slo_edit", _reviewed(changed, "name"))
    if ctx.may("slos.sop_edit"):
        if not sops:
            work.add("sops", "List the SOPs.", sops_url, "slos.sop_edit")
        if changed := [s for s in sops if s.status == SOP.Status.CHANGES_REQUESTED]:
            text = f"{counted(len(changed), 'SOP')} with changes requested."
            work.add("sops", text, sops_url, "slos.sop_edit", _reviewed(changed, "title"))
    if (lacking := lacking_data(addon, ctx.slo_results)) and ctx.may("slos.slo_edit"):
        # The owners feed their SLOs; without data the transition can neither complete
        # nor be judged (the SRE can only extend it).
        text = f"Start sending SLO data: {counted(len(lacking), 'SLO')} without enough data."
        details = [f"{r.slo.name}: {_data_missing(r)}" for r in lacking]
        work.add("slo-data", text, f"{slos_url}#tokens-h", "slos.slo_upload", details)
    if ctx.may("slos.slo_upload"):
        # A failing collection is a gap growing by the hour: both sides need to see why.
        for slo in slos:
            if slo.last_collection_error:
                text = f"SLO {slo.name}: collection failing — {slo.last_collection_error}"
                url = f"{slos_url}#slo-{slo.pk}"
                work.add("slo-collection", text[:400], url, "slos.slo_upload")
    pending = [s.name for s in slos if s.review == SLO.Review.PENDING]
    if pending and ctx.may("slos.slo_review"):
        text = f"{counted(len(pending), 'SLO')} to review."
        work.add("slo-review", text, slos_url, "slos.slo_review", pending)
    pending = [s.title for s in sops if s.status == SOP.Status.PENDING]
    if pending and ctx.may("slos.sop_review"):
        text = f"{counted(len(pending), 'SOP')} to review."
        work.add("sop-review", text, sops_url, "slos.sop_review", pending)


def _data_missing(result) -> str:
    if not result.hours_with_data:
        return "no data in the window yet"
    return f"{counted(result.missing_hours, 'hour')} of the latest window without data"


def _reviewed(rows, name_field: str) -> list[str]:
    """Each row's name with the reviewer's comment, when there is one."""
    return [
        f"{getattr(row, name_field)}: {row.review_comment}"
        if row.review_comment
        else getattr(row, name_field)
        for row in rows
    ]
