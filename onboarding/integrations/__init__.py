"""Talking to the systems outside the portal: managed-tenants, PagerDuty,
Prometheus, the OpenID Connect provider, and their vendored contracts."""
