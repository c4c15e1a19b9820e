"""A manager's change of the portal settings, with one audit event naming what changed.

The gate settings (quorum, transition window, coverage) apply to review rounds and
transition windows opened after the change; those in flight keep the values they opened with.
"""

from django.db import transaction

from ..models import AuditEvent, PortalSettings
from ..rules import pages


def settings_change(*, row: PortalSettings, by, before: dict) -> PortalSettings:
    """Save `row` (already validated) and record each field whose value differs from `before`."""
    pages.admin.enforce(by, None)
    changes = {
        name: {"from": old, "to": getattr(row, name)}
        for name, old in before.items()
        if old != getattr(row, name)
    }
    with transaction.atomic():
        row.save()
        if changes:
            listed = ", ".join(f"{n} {c['from']} → {c['to']}" for n, c in changes.items())
            AuditEvent.objects.create(
                actor=by,
                kind=AuditEvent.Kind.SETTINGS_CHANGED,
                message=f"{by.get_username()} changed the portal settings: {listed}.",
                payload=changes,
            )
    return row
