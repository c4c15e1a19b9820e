"""Prometheus sources with credentials: the real Prometheus behind a small loopback reverse
proxy that demands a bearer token and a tenant header, as thanos-querier and Observatorium
do; and the admin that keeps their secrets write-only."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import requests
from django.urls import reverse

from onboarding.models import SLO, PrometheusSource, SLOBucket, State
from onboarding.services.slo_collection_run import collection_run

from .conftest import make_slo

TOKEN = "s3cret-token-for-the-test"  # noqa: S105 - a test credential
CLIENT_SECRET = "client-s3cret"  # noqa: S105 - a test credential


class _Proxy(BaseHTTPRequestHandler):
    upstream = ""
    seen: list = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).seen.append(dict(self.headers))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._answer(401, b"Unauthorized\n", "text/plain")
            return
        if self.headers.get("X-Scope-OrgID") != "rhods":
            self._answer(401, b'{"status":"error","error":"no org id"}', "application/json")
            return
        upstream = requests.get(self.upstream + self.path, timeout=10)
        self._answer(upstream.status_code, upstream.content, "application/json")

    def do_POST(self):  # noqa: N802 - an OAuth2 token endpoint (RFC 6749, section 4.4)
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        valid = (
            self.path == "/oauth/token"
            and self.headers.get("Content-Type") == "application/x-www-form-urlencoded"
            and form.get("grant_type") == ["client_credentials"]
            and form.get("client_id") == ["portal"]
            and form.get("client_secret") == [CLIENT_SECRET]
        )
        if not valid:
            self._answer(401, b'{"error":"invalid_client"}', "application/json")
            return
        body = json.dumps({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 300})
        self._answer(200, body.encode(), "application/json")

    def _answer(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy(prometheus_data):
    url, data = prometheus_data
    handler = type("Proxy", (_Proxy,), {"upstream": url, "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", data, handler
    server.shutdown()


@pytest.fixture
def source(proxy, db):
    url, _, _ = proxy
    return PrometheusSource.objects.create(
        name="thanos-rhods",
        url=url,
        auth=PrometheusSource.Auth.BEARER,
        bearer_token=TOKEN,
        tenant_header="X-Scope-OrgID",
        tenant="rhods",
    )


def _slo(addon, source):
    return make_slo(
        addon,
        name="via-proxy",
        window_days=7,
        source=SLO.Source.PROMETHEUS,
        kind=SLO.Kind.EVENTS,
        good_query="portal_gap_good_total",
        total_query="portal_gap_all_total",
        prometheus_source=source,
    )


def test_a_bearer_source_with_a_tenant_collects_through_the_proxy(
    proxy, source, make_addon, settings
):
    _, data, handler = proxy
    settings.PROMETHEUS_URL = ""  # the default source is not used, or needed
    slo = _slo(make_addon(State.TRANSITION), source)
    collection_run(now=data.end + timedelta(minutes=5))
    slo.refresh_from_db()
    assert slo.last_collection_error == ""
    assert SLOBucket.objects.filter(slo=slo).count() == 7 * 24 - 3  # the scrape gap
    assert handler.seen[-1]["Authorization"] == f"Bearer {TOKEN}"


def test_an_oauth2_client_credentials_source_fetches_its_token_first(proxy, source, make_addon):
    url, data, handler = proxy
    PrometheusSource.objects.filter(pk=source.pk).update(
        auth=PrometheusSource.Auth.OAUTH2,
        bearer_token="",
        token_url=f"{url}/oauth/token",
        client_id="portal",
        client_secret=CLIENT_SECRET,
    )
    source.refresh_from_db()
    slo = _slo(make_addon(State.TRANSITION), source)
    collection_run(now=data.end + timedelta(minutes=5))
    slo.refresh_from_db()
    assert slo.last_collection_error == ""
    assert SLOBucket.objects.filter(slo=slo).count() == 7 * 24 - 3
    PrometheusSource.objects.filter(pk=source.pk).update(client_secret="wrong")
    slo.prometheus_source.refresh_from_db()
    SLOBucket.objects.filter(slo=slo).delete()
    collection_run(now=data.end + timedelta(minutes=5))
    slo.refresh_from_db()
    assert "token endpoint answered 401: invalid_client" in slo.last_collection_error


def test_a_wrong_token_is_refused_and_said_so(proxy, source, make_addon):
    _, data, _ = proxy
    PrometheusSource.objects.filter(pk=source.pk).update(bearer_token="wrong")
    slo = _slo(make_addon(State.TRANSITION), source)
    collection_run(now=data.end + timedelta(minutes=5))
    slo.refresh_from_db()
    assert "Prometheus (thanos-rhods) answered 401, not JSON: Unauthorized" in (
        slo.last_collection_error
    )
    assert not SLOBucket.objects.filter(slo=slo).exists()


def test_the_admin_never_shows_a_secret_back_and_keeps_it_when_left_blank(client, manager, source):
    client.force_login(manager)
    url = reverse("admin:onboarding_prometheussource_change", args=[source.pk])
    page = client.get(url).content.decode()
    assert TOKEN not in page and "Stored (not shown)" in page
    form = {
        "name": "thanos-rhods",
        "url": source.url,
        "timeout_seconds": "15",
        "ca_bundle": "",
        "auth": "bearer",
        "bearer_token": "",
        "token_url": "",
        "client_id": "",
        "client_secret": "",
        "scope": "",
        "tenant_header": "X-Scope-OrgID",
        "tenant": "rhods",
    }
    assert client.post(url, form).status_code == 302
    source.refresh_from_db()
    assert (source.bearer_token, source.timeout_seconds) == (TOKEN, 15)
    response = client.post(url, {**form, "auth": "oauth2"})
    assert response.status_code == 200  # refused, with the missing fields named
    assert "OAuth2 client credentials need this." in response.content.decode()


def test_only_managers_reach_the_sources_in_the_admin(client, sre):
    client.force_login(sre)
    response = client.get(reverse("admin:onboarding_prometheussource_changelist"))
    assert response.status_code in (302, 403)
