"""The suite runs on the real services, with Celery tasks executed in process."""

import pytest
import redis
from celery import shared_task
from django.db import connection


@shared_task
def _add(a, b):
    return a + b


def test_it_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")


def test_postgres_dsn_names_the_test_database(postgres_dsn):
    assert "dbname=test_" in postgres_dsn


def test_redis_answers(redis_url):
    assert redis.Redis.from_url(redis_url).ping()


def test_celery_tasks_run_eagerly_by_default():
    assert _add.delay(2, 3).get(timeout=1) == 5


@pytest.mark.real_broker
def test_a_real_broker_test_sends_tasks_to_redis(settings):
    from portal.celery import app

    assert not app.conf.task_always_eager
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
