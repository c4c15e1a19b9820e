"""Where the SLO window ends: at the last hour whose collection run completed.

Not the wall clock: a window ending at the top of the current hour would take in an hour
nobody has collected yet, and every verdict would flicker for part of each hour. The clock
moves only when a collection run commits, so two requests a minute apart see the same
window — and the page says which hour it is "as of".
"""

from datetime import datetime

from django.core.cache import cache
from django.db.models import DateTimeField, F, Func, Value
from django.utils import timezone

from ..models import SLOClock

CACHE_KEY = "slo-collected-through"
CACHE_SECONDS = 60
NEVER = "never"  # cached too: before the first run, pages must not ask on every call


def floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def collected_through() -> datetime | None:
    """The clock, cached: every page with SLOs asks. The collection run replaces the cached
    value when it commits, so (with a shared cache) all processes move on together."""
    value = cache.get(CACHE_KEY)
    if value is None:
        value = SLOClock.objects.filter(pk=1).values_list("collected_through", flat=True).first()
        cache.set(CACHE_KEY, value or NEVER, CACHE_SECONDS)
    return None if value == NEVER else value


def clock_moved(value: datetime) -> None:
    cache.set(CACHE_KEY, value, CACHE_SECONDS)


def window_end(now: datetime | None = None) -> datetime:
    """The window end for `now` (an explicit moment: its last full hour), or — without one —
    the collection clock; before the first collection run, the last full hour."""
    if now is not None:
        return floor_hour(now)
    return collected_through() or floor_hour(timezone.now())


class WindowStart(Func):
    """Each SLO's own window start, `end` minus its `window_days`, computed by the database for
    every row: the window lengths need not be known before the query. `end` is on the hour,
    so SQLite's datetime() (to the second) and PostgreSQL's interval arithmetic agree."""

    output_field = DateTimeField()

    def __init__(self, end: datetime, days="window_days"):
        """`days`: the field (or an expression, e.g. an OuterRef) holding the window length."""
        days = F(days) if isinstance(days, str) else days
        super().__init__(Value(end, output_field=DateTimeField()), days)

    def _parts(self, compiler):
        (end_sql, end_params), (days_sql, days_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        return end_sql, days_sql, (*end_params, *days_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        end, days, params = self._parts(compiler)
        return f"({end} - make_interval(days => {days}))", params

    def as_sqlite(self, compiler, connection, **extra_context):
        end, days, params = self._parts(compiler)
        return f"datetime({end}, '-' || {days} || ' days')", params
