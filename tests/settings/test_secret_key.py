"""DJANGO_SECRET_KEY with debug off: the web app and Celery refuse to start without it,
while commands that sign nothing still run on a bare machine."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.signals import beat_init, worker_init

ROOT = Path(__file__).resolve().parents[2]


def _bare_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return {**env, "DJANGO_DEBUG": "0", **extra}


def _run(*args, **extra):
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args],
        cwd=ROOT,
        env=_bare_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_web_app_refuses_to_start_without_a_secret_key():
    result = _run("-c", "import portal.wsgi")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off." in result.stderr


def test_the_web_app_starts_with_one():
    result = _run("-c", "import portal.wsgi", DJANGO_SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr


def test_makemigrations_check_runs_without_any_environment():
    result = _run("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize("signal", [worker_init, beat_init], ids=["worker", "beat"])
def test_celery_worker_and_beat_stop_without_a_secret_key(settings, signal):
    from portal.celery import _require_secret_key

    # Connected to both start-up signals (sending them would also run Celery's own handlers).
    assert _require_secret_key in signal._live_receivers(None)
    settings.SECRET_KEY = ""
    with pytest.raises(SystemExit, match="DJANGO_SECRET_KEY is required"):
        _require_secret_key()
