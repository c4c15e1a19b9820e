"""Where a person's work on one addon is: links for the addon page's "Your next steps" card.

The transition buttons say which step comes next; these links say where the work behind it
waits (checklist items, SLOs to define or review, SOPs to list or review).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from ..models import SLO, SOP, ChecklistItem, State
from ..rules.checklist import ChecklistRoles
from .checklist_progress import checklist_progress

# States in which the checklist, SLOs and SOPs are being worked on.
WORK_STATES = {State.ONBOARDING, State.PRODUCTION_APPROVED, State.TRANSITION}

Status = ChecklistItem.Status


@dataclass(frozen=True)
class WorkLink:
    label: str
    url: str
    kind: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _checklist_url(addon, **filters) -> str:
    return f"{reverse('checklist', args=[addon.addon_id])}?{urlencode(filters)}"


def work_links_for(addon, user) -> list[WorkLink]:
    """The places where this person's work on `addon` waits, most direct first."""
    if addon.state not in WORK_STATES:
        return []
    roles = ChecklistRoles.of(addon, user)
    if not (roles.owner or roles.sre or roles.lead):
        return []
    links = []
    side = roles.side
    # The same aggregate the page's checklist summary reads (computed once per page).
    overall = checklist_progress(addon).overall
    counts = {
        "todo": overall.todo.get(side, 0) if side else 0,
        "to_verify": overall.done,
        "waivers": overall.waiting,
    }
    if side and counts["todo"]:
        url = _checklist_url(addon, side="mine", status=Status.TO_DO)
        links.append(WorkLink(f"{_plural(counts['todo'], 'checklist item')} to do", url, "todo"))
    if roles.sre and counts["to_verify"]:
        url = _checklist_url(addon, status=Status.DONE)
        label = f"{_plural(counts['to_verify'], 'checklist item')} to verify"
        links.append(WorkLink(label, url, "verify"))
    if roles.lead and counts["waivers"]:
        url = _checklist_url(addon, status=Status.WAIVER_REQUESTED)
        label = f"{_plural(counts['waivers'], 'waiver request')} to decide"
        links.append(WorkLink(label, url, "waivers"))

    # The addon page prefetches SLOs and SOPs in these states: read them in memory.
    slos, sops = list(addon.slos.all()), list(addon.sops.all())
    slos_url = reverse("addon_slos", args=[addon.addon_id])
    sops_url = reverse("addon_sops", args=[addon.addon_id])
    if roles.owner:
        if not slos:
            links.append(
                WorkLink("Define the SLOs", reverse("slo_new", args=[addon.addon_id]), "slos")
            )
        elif changes := sum(slo.review == SLO.Review.CHANGES_REQUESTED for slo in slos):
            label = f"{_plural(changes, 'SLO')} with changes requested"
            links.append(WorkLink(label, slos_url, "slos"))
        if not sops:
            links.append(WorkLink("List the SOPs", sops_url, "sops"))
        elif changes := sum(sop.status == SOP.Status.CHANGES_REQUESTED for sop in sops):
            label = f"{_plural(changes, 'SOP')} with changes requested"
            links.append(WorkLink(label, sops_url, "sops"))
    if roles.sre:
        if pending := sum(slo.review == SLO.Review.PENDING for slo in slos):
            links.append(WorkLink(f"{_plural(pending, 'SLO')} to review", slos_url, "slo-review"))
        if pending := sum(sop.status == SOP.Status.PENDING for sop in sops):
            links.append(WorkLink(f"{_plural(pending, 'SOP')} to review", sops_url, "sop-review"))
    return links
