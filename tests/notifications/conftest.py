import pytest

from onboarding.models import Notification


@pytest.fixture
def outbox_of():
    """outbox_of(event) -> (kind, set of recipients) of the one outbox row the event wrote."""

    def read(event):
        row = Notification.objects.get(event=event)
        return row.kind, set(row.recipients)

    return read
