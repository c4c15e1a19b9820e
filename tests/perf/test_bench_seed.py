"""`make bench` seeds with raw SQL; a schema change that the seed misses would only show there.

The seed runs at 500 addons into a database of its own, then bench/probe.py finds every page
the bench drives and counts its queries, exactly as `make bench` does at 5,000.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("sqlite"), reason="the bench seeds PostgreSQL"
)


@pytest.fixture
def bench_url(django_db_blocker):
    with django_db_blocker.unblock():
        settings = connection.settings_dict
    name = f"{settings['NAME']}_bench_seed"
    parts = urlsplit(os.environ["DATABASE_URL"])
    url = parts._replace(path=f"/{name}").geturl()
    yield url
    import psycopg

    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(script, url, *args):
    env = {**os.environ, "BENCH_DATABASE_URL": url, "DATABASE_URL": url, "BENCH_ADDONS": "500"}
    env.update(BENCH_FLOOR="1", DJANGO_DEBUG="1", LOG_LEVEL="WARNING")
    done = subprocess.run(  # noqa: S603 - our own scripts
        [sys.executable, script, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_bench_seeds_the_current_schema_and_every_page_answers(bench_url):
    seeded = _run("bench/seed.py", bench_url)
    assert "{'addon': 500, 'checklistitem': 20020, 'timelineevent': 20000, 'slo': 100," in seeded

    probe = json.loads(_run("bench/probe.py", bench_url))

    assert set(probe["queries"]) == {*probe["targets"]["pages"], "checklist_post"}
    assert max(probe["queries"].values()) <= 12, probe["queries"]
