"""The demo addon in transition: two SLOs with 29 days of hourly data, both met, and two SOPs
waiting for `sre`, so a visitor can review them and complete the transition."""

from datetime import datetime

from ..models import SLO, SOP
from .workflow import add_slo_with_data, pass_gate

SOPS = [
    ("Prometheus target down", "https://sops.example.com/observability/target-down", "TargetDown"),
    (
        "Alertmanager notifications failing",
        "https://sops.example.com/observability/alertmanager-failing",
        "AlertmanagerFailedToSendAlerts\nAlertmanagerClusterDown",
    ),
]


def add_transition_demo(addon, *, now: datetime) -> None:
    """Give an addon in transition what the demo of the transition stage shows, as of `now`."""
    if not addon.slos.filter(name="query-latency").exists():
        latency = add_slo_with_data(
            addon, now=now, name="query-latency", objective="99.000", good=995
        )
        SLO.objects.filter(pk=latency.pk).update(
            sli_type=SLO.SLIType.LATENCY,
            description="Share of queries answered within 2 s",
            source=SLO.Source.PUSHED,
        )
    for title, url, alerts in SOPS:
        SOP.objects.get_or_create(addon=addon, title=title, defaults={"url": url, "alerts": alerts})
    # The handover-gate checklist items were worked during the period; the demo starts after.
    pass_gate(addon, "handover")
