"""What waits on one person on one addon: the addon page's "Your next steps" and, per addon,
the home page's "My work".

Which steps are due, and whose they are, is the one "who acts next" table (rules/next.py):
this module only words and links them. A due step of one of the person's parties is listed
only when the rule of its action allows this person to take it now (`Step.rule` names it), and
what a guard still misses is said in the step (the missing intake fields, the comment that
asked for changes). Steps without a rule are dates, not actions (when the window elapses).
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import dateformat, timezone

from ..models import SLO, ChecklistItem, Side, State, TimelineEvent
from ..rules.checklist import my_side
from ..rules.next import PAGER_KINDS, duties_of, window_ends
from .pager import pager

__all__ = [
    "Step",
    "change_request",
    "change_requests",
    "counted",
    "day",
    "next_steps_for",
    "window_ends",
]

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


def next_steps_for(ctx) -> list[Step]:
    """The steps waiting on the context's person on its addon, in the order of the process:
    the table's due steps (rules/next.py) of the parties this person is, each when its rule
    allows them."""
    found = duties_of(ctx)
    if not found:
        return []
    addon = ctx.addon
    steps = []
    for duty in found:
        if duty.kind in PAGER_KINDS:
            continue
        steps += RENDER[duty.kind](ctx, duty)
    pager_duties = [d for d in found if d.kind in PAGER_KINDS]
    for duty in sorted(pager_duties, key=lambda d: PAGER_KINDS.index(d.kind)):
        # After complete_transition, until Addon SRE carries the pager: the step due (pager
        # test, shadow, push), or retry or check it — one step, the first the rule allows.
        if ctx.may(duty.rule):
            steps.append(_pager_step(addon, duty))
            break
    return steps


def _ruled(text, url, kind=None, **extra):
    """A step rendered when its rule allows the person, with the words and link given."""

    def render(ctx, duty):
        addon = ctx.addon
        if not ctx.may(duty.rule):
            return []
        return [Step(kind or duty.kind, text, _url(addon, url, duty.kind), duty.rule, **extra)]

    return render


def _url(addon, url, kind) -> str:
    if url == "action":
        return _addon_url(addon, f"action-{kind}")
    return _addon_url(addon, url)


def _changes(ctx, duty) -> list[Step]:
    addon = ctx.addon
    request = ctx.change_request
    if request is None or not ctx.may(duty.rule):
        return []
    edit = reverse("intake_edit", args=[addon.addon_id])
    return [
        Step(
            "changes",
            "Make the changes the reviewers asked for.",
            edit,
            duty.rule,
            quote=request.comment,
            quoted=f"{request.by}, {day(request.on)}",
        )
    ]


def _intake(ctx, duty) -> list[Step]:
    addon = ctx.addon
    if not ctx.may(duty.rule):
        return []
    edit = reverse("intake_edit", args=[addon.addon_id])
    text = f"Complete the intake: {counted(duty.count, 'field')} missing."
    return [Step("intake", text, edit, duty.rule, details=duty.details)]


def _sign_off(ctx, duty) -> list[Step]:
    addon = ctx.addon
    if not ctx.may(duty.rule):
        return []
    tally = ctx.tally
    text = (
        f"Review the intake (round {addon.intake_revision}): sign off, object or ask for "
        f"changes — {tally.signoffs} of {tally.quorum} sign-offs so far."
    )
    return [Step("sign_off", text, reverse("addon_review", args=[addon.addon_id]), duty.rule)]


def _concur(ctx, duty) -> list[Step]:
    addon = ctx.addon
    if not ctx.may(duty.rule):
        return []
    text = f"Give the SRE lead's concurrence for review round {addon.intake_revision}."
    return [Step("concur", text, reverse("addon_review", args=[addon.addon_id]), duty.rule)]


def _accept(ctx, duty) -> list[Step]:
    addon = ctx.addon
    if not ctx.may(duty.rule):
        return []
    tally = ctx.tally
    text = f"Accept the addon and set its priority: {tally.signoffs} of {tally.quorum} sign-offs."
    return [Step("accept", text, _addon_url(addon, "action-accept"), duty.rule)]


def _todo(side):
    def render(ctx, duty):
        addon = ctx.addon
        if my_side(ctx) != side:
            return []
        url = _checklist_url(addon, side="mine", status=Status.TO_DO)
        return [Step("todo", f"{counted(duty.count, 'checklist item')} to do.", url, duty.rule)]

    return render


def _verify(ctx, duty) -> list[Step]:
    addon = ctx.addon
    # Four eyes: the items this person marked done wait on another Addon SRE.
    overall = ctx.checklist_progress.overall
    if not ctx.assigned_sre or not (verify := overall.done - overall.done_mine):
        return []
    url = _checklist_url(addon, status=Status.DONE)
    return [Step("verify", f"{counted(verify, 'checklist item')} to verify.", url, duty.rule)]


def _waivers(ctx, duty) -> list[Step]:
    addon = ctx.addon
    url = _checklist_url(addon, status=Status.WAIVER_REQUESTED)
    text = f"{counted(duty.count, 'waiver request')} to decide."
    return [Step("waivers", text, url, duty.rule)]


def _metadata(ctx, duty) -> list[Step]:
    """What approve_production's guard finds missing from the managed-tenants metadata."""
    addon = ctx.addon
    if not ctx.may(duty.rule):
        return []
    url = reverse("addon_metadata", args=[addon.addon_id])
    text = "Fill in the managed-tenants metadata: production approval needs it."
    return [Step("metadata", text, url, duty.rule, duty.details)]


