from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from ..models import PortalSettings
from ..rules import pages
from ..selectors import dashboard as figures
from ..selectors.lead_times import lead_times
from ..selectors.month_chart import month_chart
from ..selectors.pager import failed_handovers


@login_required
def dashboard(request):
    pages.dashboard.enforce(request.user, None)
    # The aggregates scan every addon and event; a minute-old picture is fine for managers.
    context = cache.get_or_set(FIGURES_KEY, _figures, FIGURES_SECONDS)
    # Not cached: a failed handover must show the moment it fails (or is retried).
    context = context | {"failed_handovers": failed_handovers(limit=50)}
    return render(request, "onboarding/dashboard.html", context)


FIGURES_KEY = "dashboard-figures:2"  # bumped when the cached shape changes
FIGURES_SECONDS = 60


def _figures():
    now = timezone.now()
    settings = PortalSettings.load()
    per_state, per_stage = figures.counts_by_state()
    return {
        "as_of": now,
        "per_state": per_state,
        "per_stage": per_stage,
        "lead_times": {
            90: lead_times(days=90, now=now),
            365: lead_times(days=365, now=now),
        },
        "queue": figures.review_queue_aging(now=now, settings=settings),
        "team_load": figures.load_per_team(),
        "engineer_load": figures.load_per_engineer(),
        "months": month_chart(figures.monthly_throughput(now=now)),
        "stuck": figures.stuck_addons(now=now, settings=settings),
        "settings": settings,
    }
