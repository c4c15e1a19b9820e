from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from onboarding.models import SLO, Addon, SLOBucket, State
from tests.transition.managed_tenants_remote import mt_remote  # noqa: F401 - fixture
from tests.transition.pagerduty_standin import pagerduty  # noqa: F401 - fixture

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)  # the window ends at 12:00


@pytest.fixture
def transition_addon(make_addon):
    """An addon in transition for 30 days, with its 29-day `availability` SLO (met)."""
    addon = make_addon(State.TRANSITION)
    Addon.objects.filter(pk=addon.pk).update(
        transition_started_at=datetime.now(tz=UTC) - timedelta(days=30)
    )
    addon.refresh_from_db()
    return addon


def make_slo(addon, name="avail", objective="99.000", window_days=1, **kwargs):
    return SLO.objects.create(
        addon=addon,
        name=name,
        sli_type=SLO.SLIType.AVAILABILITY,
        description="Successful requests",
        objective=Decimal(objective),
        window_days=window_days,
        **kwargs,
    )


def fill(slo, hours, *, end=None, good=99, total=100, skip=()):
    """`hours` hourly buckets ending at `end` (default: the window end of NOW)."""
    end = end or NOW.replace(minute=0)
    SLOBucket.objects.bulk_create(
        SLOBucket(slo=slo, start=end - timedelta(hours=h), good=good, total=total)
        for h in range(1, hours + 1)
        if h not in skip
    )


@pytest.fixture
def ready_to_complete(transition_addon):
    """In transition with the handover gate passed and its SOP approved: ready to complete."""
    from onboarding.models import SOP
    from tests.journey import pass_gate

    pass_gate(transition_addon, "handover")
    SOP.objects.create(
        addon=transition_addon, title="Down", url="https://sops.example.com/d", status="approved"
    )
    return transition_addon
