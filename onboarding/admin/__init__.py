"""The Django admin of the portal, one module per area (site.py: managers only)."""

from . import addon, api_tokens, checklist, records, site  # noqa: F401
