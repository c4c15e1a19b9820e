"""Fuzz the generated OpenAPI description against the running API (the Django WSGI app).

Every generated request must get no 5xx and a response that matches the document: status
code, content type and body schema. The data is a few addons of two teams seen by a manager's
`read` token, and an SLO in its transition window pushed to with that addon's `push` token.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from onboarding.models import ApiToken, State
from onboarding.services.api_tokens import token_create
from portal.wsgi import application
from tests.factories import AddonFactory

# The document is fetched from the app itself, as a client would; the view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def tokens(db, manager, owner, owner_team, other_team, make_addon):
    AddonFactory(team=owner_team, addon_id="notebooks", priority="P2")
    AddonFactory(team=other_team, addon_id="kafka")
    pushed = make_addon(State.TRANSITION)
    _, read = ApiToken.issue(user=manager, label="schemathesis")
    _, push = token_create(addon=pushed, by=owner, label="schemathesis")
    # As Django's test client does: keep the test transaction's connection open across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"read": read, "push": push}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI repeats what a developer saw
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_openapi_description(case, tokens):
    push = case.path.endswith("/measurements")
    headers = {
        "Authorization": f"Bearer {tokens['push' if push else 'read']}",
        # GZipMiddleware compresses longer bodies; schemathesis' WSGI transport does not
        # decode Content-Encoding, so ask for the body as is.
        "Accept-Encoding": "identity",
    }
    # A push body can be schema-valid and still refused: hours on the hour, not in the
    # future, good <= total are rules of the domain that JSON Schema does not express.
    excluded = [positive_data_acceptance] if push else []
    case.call_and_validate(headers=headers, excluded_checks=excluded)
