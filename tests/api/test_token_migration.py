"""The data migration: user API tokens issued before the one token model keep working."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from onboarding.models import ApiToken
from onboarding.models.api_access import token_digest

BEFORE = [("onboarding", "0013_issue17_one_api_token")]


@pytest.mark.django_db(transaction=True)
def test_a_user_token_from_before_keeps_working_as_a_read_token(owner, client, addon):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    UserApiToken = old_apps.get_model("onboarding", "UserApiToken")
    raw = "aop_issued-before-the-migration"
    UserApiToken.objects.create(
        user_id=owner.pk, label="old script", prefix=raw[:12], token_hash=token_digest(raw)
    )
    revoked = "aop_revoked-before-the-migration"
    UserApiToken.objects.create(
        user_id=owner.pk,
        label="revoked",
        prefix=revoked[:12],
        token_hash=token_digest(revoked),
        revoked_at="2026-01-01T00:00:00Z",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    token = ApiToken.objects.get(label="old script")
    assert (token.scope, token.user, token.addon) == ("read", owner, None)
    assert token.scopes == ["read"]
    response = client.get("/api/v1/addons", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["results"]] == [addon.addon_id]
    response = client.get("/api/v1/addons", HTTP_AUTHORIZATION=f"Bearer {revoked}")
    assert response.status_code == 401
