"""`make bench` seeds with raw SQL; a schema change that the seed misses would only show there.

The seed runs at 500 addons into a database of its own, then bench/probe.py finds every page
the bench drives and counts its queries, exactly as `make bench` does at 5,000 — in production
mode, on static files the bench collected itself (bench/static_root.py) over a stale STATIC_ROOT.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

from bench import static_root as static

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


def _env(url, static_root):
    env = {**os.environ, "BENCH_DATABASE_URL": url, "DATABASE_URL": url, "BENCH_ADDONS": "500"}
    env.update(BENCH_FLOOR="1", LOG_LEVEL="WARNING")
    return static.production_env(env, static_root)


def _run(script, env, *args):
    done = subprocess.run(  # noqa: S603 - our own scripts
        [sys.executable, script, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def stale_static_root(tmp_path):
    """A STATIC_ROOT collected before the favicon existed: its manifest lacks the entry."""
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"paths": {"css/portal.css": "css/portal.0123456789ab.css"}, "version": "1.1"})
    )
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "portal.0123456789ab.css").write_text("/* stale */")
    return tmp_path


def test_the_bench_seeds_the_current_schema_and_every_page_answers(bench_url, stale_static_root):
    env = _env(bench_url, stale_static_root)
    seeded = _run("bench/seed.py", env)
    assert "{'addon': 500, 'checklistitem': 20020, 'timelineevent': 20000, 'slo': 100," in seeded

    static.collect(env)
    probe = json.loads(_run("bench/probe.py", env))

    assert set(probe["queries"]) == {*probe["targets"]["pages"], "checklist_post"}
    assert max(probe["queries"].values()) <= 10, probe["queries"]
    manifest = json.loads((stale_static_root / "staticfiles.json").read_text())["paths"]
    assert "img/favicon.svg" in manifest
    assert not (stale_static_root / "css" / "portal.0123456789ab.css").exists()
