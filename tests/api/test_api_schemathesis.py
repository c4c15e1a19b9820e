"""Fuzz the served OpenAPI description against the running API (the Django WSGI app).

Every generated request must get no 5xx and a response that matches the document: status
code, content type and body schema. The data is a few addons of two teams seen by a manager.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from onboarding.models import UserApiToken
from portal.wsgi import application
from tests.factories import AddonFactory

# The document is fetched from the app itself, as a client would; the view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def manager_token(db, manager, owner_team, other_team):
    AddonFactory(team=owner_team, addon_id="notebooks", priority="P2")
    AddonFactory(team=other_team, addon_id="kafka")
    _, raw = UserApiToken.issue(user=manager, label="schemathesis")
    # As Django's test client does: keep the test transaction's connection open across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield raw
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI repeats what a developer saw
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi_description(case, manager_token):
    # identity: schemathesis' WSGI transport does not undo GZipMiddleware's compression.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {manager_token}", "Accept-Encoding": "identity"}
    )
