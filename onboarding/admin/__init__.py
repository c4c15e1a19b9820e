"""The Django admin of the portal, one module per area."""

from . import checklist  # noqa: F401
