"""Probe and scrape endpoints for load balancers, Kubernetes and Prometheus.

They are served by `onboarding.observability.metrics.ProbeMiddleware`, ahead of the host check and the
HTTPS redirect: kubelet probes and Prometheus scrapes reach the pod by its IP over plain http.
"""

import hmac
import ipaddress
import logging

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import pluralize

log = logging.getLogger(__name__)


def healthz(request):
    """The process is up and answering; checks nothing else, so a slow database never kills it."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return f"unreachable: {exc.__class__.__name__}"
    return None


def _check_migrations() -> str | None:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return f"cannot read migrations: {exc.__class__.__name__}"
    if plan:
        return f"{len(plan)} migration{pluralize(len(plan))} not applied"
    return None


def _check_broker() -> str | None:
    url = settings.CELERY_BROKER_URL
    if not url:
        return None
    try:
        if url.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
            try:
                client.ping()
            finally:
                client.close()
        else:
            from kombu import Connection

            with Connection(url, connect_timeout=1) as conn:
                conn.ensure_connection(max_retries=1)
    except Exception as exc:
        return f"unreachable: {exc.__class__.__name__}"
    return None


def readyz(request):
    """Ready for traffic: database reachable, migrations applied, broker reachable if used."""
    checks = {"database": _check_database()}
    checks["migrations"] = _check_migrations() if checks["database"] is None else "not checked"
    checks["broker"] = _check_broker() if settings.CELERY_BROKER_URL else "not configured"
    failed = {
        name: problem for name, problem in checks.items() if problem not in (None, "not configured")
    }
    if failed:
        log.warning("readiness check failed: %s", failed)
    body = {
        "status": "unavailable" if failed else "ok",
        "checks": {name: problem or "ok" for name, problem in checks.items()},
    }
    return JsonResponse(body, status=503 if failed else 200)


def _scrape_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").encode(), token.encode())
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics(request):
    """Prometheus text format; from loopback, or with `Authorization: Bearer <METRICS_TOKEN>`."""
    from .metrics import render_latest

    if not _scrape_allowed(request):
        return JsonResponse({"detail": "Metrics need a bearer token."}, status=403)
    body, content_type = render_latest()
    return HttpResponse(body, content_type=content_type)
