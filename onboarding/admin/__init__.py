"""The Django admin of the portal, one module per area (site.py: managers only)."""

from . import addon, checklist, records, site  # noqa: F401
