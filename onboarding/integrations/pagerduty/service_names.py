"""Which PagerDuty services are an addon's own, by exact name.

pagerduty-operator names the service of each cluster `<servicePrefix>-<clusterID>.<baseDomain>-hive-cluster`
(`<servicePrefix>-<clusterID>` on FedRAMP; openshift/pagerduty-operator, `generatePDServiceName`
in pkg/pagerduty/service.go), and an addon's PagerDutyIntegration uses the addon id as prefix.
OCM cluster ids are lowercase letters and digits, never a hyphen, so the name pins the prefix:
`notebooks-gpu-<cluster>…` can never read as an addon `notebooks` on a cluster `gpu-…`.
"""

import re

CLUSTER_ID = r"[a-z0-9]+"
BASE_DOMAIN = r"[a-z0-9.-]+"


def service_name_pattern(addon_id: str) -> re.Pattern:
    return re.compile(
        rf"{re.escape(addon_id)}-{CLUSTER_ID}(?:\.{BASE_DOMAIN}-hive-cluster)?", re.IGNORECASE
    )


def is_addon_service(service: dict, addon_id: str) -> bool:
    """True when `service` (a PagerDuty Service object) is one of the addon's own."""
    return bool(service_name_pattern(addon_id).fullmatch(service.get("name") or ""))
