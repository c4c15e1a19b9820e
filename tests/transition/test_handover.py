"""The pager handover against a local HTTP server speaking PagerDuty's GET/PUT /services/<id>.

The `pagerduty` client only talks https, so the server uses a throwaway self-signed
certificate for 127.0.0.1 that the client trusts through SSL_CERT_FILE.
"""

import json
import shutil
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from onboarding.models import SOP, Handover
from onboarding.services.transitions import addon_complete_transition
from tests.journey import pass_gate

POLICY = "PADDONSRE"


class FakePagerDuty(ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.script = []  # per request: "500", "slow" or "ok" (default once it runs out)
        self.policies = {"PSVC123": "POWNER1"}
        self.requests = []

    @property
    def url(self):
        return f"https://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        server.requests.append((method, self.path, body))
        behaviour = server.script.pop(0) if server.script else "ok"
        if behaviour == "slow":
            time.sleep(1.5)
        if behaviour == "500":
            return self._answer(500, {"error": {"message": "Internal error"}})
        service_id = self.path.rstrip("/").rsplit("/", 1)[-1]
        if not self.path.startswith("/services/") or service_id not in server.policies:
            return self._answer(404, {"error": {"message": "Not found"}})
        if method == "PUT":
            update = body.get("service", body)
            server.policies[service_id] = update["escalation_policy"]["id"]
        service = {
            "id": service_id,
            "escalation_policy": {"id": server.policies[service_id], "type": "escalation_policy"},
        }
        return self._answer(200, {"service": service})

    def do_GET(self):
        self._handle("GET")

    def do_PUT(self):
        self._handle("PUT")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    openssl = shutil.which("openssl")
    if not openssl:
        pytest.fail("`openssl` not found: install the Debian package `openssl`.")
    base = tmp_path_factory.mktemp("tls")
    cert, key = base / "cert.pem", base / "key.pem"
    subprocess.run(  # noqa: S603 - fixed arguments, binaries found on PATH
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def pagerduty(settings, certificate, monkeypatch):
    cert, key = certificate
    server = FakePagerDuty()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PAGERDUTY_API_URL = server.url
    settings.PAGERDUTY_TOKEN = "test-token"
    settings.PAGERDUTY_TIMEOUT = 0.5
    settings.ADDON_SRE_ESCALATION_POLICY_ID = POLICY
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def ready_addon(transition_addon):
    pass_gate(transition_addon, "handover")
    SOP.objects.create(
        addon=transition_addon, title="Down", url="https://sops.example.com/d", status="approved"
    )
    return transition_addon


def _complete(addon, sre, capture):
    with capture(execute=True):
        addon_complete_transition(addon=addon, by=sre)
    return Handover.objects.get(addon=addon)


def _methods(server):
    return [m for m, _, _ in server.requests]


def test_500s_are_retried_and_success_is_recorded_once(
    pagerduty, ready_addon, sre, django_capture_on_commit_callbacks
):
    pagerduty.script = ["500", "500"]
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.DONE
    assert handover.attempts == 3
    assert pagerduty.policies["PSVC123"] == POLICY
    assert _methods(pagerduty) == ["GET", "GET", "GET", "PUT"]
    done = ready_addon.events.filter(kind="handover", payload__status="done")
    assert done.count() == 1


def test_a_timeout_is_retried(pagerduty, ready_addon, sre, django_capture_on_commit_callbacks):
    pagerduty.script = ["slow"]
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.DONE
    assert handover.attempts == 2
    assert pagerduty.policies["PSVC123"] == POLICY


def test_policy_already_set_is_not_written_again(
    pagerduty, ready_addon, sre, django_capture_on_commit_callbacks
):
    pagerduty.policies["PSVC123"] = POLICY
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.DONE
    assert _methods(pagerduty) == ["GET"]


def test_running_a_done_handover_again_changes_nothing(
    pagerduty, ready_addon, sre, django_capture_on_commit_callbacks
):
    from onboarding.tasks import run_handover

    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    count = len(pagerduty.requests)
    run_handover.apply(args=[handover.pk])
    assert len(pagerduty.requests) == count
    assert ready_addon.events.filter(kind="handover", payload__status="done").count() == 1


def test_final_failure_is_visible_and_a_manager_retries_it(
    pagerduty, ready_addon, sre, manager, client, django_capture_on_commit_callbacks
):
    pagerduty.script = ["500"] * 5
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.FAILED
    assert "500" in handover.last_error or "Internal" in handover.last_error
    assert ready_addon.events.filter(kind="handover", payload__status="failed").count() == 1
    client.force_login(manager)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-status="failed"' in page and "Retry the handover" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("handover_retry", args=[ready_addon.addon_id]))
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.status == Handover.Status.DONE
    assert pagerduty.policies["PSVC123"] == POLICY
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert 'data-status="done"' in page and "Retry the handover" not in page


def test_sre_cannot_retry_a_handover(
    pagerduty, ready_addon, sre, client, django_capture_on_commit_callbacks
):
    pagerduty.script = ["500"] * 5
    _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    client.force_login(sre)
    response = client.post(reverse("handover_retry", args=[ready_addon.addon_id]))
    assert response.status_code == 403
    assert Handover.objects.get().status == Handover.Status.FAILED


def test_without_pagerduty_configured_the_handover_is_not_configured(
    settings, ready_addon, sre, client, django_capture_on_commit_callbacks
):
    settings.PAGERDUTY_API_URL = ""
    handover = _complete(ready_addon, sre, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.NOT_CONFIGURED
    client.force_login(sre)
    page = client.get(ready_addon.get_absolute_url()).content.decode()
    assert "Not configured" in page
    assert "-  escalationPolicy: POWNER1" in page
    assert f"+  escalationPolicy: {POLICY}" in page
