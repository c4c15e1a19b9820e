import pytest

from onboarding.models import ApiToken


@pytest.fixture
def api_client(client):
    """api_client(user) -> a test client sending that user's bearer token."""

    def make(user):
        _, raw = ApiToken.issue(user=user, label="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return make
