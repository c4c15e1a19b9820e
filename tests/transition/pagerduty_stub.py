"""A local PagerDuty stand-in speaking GET/PUT /services/<id> over TLS.

The `pagerduty` client only talks https, so the server uses a throwaway self-signed
certificate for 127.0.0.1 that the client trusts through SSL_CERT_FILE. Import the
fixtures `pagerduty_certificate` and `pagerduty_server` into a test module: they
provide `certificate` and `pagerduty` (the running server, configured in the settings).
"""

import json
import shutil
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

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


@pytest.fixture(scope="module", name="certificate")
def pagerduty_certificate(tmp_path_factory):
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


@pytest.fixture(name="pagerduty")
def pagerduty_server(settings, certificate, monkeypatch):
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
