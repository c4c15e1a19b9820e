"""What waits for one person, per role; each list is one query, limited to what a page shows."""

from django.db.models import Count, F, Q

from ..models import SLO, SOP, Addon, ChecklistItem, Handover, Side, State
from ..roles import PERM
from . import dashboard as figures
from .slo_evaluation import window_elapsed_since

LIMIT = 10
WORKING_STATES = [State.ONBOARDING, State.PRODUCTION_APPROVED, State.TRANSITION]


def _assigned_to(user, prefix=""):
    return Q(**{f"{prefix}sre_lead": user}) | Q(**{f"{prefix}engineers": user})


def owner_work(user) -> dict:
    team_addons = Addon.objects.filter(team__members=user)
    return {
        "my_addons": team_addons.open()
        .select_related("team")
        .order_by("-state_changed_at")[:LIMIT],
        "my_items": ChecklistItem.objects.filter(
            addon__team__members=user,
            addon__state__in=WORKING_STATES,
            side=Side.OWNER,
            status=ChecklistItem.Status.TO_DO,
        )
        .select_related("addon")
        .order_by("addon__name", "position")[:LIMIT],
    }


def architect_work(user) -> dict:
    queue = Addon.objects.awaiting_review().select_related("team").order_by("state_changed_at")
    signed = Q(signoffs__architect=user, signoffs__withdrawn_at__isnull=True)
    return {
        "queue": queue[:LIMIT],
        "awaiting_my_signoff": queue.exclude(signed)[:LIMIT],
    }


def lead_work(user) -> dict:
    return {
        "to_scope": Addon.objects.filter(state=State.ASSIGNED, sre_lead=user)
        .select_related("team")
        .order_by("state_changed_at")[:LIMIT],
        "waivers": ChecklistItem.objects.filter(
            status=ChecklistItem.Status.WAIVER_REQUESTED, addon__sre_lead=user
        )
        .select_related("addon", "waiver_requested_by")
        .order_by("updated_at")[:LIMIT],
    }


def sre_work(user) -> dict:
    # The addons the user leads or engineers, read once (two indexed lookups) and passed to
    # the three lists as ids: as a subquery each list re-ran a join over every addon.
    # No ORDER BY inside the union (Addon's default ordering): SQLite refuses it in a compound.
    engineered = Addon.engineers.through.objects.filter(user=user).values_list("addon_id")
    led = Addon.objects.filter(sre_lead=user).order_by().values_list("pk")
    mine = [pk for (pk,) in led.union(engineered)]
    met = Count("slos", filter=Q(slos__last_status=SLO.Status.MET))
    return {
        "to_verify": ChecklistItem.objects.filter(
            status=ChecklistItem.Status.DONE, addon_id__in=mine
        )
        .select_related("addon")
        # narrow rows to sort; the addon's state too, which its FSM reads on load
        .only("key", "title", "addon__addon_id", "addon__name", "addon__state")
        .order_by("updated_at")[:LIMIT],
        "sops": SOP.objects.filter(status=SOP.Status.PENDING, addon_id__in=mine)
        .select_related("addon")
        .order_by("addon__name", "title")[:LIMIT],
        # viability_blocker's rule on the stored verdicts: a full window run, every SLO met.
        "viable": Addon.objects.filter(
            state=State.TRANSITION,
            pk__in=mine,
            transition_started_at__lte=window_elapsed_since(),
        )
        .annotate(n_slos=Count("slos"), n_met=met)
        .filter(n_slos__gt=0, n_met=F("n_slos"))
        .select_related("team")
        .order_by("name")[:LIMIT],
    }


def manager_work(user) -> dict:
    return {
        "to_assign": Addon.objects.awaiting_assignment()
        .select_related("team")
        .order_by("state_changed_at")[:LIMIT],
        "stuck": figures.stuck_addons(limit=LIMIT),
        "failed_handovers": Handover.objects.filter(status=Handover.Status.FAILED)
        .select_related("addon")
        .order_by("updated_at")[:LIMIT],
    }


SECTIONS = [
    ("own_addon", owner_work),
    ("review_addon", architect_work),
    ("lead_onboarding", lead_work),
    ("verify_addon", sre_work),
    ("manage_onboarding", manager_work),
]


def work_for(user) -> dict:
    """{codename: lists} for each role the person holds."""
    return {codename: build(user) for codename, build in SECTIONS if user.has_perm(PERM[codename])}
