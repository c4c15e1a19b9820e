"""A SUM of event counts that cannot overflow, on either database.

Each bucket count fits a 64-bit integer (onboarding.bounds), but a window's sum may not:
SQLite's SUM() raises "integer overflow" past 2**63 (and every page reading it answered 500).
PostgreSQL's sum(bigint) is already numeric; on SQLite TOTAL() sums in floating point, which
cannot overflow (it is exact up to 2**53, far past any real window).
"""

from django.db.models import DecimalField, Sum

WIDE = DecimalField(max_digits=40, decimal_places=0)


class WideSum(Sum):
    def __init__(self, *expressions, **extra):
        super().__init__(*expressions, output_field=WIDE, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # TOTAL() is 0.0 over no rows where SUM() is NULL; the filter clause still applies.
        return super().as_sql(compiler, connection, function="TOTAL", **extra_context)


def as_int(value) -> int:
    """The summed value as a Python int (None, over no rows, is 0)."""
    return int(value or 0)
