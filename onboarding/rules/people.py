"""Four eyes per person, not per account (README "Four eyes per person").

One person may hold two accounts; the portal cannot see that, so it narrows what a second
account can do: an account created, or whose roles changed, within the cooldown
(`ROLE_COOLDOWN_DAYS`, default 7) does not act on a gate (sign-off, accept, checklist
verification, waiver decision, production approval, transition completion), and whoever
assigns an addon is never its lead or engineer.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.utils import formats, timezone

UNREAD = object()


def _role_changes():
    from ..models import AuditEvent

    return AuditEvent.objects.filter(
        kind__in=[AuditEvent.Kind.ROLE_GRANTED, AuditEvent.Kind.ROLE_REVOKED]
    )


def roles_changed_at():
    """The account's last role grant or revoke, as an annotation: the auth backend reads it with
    the signed-in user (auth_backends.py), so a page asks no query of its own for it."""
    last = _role_changes().filter(subject=OuterRef("pk")).values("subject")
    return Subquery(last.annotate(at=Max("created_at")).values("at")[:1])


def gates_open_at(user) -> datetime:
    """When the account may act on gates: its creation or last role change, plus the cooldown.

    Read once per account object, as Django reads its permissions (`_perm_cache`): a page
    asks the gate rules for every addon it lists.
    """
    if not hasattr(user, "_gates_open_at"):
        changed = getattr(user, "roles_changed_at", UNREAD)  # read with the signed-in user
        if changed is UNREAD:
            changed = _role_changes().filter(subject=user).aggregate(at=Max("created_at"))["at"]
        since = max(filter(None, [user.date_joined, changed]))
        user._gates_open_at = since + timedelta(days=settings.ROLE_COOLDOWN_DAYS)
    return user._gates_open_at


def gate_cooldown(user) -> str | None:
    """Why this account may not act on a gate yet, or None."""
    if user is None or not user.is_authenticated:
        return None
    opens = gates_open_at(user)
    if opens <= timezone.now():
        return None
    return (
        f"Your account was created or its roles changed less than "
        f"{settings.ROLE_COOLDOWN_DAYS} days ago: it may act on gates from "
        f"{formats.date_format(timezone.localtime(opens), 'DATETIME_FORMAT')}."
    )


def self_assignment(by, sre_lead, engineers) -> dict[str, str]:
    """Field -> refusal when the person assigning names themselves as lead or engineer."""
    refusals = {}
    if sre_lead is not None and sre_lead.pk == by.pk:
        refusals["sre_lead"] = "You assign this addon: choose someone else as its SRE lead."
    if any(e.pk == by.pk for e in engineers):
        refusals["engineers"] = "You assign this addon: you cannot be one of its engineers."
    return refusals
