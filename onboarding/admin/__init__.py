"""The Django admin of the portal, one module per area (site.py: managers only)."""

from . import addon, api_tokens, checklist, prometheus, records, site  # noqa: F401
