"""The manager dashboard's figures; each is one aggregate query, whatever the data size."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..models import Addon, PortalSettings, State, TimelineEvent
from ..models.states import OPEN_STATES, STAGE_OF_STATE, STAGE_STATES, Stage

# Open states in which time passing means the pipeline is waiting on someone.
STUCK_STATES = [s for s in OPEN_STATES if s not in (State.DRAFT, State.REJECTED)]
ACTIVE_STATES = [*STAGE_STATES[Stage.ONBOARDING], State.ASSIGNED, State.TRANSITION]


def counts_by_state() -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """([(state, label, count)] in workflow order, {stage: count})."""
    counts = dict(Addon.objects.order_by().values_list("state").annotate(n=Count("pk")))
    per_state = [(s.value, s.label, counts.get(s.value, 0)) for s in State]
    per_stage = {str(stage): 0 for stage in Stage}
    for state, _label, n in per_state:
        per_stage[str(STAGE_OF_STATE[state])] += n
    return per_state, per_stage


@dataclass
class QueueAging:
    within_sla: int
    over_sla: int
    over_twice_sla: int
    oldest: list


def review_queue_aging(*, now=None, settings=None) -> QueueAging:
    now = now or timezone.now()
    sla = timedelta(days=(settings or PortalSettings.load()).review_sla_days)
    queue = Addon.objects.awaiting_review()
    figures = queue.aggregate(
        within=Count("pk", filter=Q(state_changed_at__gt=now - sla)),
        over=Count(
            "pk", filter=Q(state_changed_at__lte=now - sla, state_changed_at__gt=now - 2 * sla)
        ),
        over_twice=Count("pk", filter=Q(state_changed_at__lte=now - 2 * sla)),
    )
    oldest = list(queue.select_related("team").order_by("state_changed_at")[:10])
    return QueueAging(figures["within"], figures["over"], figures["over_twice"], oldest)


def load_per_team():
    return list(
        Addon.objects.filter(state__in=ACTIVE_STATES, sre_team__isnull=False)
        .order_by()
        .values("sre_team__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "sre_team__name")
    )


def load_per_engineer():
    """Active onboardings each person leads or works on."""
    active_led = Q(led_addons__state__in=ACTIVE_STATES)
    active_worked = Q(engineered_addons__state__in=ACTIVE_STATES)
    people = (
        get_user_model()
        .objects.filter(active_led | active_worked)
        .annotate(
            leading=Count("led_addons", filter=active_led, distinct=True),
            engineering=Count("engineered_addons", filter=active_worked, distinct=True),
        )
        .order_by("first_name", "last_name", "username")
    )
    return [
        {"name": str(person), "leading": person.leading, "engineering": person.engineering}
        for person in people.only("username", "first_name", "last_name")
    ]


def monthly_throughput(*, months=12, now=None) -> list[dict]:
    """Onboardings started (scoped) and finished (transitioned) per month, oldest first."""
    now = now or timezone.now()
    index = now.year * 12 + now.month - 1 - (months - 1)
    first = now.replace(
        year=index // 12, month=index % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    rows = (
        TimelineEvent.objects.filter(
            kind=TimelineEvent.Kind.TRANSITION,
            to_state__in=[State.ONBOARDING, State.TRANSITIONED],
            created_at__gte=first,
        )
        .order_by()
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            started=Count("pk", filter=Q(to_state=State.ONBOARDING)),
            finished=Count("pk", filter=Q(to_state=State.TRANSITIONED)),
        )
    )
    found = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row for row in rows
    }
    result, month = [], first.date()
    for _ in range(months):
        row = found.get(month, {})
        result.append(
            {"month": month, "started": row.get("started", 0), "finished": row.get("finished", 0)}
        )
        month = (month + timedelta(days=32)).replace(day=1)
    return result


def stuck_addons(*, now=None, settings=None, limit=50):
    """Addons longer than the stuck threshold in their state, longest first."""
    now = now or timezone.now()
    days = (settings or PortalSettings.load()).stuck_after_days
    return (
        Addon.objects.filter(
            state__in=STUCK_STATES, state_changed_at__lt=now - timedelta(days=days)
        )
        .select_related("team", "sre_lead")
        .order_by("state_changed_at")[:limit]
    )
