"""The default acceptance checklist (template version 1), from shared CHECKLIST.md.

Reconstructed from the public SRE acceptance-criteria catalogue; managers replace or extend it
by publishing a new template version in the admin.
"""

# key, category, title, responsible side, gate, evidence URL required
ITEMS = [
    ("CONT-1", "Continuity", "Data continuity: what data the service holds and how it survives failures", "owner", "production", True),
    ("CONT-2", "Continuity", "Disaster recovery plan, tested", "owner", "production", True),
    ("CONT-3", "Continuity", "Data management: retention, backups, restore procedure", "owner", "production", True),
    ("INC-1", "Incident management", "Contact information: owner mailing list and escalation contacts", "owner", "production", False),
    ("INC-2", "Incident management", "Service description and service definition document", "owner", "production", True),
    ("INC-3", "Incident management", "Service metadata complete (addon id, namespaces, quota name, channels)", "owner", "production", False),
    ("INC-4", "Incident management", "Escalation policies defined in PagerDuty for the addon", "owner", "production", True),
    ("INC-5", "Incident management", "Internal and external dependencies documented", "owner", "production", True),
    ("INC-6", "Incident management", "Every image tag maps to a code version", "owner", "production", False),
    ("INC-7", "Incident management", "Known failure scenarios each have an SOP", "owner", "production", True),
    ("INC-8", "Incident management", "Support staff and SRE are trained and enabled to support the workload", "sre", "handover", False),
    ("OBS-1", "Observability", "Meets the SRE observability requirements (metrics federated, Dead Man's Snitch wired)", "owner", "production", True),
    ("OBS-2", "Observability", "SLOs defined and tracked", "owner", "production", True),
    ("OBS-3", "Observability", "SLO-based alerts, each with an SOP", "owner", "production", True),
    ("OBS-4", "Observability", "SLI/SLO dashboard published in the shared dashboards repository", "owner", "production", True),
    ("OBS-5", "Observability", "Logging in place and reachable by SRE", "owner", "production", False),
    ("OBS-6", "Observability", "Error budget policy agreed", "owner", "handover", True),
    ("REL-1", "Releasing", "Release process documented", "owner", "production", True),
    ("REL-2", "Releasing", "No moving image tags", "owner", "production", False),
    ("REL-3", "Releasing", "Stage and production environments; the addon ran on stage first", "owner", "production", False),
    ("REL-4", "Releasing", "Automated, repeatable releases", "owner", "production", False),
    ("REL-5", "Releasing", "Promotion to production gated on stage tests (test harness runs in e2e)", "owner", "handover", True),
    ("RELI-1", "Reliability", "Runs on the managed OpenShift platform without cluster-admin", "owner", "production", False),
    ("RELI-2", "Reliability", "Resource requests and limits defined", "owner", "production", False),
    ("RELI-3", "Reliability", "Dependency management plan (exact version pins, trusted catalogs)", "owner", "production", False),
    ("RELI-4", "Reliability", "Policy for customer-brought TLS certificates", "owner", "production", False),
    ("RELI-5", "Reliability", "Kubernetes API usage reviewed (no excessive load)", "sre", "production", False),
    ("RELI-6", "Reliability", "Horizontally scalable", "owner", "production", False),
    ("RELI-7", "Reliability", "Kubernetes resiliency practices (probes, PodDisruptionBudgets, anti-affinity)", "owner", "production", False),
    ("RELI-8", "Reliability", "Survives platform upgrades without disruption", "owner", "production", True),
    ("RELI-9", "Reliability", "Load and stress tested", "owner", "handover", True),
    ("RELI-10", "Reliability", "Life-cycle tests (install, upgrade, uninstall)", "owner", "handover", True),
    ("RELI-11", "Reliability", "Capacity plan with known scaling limits", "owner", "handover", True),
    ("SEC-1", "Security", "Secrets delivered and rotated safely", "owner", "production", False),
    ("SEC-2", "Security", "Built in an approved supply-chain pipeline", "owner", "production", False),
    ("SEC-3", "Security", "CVE response process", "owner", "production", True),
    ("SEC-4", "Security", "Compliance requirements identified and met", "owner", "production", True),
    ("GATE-1", "Production gating", "Layered Products SRE agrees the addon is consistent with policy", "sre", "production", False),
    ("GATE-2", "Production gating", "Platform end-to-end tests pass with the addon's test harness", "sre", "production", True),
    ("GATE-3", "Production gating", "Platform SRE signs off on content landing in production", "sre", "production", False),
    ("GATE-4", "Production gating", "The development team signs off", "owner", "production", False),
    ("TRAN-1", "Transition", "SOPs reviewed by Addon SRE", "sre", "handover", False),
    ("TRAN-2", "Transition", "Dead Man's Snitch mapped to the Addon SRE PagerDuty service", "sre", "handover", False),
    ("TRAN-3", "Transition", "Incidents during the transition period reviewed jointly", "sre", "handover", False),
]

CATEGORY_GUIDANCE = {
    "Continuity": "Link the design or runbook that shows how data survives failures and is restored.",
    "Incident management": "What SRE needs at 3 a.m.: who to call, what the service is, how it fails.",
    "Observability": "Metrics federated to the platform, SLOs with dashboards and alerts, logs SRE can reach.",
    "Releasing": "Releases are pinned, automated and promoted from stage to production on test results.",
    "Reliability": "The addon behaves on a managed cluster: no cluster-admin, bounded resources, survives upgrades.",
    "Security": "Secrets, supply chain, CVEs and compliance handled before customers depend on it.",
    "Production gating": "The sign-offs that let the addon land in production.",
    "Transition": "The pager moves only when SRE knows the addon: SOPs, snitches and incidents reviewed.",
}
