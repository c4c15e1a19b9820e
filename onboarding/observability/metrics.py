"""The portal's own Prometheus metrics: request latency per view and workflow gauges.

Request latency is observed by `RequestLatencyMiddleware`. The workflow gauges are computed
from the database when Prometheus scrapes (`PortalCollector`), so they never drift from the
data. With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR and the histogram is summed
across them (deploy/gunicorn.conf.py marks dead workers).
"""

import os
import time

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from . import health

# Not the global default registry: tests and reloads never trip over duplicate registration.
LATENCY_REGISTRY = CollectorRegistry(auto_describe=True)
REQUEST_LATENCY = Histogram(
    "portal_request_duration_seconds",
    "Time to answer an HTTP request, by Django view name.",
    ["view", "method"],
    registry=LATENCY_REGISTRY,
)
PROBES = {"/healthz": health.healthz, "/readyz": health.readyz, "/metrics": health.metrics}


class PortalCollector:
    """Gauges read from the database at scrape time."""

    def collect(self):
        from ..models import Addon, Handover, Notification, State

        per_state = dict(
            Addon.objects.order_by()
            .values_list("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
        addons = GaugeMetricFamily(
            "portal_addons", "Addons in each workflow state.", labels=["state"]
        )
        for state in State:
            addons.add_metric([state.value], per_state.get(state.value, 0))
        yield addons

        oldest = Addon.objects.awaiting_review().aggregate(oldest=Min("state_changed_at"))["oldest"]
        age = (timezone.now() - oldest).total_seconds() if oldest else 0
        yield GaugeMetricFamily(
            "portal_review_queue_oldest_seconds",
            "Age of the oldest submitted intake waiting in the review queue.",
            value=max(age, 0),
        )
        yield GaugeMetricFamily(
            "portal_notifications_pending",
            "Notifications written but not yet delivered.",
            value=Notification.objects.filter(sent_at__isnull=True).count(),
        )
        yield GaugeMetricFamily(
            "portal_handovers_failed",
            "Pager handovers that failed and wait for a retry.",
            value=Handover.objects.filter(status=Handover.Status.FAILED).count(),
        )


def render_latest() -> tuple[bytes, str]:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(PortalCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST


class ProbeMiddleware:
    """Answers /healthz, /readyz and /metrics before the host check and HTTPS redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = PROBES.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)


class RequestLatencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None and match.view_name else "<unresolved>"
        REQUEST_LATENCY.labels(view=view, method=request.method).observe(
            time.perf_counter() - started
        )
        return response
