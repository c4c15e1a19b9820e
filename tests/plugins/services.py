"""Run the test suite against real PostgreSQL and Redis.

For each service, in order: the URL given in the environment (DATABASE_URL, REDIS_URL), else the
server answering on its default port on 127.0.0.1, else a throwaway server started for this
session from the local binaries (pytest-postgresql / pytest-redis executors).

portal/settings.py reads the environment at import time and pytest-django imports it in its own
`pytest_load_initial_conftests`, before any conftest.py is loaded. So this module is loaded with
`-p tests.plugins.services` (pyproject addopts) and its hook runs `tryfirst`, ahead of
pytest-django's; tests/conftest.py lists it in `pytest_plugins` too, which is then a no-op.
"""

import glob
import os
import shutil
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

LOCAL_HOST = "127.0.0.1"
LOCAL_POSTGRES_URL = f"postgres://postgres@{LOCAL_HOST}:5432/portal"
LOCAL_REDIS_URL = f"redis://{LOCAL_HOST}:6379"
# Celery's broker gets a database of its own so tests never touch a developer's db 0.
BROKER_DB = 15

# Settings for a production-like run (DEBUG off) that still works over plain http.
TEST_ENV = {
    "DJANGO_SECRET_KEY": "test-secret",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    # complete_transition needs a handover that can run (guards.handover_can_run). Nothing
    # listens on port 9: a test that lets the job run sees it fail, unless it uses mt_remote.
    "MANAGED_TENANTS_REPO_URL": "git://127.0.0.1:9/managed-tenants.git",
    "ADDON_SRE_ESCALATION_POLICY_ID": "PSRE247",
}

_started = []  # executors this session started; stopped in pytest_unconfigure


class ServiceUnavailable(pytest.UsageError):
    pass


def _answers(host, port, timeout=0.5):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _free_port():
    with socket.socket() as sock:
        sock.bind((LOCAL_HOST, 0))
        return sock.getsockname()[1]


def _tempdir(name):
    return Path(tempfile.mkdtemp(prefix=f"portal-test-{name}-"))


def _pg_ctl():
    # Newest major version first: /usr/lib/postgresql/<major>/bin/pg_ctl.
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return found[-1] if found else shutil.which("pg_ctl")


def start_postgres():
    """Start a throwaway PostgreSQL cluster; return its URL."""
    from pytest_postgresql.executors import PostgreSQLExecutor

    pg_ctl = _pg_ctl()
    if not pg_ctl:
        raise ServiceUnavailable(
            "The tests need PostgreSQL: set DATABASE_URL, run a server on 127.0.0.1:5432 "
            "(user postgres, trust auth), or install the server binaries so a throwaway "
            "one can be started: apt-get install postgresql"
        )
    if os.geteuid() == 0:
        raise ServiceUnavailable(
            "PostgreSQL refuses to run as root, so no throwaway server can be started. Start "
            "the system cluster (pg_ctlcluster <version> main start) or set DATABASE_URL."
        )
    workdir = _tempdir("postgres")
    port = _free_port()
    executor = PostgreSQLExecutor(
        executable=pg_ctl,
        host=LOCAL_HOST,
        port=port,
        datadir=str(workdir / "data"),
        unixsocketdir=str(workdir),
        logfile=str(workdir / "postgresql.log"),
        startparams="-w",
        dbname="portal",
        user="postgres",
        postgres_options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
    )
    executor.start()
    _started.append((executor, workdir))
    return f"postgres://postgres@{LOCAL_HOST}:{port}/portal"


def start_redis():
    """Start a throwaway Redis server; return its URL."""
    from pytest_redis.executor import RedisExecutor

    redis_server = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(redis_server):
        raise ServiceUnavailable(
            "The tests need Redis: set REDIS_URL, run a server on 127.0.0.1:6379, or install "
            "the server so a throwaway one can be started: apt-get install redis-server"
        )
    workdir = _tempdir("redis")
    port = _free_port()
    executor = RedisExecutor(
        executable=redis_server,
        databases=16,
        redis_timeout=30,
        loglevel="warning",
        host=LOCAL_HOST,
        port=port,
        datadir=workdir,
    )
    executor.start()
    _started.append((executor, workdir))
    return f"redis://{LOCAL_HOST}:{port}"


def _with_db(url, db):
    parts = urlsplit(url)
    return parts._replace(path=f"/{db}").geturl()


def configure_environment():
    """Point DATABASE_URL, REDIS_URL and CELERY_BROKER_URL at running services."""
    for name, value in TEST_ENV.items():
        os.environ.setdefault(name, value)
    # Tests run as production does: DEBUG off, whatever the developer's shell says.
    os.environ["DJANGO_DEBUG"] = "0"

    if not os.environ.get("DATABASE_URL"):
        local = _answers(LOCAL_HOST, 5432)
        os.environ["DATABASE_URL"] = LOCAL_POSTGRES_URL if local else start_postgres()
    if not os.environ.get("REDIS_URL"):
        local = _answers(LOCAL_HOST, 6379)
        os.environ["REDIS_URL"] = LOCAL_REDIS_URL if local else start_redis()
    os.environ.setdefault("CELERY_BROKER_URL", _with_db(os.environ["REDIS_URL"], BROKER_DB))


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    if early_config.known_args_namespace.help or early_config.known_args_namespace.version:
        return
    configure_environment()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_broker: send Celery tasks to the Redis broker instead of running them"
    )


def pytest_unconfigure(config):
    while _started:
        executor, workdir = _started.pop()
        executor.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def pytest_report_header(config):
    db = urlsplit(os.environ.get("DATABASE_URL", ""))
    redis = urlsplit(os.environ.get("REDIS_URL", ""))
    database = "sqlite" if db.scheme == "sqlite" else f"postgres {db.hostname}:{db.port}"
    return [f"services: {database}, redis {redis.hostname}:{redis.port}"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Hash passwords cheaply: every persona fixture creates a user, and PBKDF2 costs ~0.5 s."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers

    previous = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    yield
    settings.PASSWORD_HASHERS = previous
    get_hashers.cache_clear()


@pytest.fixture(autouse=True)
def _celery_eager(request, settings):
    """Run Celery tasks in process unless the test is marked `real_broker`."""
    if request.node.get_closest_marker("real_broker"):
        yield
        return
    from portal.celery import app

    # The Celery app copies Django's settings when first read, so flip its own copy as well
    # (reading it first, so that copy is made from the unmodified settings).
    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def redis_url():
    """URL of a Redis database reserved for tests (db 15, also the tests' Celery broker)."""
    return _with_db(os.environ["REDIS_URL"], BROKER_DB)


@pytest.fixture(scope="session")
def postgres_dsn(django_db_setup, django_db_blocker):
    """libpq DSN of the PostgreSQL test database (test_portal)."""
    from django.db import connection

    with django_db_blocker.unblock():
        params = connection.get_connection_params()
    return " ".join(
        f"{key}={params[key]}"
        for key in ("host", "port", "user", "password", "dbname")
        if params.get(key)
    )