def _slos(ctx, duty) -> list[Step]:
    addon = ctx.addon
    if not ctx.may(duty.rule):
        return []
    if not duty.rows:
        return [
            Step("slos", "Define the SLOs.", reverse("slo_new", args=[addon.addon_id]), duty.rule)
        ]
    text = f"{counted(len(duty.rows), 'SLO')} with changes requested."
    url = reverse("addon_slos", args=[addon.addon_id])
    return [Step("slos", text, url, duty.rule, tuple(_reviewed(duty.rows, "name")))]


def _sops(ctx, duty) -> list[Step]:
    addon = ctx.addon
    if not ctx.may(duty.rule):
        return []
    url = reverse("addon_sops", args=[addon.addon_id])
    if not duty.rows:
        return [Step("sops", "List the SOPs.", url, duty.rule)]
    text = f"{counted(len(duty.rows), 'SOP')} with changes requested."
    return [Step("sops", text, url, duty.rule, tuple(_reviewed(duty.rows, "title")))]


def _slo_data(ctx, duty) -> list[Step]:
    addon = ctx.addon
    # The owners feed their SLOs; without data the transition can neither complete nor be
    # judged (the SRE can only extend it).
    if not ctx.may(duty.rule):
        return []
    text = f"Start sending SLO data: {counted(len(duty.rows), 'SLO')} without enough data."
    details = tuple(f"{r.slo.name}: {_data_missing(r)}" for r in duty.rows)
    url = f"{reverse('addon_slos', args=[addon.addon_id])}#tokens-h"
    return [Step("slo-data", text, url, duty.rule, details)]


def _slo_collection(ctx, duty) -> list[Step]:
    addon = ctx.addon
    # A failing collection is a gap growing by the hour: both sides need to see why.
    if not ctx.may(duty.rule):
        return []
    slos_url = reverse("addon_slos", args=[addon.addon_id])
    return [
        Step(
            "slo-collection",
            f"SLO {slo.name}: collection failing — {slo.last_collection_error}"[:400],
            f"{slos_url}#slo-{slo.pk}",
            duty.rule,
        )
        for slo in duty.rows
    ]


def _reviews(kind, noun, url_name, name_field):
    def render(ctx, duty):
        addon = ctx.addon
        if not ctx.may(duty.rule):
            return []
        names = tuple(getattr(row, name_field) for row in duty.rows)
        text = f"{counted(len(names), noun)} to review."
        return [Step(kind, text, reverse(url_name, args=[addon.addon_id]), duty.rule, names)]

    return render


def _window(ctx, duty) -> list[Step]:
    """While the window runs, the day it elapses: when the transition can complete at best."""
    addon = ctx.addon
    text = f"The transition can complete on {day(duty.until)} if the SLOs hold."
    return [Step("window", text, _addon_url(addon, "transition-h"))]


def _extend(ctx, duty) -> list[Step]:
    """A full window ran and an SLO missed it (or lacks data): the SRE extends the period."""
    addon = ctx.addon
    if not ctx.may(duty.rule):
        return []
    failing = ", ".join(f"{r.slo.name} ({SLO.Status(r.status).label.lower()})" for r in duty.rows)
    text = f"Extend the transition period: the latest window was not met by {failing}."
    return [Step("extend", text, _addon_url(addon, "transition-h"), duty.rule)]


# The handover's steps: the page's words for each (and the anchor all share).
PAGER_WORDS = {
    "handover_retry": ("handover-retry", "Retry the pager handover."),
    "pager_test_check": ("pager-test-check", "Check the pager test's acknowledgement."),
    "pager_test": ("pager-test", "Run the pager test."),
    "shadow_start": ("shadow-start", "Start the shadow."),
    "handover_push": ("handover-push", "Push the handover merge request."),
    "handover_check": ("handover-check", "Check the pager handover now."),
    "hand_back": ("hand-back", "Hand the pager back to the owners: an SLO misses its objective."),
}


def _pager_step(addon, duty) -> Step:
    kind, text = PAGER_WORDS[duty.kind]
    sentence = pager(addon).sentence
    return Step(kind, f"{text} {sentence}", _addon_url(addon, "transition-h"), duty.rule)


HANDOFFS = {
    "submit": "Submit the intake for review.",
    "resubmit": "Resubmit the intake for review.",
    "assign": "Assign the addon to an Addon SRE lead and engineers.",
    "scope": "Record the scope: work items, estimate and target production date.",
    "approve_production": "Approve production: the production gate has passed.",
    "mark_in_production": "Record the production deploy date; the transition window starts.",
    "complete_transition": "Complete the transition: this starts the pager handover (pager test, shadow, merge request).",
}

# Each due step of the table (rules/next.py STEPS) as this page words and links it.
RENDER = {
    **{kind: _ruled(text, "action") for kind, text in HANDOFFS.items()},
    "changes": _changes,
    "intake": _intake,
    "sign_off": _sign_off,
    "concur": _concur,
    "accept": _accept,
    "owner_todo": _todo(Side.OWNER),
    "sre_todo": _todo(Side.SRE),
    "verify": _verify,
    "waivers": _waivers,
    "lead_waivers": _waivers,
    "stage_deploy": _ruled(
        "Record the date the addon first ran on OCM stage (production approval needs it).",
        "stage-deploy",
    ),
    "metadata": _metadata,
    "slos": _slos,
    "sops": _sops,
    "slo_data": _slo_data,
    "slo_collection": _slo_collection,
    "slo_review": _reviews("slo-review", "SLO", "addon_slos", "name"),
    "sop_review": _reviews("sop-review", "SOP", "addon_sops", "title"),
    "window": _window,
    "extend": _extend,
}


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
