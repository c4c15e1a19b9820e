"""The read-only JSON API: token auth, visibility, pagination, detail shape."""

from datetime import timedelta

import jsonschema
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onboarding.api import api
from onboarding.models import SLO, ApiToken, ChecklistItem, State
from tests.factories import AddonFactory


def _validator(schema_name):
    document = api.get_openapi_schema()
    schema = {"$ref": f"#/components/schemas/{schema_name}", **document}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.django_db
def test_no_token_is_401_with_a_bearer_challenge(client, addon):
    response = client.get("/api/v1/addons")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": "A valid API token is required (Authorization: Bearer <token>).",
        "field": "Authorization",
    }


@pytest.mark.django_db
def test_revoked_token_is_refused(client, owner):
    token, raw = ApiToken.issue(user=owner, label="ci")
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/v1/addons", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.django_db
def test_a_logged_in_session_is_not_enough(client, owner, addon):
    client.force_login(owner)
    assert client.get("/api/v1/addons").status_code == 401


@pytest.mark.django_db
def test_token_is_stored_hashed(owner):
    token, raw = ApiToken.issue(user=owner, label="ci")
    assert raw not in (token.token_hash, token.prefix)
    assert ApiToken.objects.authenticate(raw) == token
    assert ApiToken.objects.authenticate(raw + "x") is None


@pytest.mark.django_db
def test_owner_lists_only_own_teams_addons(api_client, owner, addon, other_team):
    AddonFactory(team=other_team, addon_id="messaging")
    body = api_client(owner).get("/api/v1/addons").json()
    assert [a["id"] for a in body["results"]] == [addon.addon_id]
    _validator("PagedAddonSummary").validate(body)
    row = body["results"][0]
    assert row["name"] == addon.name
    assert row["state"] == "draft"
    assert row["stage"] == "kickoff"
    assert row["priority"] is None
    assert row["team"] == "Data Science"
    assert row["url"] == f"http://testserver/api/v1/addons/{addon.addon_id}"


@pytest.mark.django_db
def test_architect_sees_every_team_with_priority_and_dates(api_client, architect1, make_addon):
    accepted = make_addon(State.ACCEPTED)
    body = api_client(architect1).get("/api/v1/addons", {"state": "accepted"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == accepted.addon_id
    assert row["priority"] == accepted.priority
    assert row["state_changed_at"].startswith(accepted.state_changed_at.strftime("%Y-%m-%dT%H:%M"))


@pytest.mark.django_db
def test_pagination_links_walk_every_addon(api_client, manager, owner_team):
    for n in range(5):
        AddonFactory(team=owner_team, addon_id=f"page-{n}")
    client = api_client(manager)
    first = client.get("/api/v1/addons", {"page_size": 2}).json()
    assert (first["count"], first["num_pages"], first["previous"]) == (5, 3, None)
    seen = [a["id"] for a in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [a["id"] for a in page["results"]]
        url = page["next"]
    assert seen == [f"page-{n}" for n in range(5)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"page": "0"}, 400),
        ({"page_size": "101"}, 400),
        ({"state": "nope"}, 400),
        ({"page": "9"}, 404),
    ],
)
def test_bad_query_parameters_are_refused(api_client, manager, addon, query, status):
    response = api_client(manager).get("/api/v1/addons", query)
    assert response.status_code == status
    assert "detail" in response.json()


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_rows(api_client, manager, owner_team):
    client = api_client(manager)
    AddonFactory(team=owner_team)
    client.get("/api/v1/addons")  # the token's first use writes last_used_at once
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/addons").status_code == 200
    for _ in range(10):
        AddonFactory(team=TeamFactoryLike.next())
    with CaptureQueriesContext(connection) as large:
        body = client.get("/api/v1/addons").json()
    assert body["count"] == 11
    assert len(large) == len(small)


class TeamFactoryLike:
    """A fresh team per addon, so select_related is what keeps the count flat."""

    n = 0

    @classmethod
    def next(cls):
        from tests.factories import TeamFactory

        cls.n += 1
        return TeamFactory(name=f"Flat {cls.n}", slug=f"flat-{cls.n}")


@pytest.mark.django_db
def test_detail_has_checklist_progress_per_gate_and_slo_status(api_client, sre, make_addon):
    addon = make_addon(State.ONBOARDING)
    items = list(addon.checklist_items.order_by("position"))
    production = [i for i in items if i.gate == "production"]
    ChecklistItem.objects.filter(pk=production[0].pk).update(status="verified")
    ChecklistItem.objects.filter(pk=production[1].pk).update(status="waived")
    SLO.objects.create(
        addon=addon,
        name="availability",
        sli_type="availability",
        description="Share of good requests.",
        objective="99.500",
        last_status="met",
        last_evaluated_at=timezone.now() - timedelta(hours=1),
    )
    response = api_client(sre).get(f"/api/v1/addons/{addon.addon_id}")
    assert response.status_code == 200
    body = response.json()
    _validator("AddonDetail").validate(body)
    gate = body["checklist"]["production"]
    assert gate["total"] == len(production)
    assert (gate["verified"], gate["waived"]) == (1, 1)
    assert gate["todo"] == len(production) - 2
    handover_total = sum(1 for i in items if i.gate == "handover")
    assert body["checklist"]["handover"]["total"] == handover_total
    # The verdict the page computes, not the stale last_status: no data is "insufficient".
    assert body["slos"] == [
        {
            "name": "availability",
            "sli_type": "availability",
            "objective": 99.5,
            "window_days": 28,
            "review": "pending",
            "status": "insufficient",
            "compliance": None,
            "coverage": 0.0,
            "window_end": body["slos"][0]["window_end"],
        }
    ]
    assert body["pager"]["carrier"] == "owners" and body["handover"] is None


@pytest.mark.django_db
def test_other_teams_addon_is_404(api_client, owner2, addon):
    response = api_client(owner2).get(f"/api/v1/addons/{addon.addon_id}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such addon.", "field": "addon_id"}


@pytest.mark.django_db
def test_openapi_document_is_served_and_valid(client):
    from jsonschema.validators import validator_for

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/api/v1/addons",
        "/api/v1/addons/{addon_id}",
        "/api/v1/addons/{addon_id}/timeline",
        "/api/slos/{slo_id}/measurements",
    }
    for schema in document["components"]["schemas"].values():
        validator_for(schema).check_schema(schema)


@pytest.mark.django_db
def test_management_command_prints_a_working_token(client, owner, addon, capsys):
    call_command("api_token_create", "owner", "--label", "ci")
    raw = capsys.readouterr().out.strip()
    response = client.get("/api/v1/addons", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["count"] == 1
    assert ApiToken.objects.get(user=owner).label == "ci"


@pytest.mark.parametrize(
    ("path", "query", "message"),
    [
        (
            "/api/v1/addons",
            "?stat=draft",
            "Unknown query parameter: 'stat'. Known: page, page_size, state.",
        ),
        ("/api/v1/addons", "?page=1&=null", "Unknown query parameter: ''."),
        ("/api/v1/addons/{id}", "?page=2", "Unknown query parameter: 'page'. Known: none."),
    ],
)
def test_an_unknown_query_parameter_is_named_not_ignored(
    api_client, addon, owner, path, query, message
):
    response = api_client(owner).get(path.format(id=addon.addon_id) + query)
    assert response.status_code == 400
    assert message in response.json()["detail"]
