"""The indexes the bench's cuts rest on are there after `migrate` on PostgreSQL."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="covering indexes are PostgreSQL's"
    ),
]


def _index(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else ""


def test_the_addon_list_reads_its_default_order_off_an_index():
    assert "ON public.onboarding_addon USING btree (name)" in _index("addon_name")


def test_slo_window_sums_are_an_index_only_scan():
    assert _index("slobucket_window_sums").endswith("(slo_id, start) INCLUDE (good, total, id)")
