"""The Django admin of the portal, one module per area (site.py: managers only)."""

from . import addon, api_tokens, checklist, people, prometheus, records, site  # noqa: F401
