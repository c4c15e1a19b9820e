"""'My work': per addon, what waits on one person — the addon page's next steps, asked of the
same rules — plus the role-wide lists of a manager.

The addons a person may have work on are read in one query; what the rules and guards then
ask of each (checklist progress, blocking items, SLOs and SOPs, the review tally, the change
request) is read for all of them at once, so the page costs the same for 3 addons as for 30.
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, prefetch_related_objects

from .. import permissions
from ..models import Addon, SignOff, State
from ..models.review import current_round
from ..models.states import OPEN_STATES, WORK_STATES
from ..rules.roles import PERM, holds
from . import dashboard as figures
from .checklist_progress import checklist_progress_many, gate_blocking_items_many, page_memo
from .next_steps import Step, change_requests, next_steps_for
from .pager import failed_handovers, waiting_handover_q
from .signoffs import Tally, review_many, round_quorum
from .slo_evaluation import evaluate_where
from .waiting_on import Party, waiting_on

LIMIT = 10
# Addons read to find those with work: a few more than are shown, as some turn out to have
# none. Each costs the rules' reads (~1 ms), so the home page reads 15, not all 500 of a busy
# engineer's; beyond them the page points to the addon list.
CANDIDATES = 15
ASSIGNED_STATES = [State.ASSIGNED, *WORK_STATES]


@dataclass
class AddonWork:
    addon: Addon
    steps: list[Step]
    waiting_on: list[Party]


def _candidates(user) -> Q:
    """The addons on which a rule may give this person a step, by the roles they hold."""
    q = Q(pk__in=[])
    if permissions.is_owner_role(user):
        q |= Q(viewer_in_team=True, state__in=OPEN_STATES)
    if permissions.is_architect(None, user) or permissions.is_lead(None, user):
        q |= Q(state=State.SUBMITTED)
    if permissions.is_manager(None, user):
        q |= Q(state=State.ACCEPTED)
    if holds(user, PERM["verify_addon"]) or permissions.is_lead(None, user):
        # A transitioned addon stays theirs while its handover waits on a retry or a check.
        theirs = Q(state__in=ASSIGNED_STATES) | waiting_handover_q()
        q |= theirs & (Q(sre_lead=user) | Q(viewer_is_engineer=True))
    return q


def _count(objection: bool):
    signoffs = (
        SignOff.objects.filter(current_round(revision=OuterRef("intake_revision")))
        .filter(addon=OuterRef("pk"), objection=objection)
        .order_by()
        .values("addon")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Subquery(signoffs, output_field=IntegerField())


def addon_work(user) -> tuple[list[AddonWork], bool]:
    """The person's addons with their next steps, those with steps first, oldest first; and
    whether there may be more than are shown."""
    addons = list(
        Addon.objects.with_viewer(user)
        .filter(_candidates(user))
        .annotate(n_signoffs=_count(False), n_objections=_count(True), quorum=round_quorum())
        .select_related("team", "sre_lead", "handover")
        .prefetch_related("mt_metadata_rows")
        .order_by("state_changed_at", "pk")[:CANDIDATES]
    )
    _prime(addons, user)
    found = [AddonWork(a, next_steps_for(a, user), waiting_on(a)) for a in addons]
    mine = [w for w in found if w.steps]
    # The owners also see their team's addons that wait on someone else, and on whom.
    others = [w for w in found if not w.steps and w.addon.viewer_in_team]
    shown = mine + others
    return shown[:LIMIT], len(shown) > LIMIT or len(addons) == CANDIDATES


def _prime(addons, user) -> None:
    """Read what the rules, guards and next steps ask of these addons, for all at once."""
    for addon in addons:
        tally = Tally(addon.n_signoffs or 0, addon.n_objections or 0, addon.quorum)
        page_memo(addon, "signoff_tally", lambda t=tally: t)
    working = [a for a in addons if a.state in WORK_STATES]
    if working:
        prefetch_related_objects(working, "slos", "sops")
        checklist_progress_many(working)
        _slo_results_many(working)
        if holds(user, PERM["verify_addon"]):
            gate_blocking_items_many(working)
    reviewing = [a for a in addons if a.state == State.SUBMITTED]
    if reviewing:
        review_many(
            reviewing,
            user,
            signoffs=permissions.is_architect(None, user),
            concurrences=permissions.is_lead(None, user),
        )
    requested = [a for a in addons if a.state == State.CHANGES_REQUESTED]
    if requested:
        found = change_requests(requested)
        for addon in requested:
            page_memo(addon, "change_request", lambda a=addon: found.get(a.pk))


def _slo_results_many(addons) -> None:
    """The SLO verdicts of the addons in their transition period: what the owners must send
    data for, the extension and complete_transition's guard. The database picks those addons,
    so home costs the same queries with or without one."""
    results = evaluate_where(addons, Q(addon__state=State.TRANSITION))
    for addon in addons:
        slos = list(addon.slos.all())
        if slos and all(s.pk in results for s in slos):
            page_memo(addon, "slo_results", lambda s=slos: [results[x.pk] for x in s])


def manager_work(user) -> dict:
    return {
        "stuck": figures.stuck_addons(limit=LIMIT),
        "failed_handovers": failed_handovers(LIMIT),
    }


def work_for(user) -> dict:
    """The person's addons with steps, and the manager's role-wide lists."""
    if not any(holds(user, perm) for perm in PERM.values()):
        return {}
    addons, more = addon_work(user)
    return {
        "addons": addons,
        "more": more,
        "manager": manager_work(user) if permissions.is_manager(None, user) else None,
        "owner": permissions.is_owner_role(user),
    }
