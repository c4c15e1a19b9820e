"""Probes for load balancers and Kubernetes: /healthz and /readyz."""

import socket
from unittest import mock

import pytest


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_probes_answer_an_unknown_host_over_plain_http(client, settings):
    # kubelet reaches the pod by its IP; no redirect to https, no DisallowedHost.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.128.0.7:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_reports_database_migrations_and_broker_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "broker": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"].startswith("unreachable")
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_skips_the_broker_when_none_is_configured(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "not configured"


@pytest.mark.django_db
def test_readyz_is_503_while_migrations_are_pending(client):
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        return_value=[("migration", False)],
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 migration not applied"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(client):
    with mock.patch(
        "onboarding.observability.health.connection.cursor", side_effect=OSError("down")
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "unreachable: OSError"
    assert checks["migrations"] == "not checked"
