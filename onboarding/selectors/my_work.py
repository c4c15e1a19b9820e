"""'My work': per addon, what waits on one person — the addon page's next steps, asked of the
same rules — plus the role-wide lists of a manager.

The addons a person may have work on are read in one query; what the rules and guards then
ask of each (checklist progress, blocking items, SLOs and SOPs, the review tally, the change
request) is read for all of them at once, so the page costs the same for 3 addons as for 30.
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery

from ..models import Addon, SignOff, State
from ..models.review import current_round
from ..models.states import OPEN_STATES, WORK_STATES
from ..rules.context import AddonContext, with_membership
from . import dashboard as figures
from .next_steps import Step, next_steps_for
from .pager import failed_handovers, waiting_handover_q
from .signoffs import Tally, concurred_in_round, round_quorum
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
    waiting_on: list[Party]  # read only where the person has no step


def _candidates(me: AddonContext) -> Q:
    """The addons on which a rule may give this person a step, by the roles they hold."""
    user = me.actor
    q = Q(pk__in=[])
    if me.owner_role:
        q |= Q(team__members=user, state__in=OPEN_STATES)
    if me.architect or me.any_lead:
        q |= Q(state=State.SUBMITTED)
    if me.manager:
        q |= Q(state=State.ACCEPTED)
    if me.verifier:
        # A transitioned addon stays theirs while its handover waits on a retry or a check.
        theirs = Q(state__in=ASSIGNED_STATES) | waiting_handover_q()
        q |= theirs & (Q(sre_lead=user) | Q(engineers=user))
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


def addon_work(me: AddonContext) -> tuple[list[AddonWork], bool]:
    """The person's addons with their next steps, those with steps first, oldest first; and
    whether there may be more than are shown."""
    # The first CANDIDATES are picked on the addon table alone; the joins and annotations
    # below then run for those rows only, not for every addon walked to find them.
    order = ("state_changed_at", "pk")
    picked = Addon.objects.filter(_candidates(me)).order_by(*order).values("pk")[:CANDIDATES]
    addons = (
        with_membership(Addon.objects.filter(pk__in=picked), me.actor)
        .select_related(
            "team", "sre_lead", "handover", "handover__pager_test", "handover__hand_back"
        )
        .prefetch_related("mt_metadata_rows")
        .order_by(*order)
    )
    known = {}
    if me.owner_role or me.architect or me.any_lead:
        # The list may hold submitted addons: their review tallies (and a lead's
        # concurrences) come with the addons, whatever their states, in no query of their own.
        addons = addons.annotate(
            n_signoffs=_count(False), n_objections=_count(True), quorum=round_quorum()
        )
        if me.any_lead:
            addons = addons.annotate(i_concurred=concurred_in_round(me.actor))
        addons = list(addons)
        known["tally"] = {
            a.pk: Tally(a.n_signoffs or 0, a.n_objections or 0, a.quorum) for a in addons
        }
        if me.any_lead:
            known["concurred"] = {a.pk: a.i_concurred for a in addons}
    addons = list(addons)
    contexts = AddonContext.many(addons, me.actor, known=known)
    mine, others = [], []
    for addon in addons:
        ctx = contexts[addon.pk]
        if steps := next_steps_for(ctx):
            mine.append(AddonWork(addon, steps, []))
            if len(mine) > LIMIT:
                break  # more wait on the person than are shown
        elif ctx.in_team:
            # The owners also see their team's addons that wait on someone else, and on whom.
            others.append(AddonWork(addon, [], waiting_on(ctx)))
    shown = mine + others
    return shown[:LIMIT], len(shown) > LIMIT or len(addons) == CANDIDATES


def manager_work(user) -> dict:
    return {
        "stuck": figures.stuck_addons(limit=LIMIT),
        "failed_handovers": failed_handovers(LIMIT),
    }


def work_for(user) -> dict:
    """The person's addons with steps, and the manager's role-wide lists."""
    me = AddonContext.of(user)
    if not me.roles:
        return {}
    addons, more = addon_work(me)
    return {
        "addons": addons,
        "more": more,
        "manager": manager_work(user) if me.manager else None,
        "owner": me.owner_role,
    }
