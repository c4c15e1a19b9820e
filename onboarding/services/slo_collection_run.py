"""The hourly collection run, and the lock it shares with the evaluation.

Beat starts the run a few minutes after each hour (`SLO_COLLECTION_DELAY_MINUTES`, letting
the last scrapes and rule evaluations of the hour land). It locks the clock row, pulls every
Prometheus SLO up to the hour just ended, and moves the clock to that hour — all in one
transaction, so pages switch from the old hour's data and window to the new ones at once.
An SLO whose pull fails keeps its error and gaps (the next runs pull those hours again);
it does not hold the clock back for every other SLO.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..integrations.prometheus.api import CollectionError
from ..models import SLOClock
from ..selectors.slo_window import clock_moved, floor_hour
from .slo_collect import prometheus_slos, slo_collect_recent

log = logging.getLogger(__name__)


def clock_locked(now: datetime) -> SLOClock:
    """The clock row under a row lock (created on first use); callers are in a transaction."""
    SLOClock.objects.get_or_create(
        pk=1, defaults={"collected_through": floor_hour(now), "finished_at": now}
    )
    return SLOClock.objects.select_for_update().get(pk=1)


def collection_run(now: datetime | None = None) -> int:
    """Collect every Prometheus SLO up to the last full hour; returns how many succeeded."""
    now = now or timezone.now()
    end = floor_hour(now)
    collected = 0
    with transaction.atomic():
        clock = clock_locked(now)
        for slo in prometheus_slos():
            try:  # the error is recorded on the SLO before this sees it, and kept
                slo_collect_recent(slo=slo, end=end)
            except CollectionError as exc:
                log.warning("SLO %s: collection failed: %s", slo.pk, exc)
                continue
            collected += 1
        if end >= clock.collected_through:
            clock.collected_through, clock.finished_at = end, timezone.now()
            clock.save(update_fields=["collected_through", "finished_at"])
            transaction.on_commit(lambda: clock_moved(end))
    return collected
