"""A PagerDuty stand-in that holds every exchange to PagerDuty's published OpenAPI document.

Each request the portal sends is validated with openapi-core against the vendored
onboarding/integrations/contracts/pagerduty/openapiv3.json (path, query, required headers, the api_key
security scheme) before it is answered, and each answer is validated too, so neither side can
drift from the contract. A request the document refuses is answered 400 and recorded as a
violation, which fails the test. 429 and 500 are not declared on GET /services, so their
bodies are held to the document's generic error schema instead.

The pager test's exchanges are served too: POST /incidents (the `From` header and the body
held to the document), GET /incidents/{id} and GET /incidents/{id}/log_entries, answering
from `incidents`, which a test acknowledges or resolves with `acknowledge()` / `resolve()`.
"""

import contextlib
import functools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from jsonschema_path import SchemaPath
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_schema_validator import OAS30Validator

SPEC = (
    Path(__file__).resolve().parents[2]
    / "onboarding/integrations/contracts/pagerduty/openapiv3.json"
)
SERVER = "https://api.pagerduty.com"
TOKEN = "y_NbAkKc66ryYTWUXYEu"
AUTHORIZATION = re.compile(r"Token token=\S+")


@functools.cache
def openapi() -> OpenAPI:
    # The document is large; checking the document itself once is the publisher's job.
    api = OpenAPI(SchemaPath.from_dict(_document()), config=Config(spec_validator_cls=None))
    # The first validation builds openapi-core's caches; done here, not inside a client timeout.
    warm = requests.Request("GET", SERVER + "/services", headers={"Accept": "x"}).prepare()
    with contextlib.suppress(Exception):  # the warm-up request is meant to be refused
        api.validate_request(RequestsOpenAPIRequest(warm))
    return api


def _document() -> dict:
    """The document, with two contradictions of its own lifted, nothing else relaxed:

    - every reference's `id` and `type` (components.schemas.Tag.allOf[0], the base of
      ServiceReference and EscalationPolicyReference) are marked readOnly, yet POST /incidents
      requires a `service` reference in its body — its own request example sends {"id",
      "type"}. Left as is, no request could create an incident.
    - AcknowledgeLogEntry narrows `type` to "acknowledgement_log_entry", which LogEntry (that
      it extends) does not allow: LogEntry says "acknowledge_log_entry", as PagerDuty sends.
      Left as is, no acknowledgement could appear in GET /incidents/{id}/log_entries.
    """
    document = json.loads(SPEC.read_text())
    schemas = document["components"]["schemas"]
    for name in ("id", "type"):
        schemas["Tag"]["allOf"][0]["properties"][name].pop("readOnly", None)
    schemas["AcknowledgeLogEntry"]["allOf"][1]["properties"]["type"]["enum"] = [
        "acknowledge_log_entry"
    ]
    return document


@functools.cache
def error_schema() -> dict:
    document = json.loads(SPEC.read_text())
    return document["components"]["responses"]["Conflict"]["content"]["application/json"]["schema"]


def error_body(code: int, message: str, *errors: str) -> dict:
    body = {"error": {"code": code, "message": message, "errors": list(errors)}}
    OAS30Validator(error_schema()).validate(body)
    return body


class PagerDutyStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.services: list[dict] = []  # what GET /services lists, before the name query
        self.script: list[
            str
        ] = []  # answers to give first: "400", "401", "403", "429:<s>", "500", "slow"
        self.requests: list[dict] = []
        self.violations: list[str] = []
        self.incidents: dict[str, dict] = {}
        self.log_entries: dict[str, list[dict]] = {}

    def acknowledge(self, incident_id: str, user_id: str, name: str, at: str) -> None:
        user = {"id": user_id, "type": "user_reference", "summary": name}
        incident = self.incidents[incident_id]
        incident["status"] = "acknowledged"
        incident["acknowledgements"].append({"at": at, "acknowledger": user})
        self.log_entries[incident_id].append(
            {
                "id": f"RACK{len(self.log_entries[incident_id])}",
                "type": "acknowledge_log_entry",
                "summary": f"Acknowledged by {name}",
                "created_at": at,
                "agent": user,
            }
        )

    def resolve(self, incident_id: str) -> None:
        incident = self.incidents[incident_id]
        incident["status"] = "resolved"
        incident["acknowledgements"] = []

    def service(self, service_id: str, name: str, policy: str) -> None:
        self.services.append(
            {
                "id": service_id,
                "type": "service",
                "summary": name,
                "name": name,
                "status": "active",
                "escalation_policy": {
                    "id": policy,
                    "type": "escalation_policy_reference",
                    "summary": policy,
                },
            }
        )


class _Handler(BaseHTTPRequestHandler):
    server: PagerDutyStandIn

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._serve("GET", None)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self._serve("POST", self.rfile.read(length))

    def _serve(self, method: str, body: bytes | None):
        prepared = requests.Request(
            method, SERVER + self.path, headers=dict(self.headers.items()), data=body
        ).prepare()
        request = RequestsOpenAPIRequest(prepared)
        self.server.requests.append(
            {
                "method": method,
                "path": self.path,
                "headers": dict(self.headers.items()),
                "body": json.loads(body) if body else None,
            }
        )
        try:
            openapi().validate_request(request)
            if not AUTHORIZATION.fullmatch(self.headers.get("Authorization", "")):
                raise ValueError("Authorization is not `Token token=<API_KEY>`")
        except Exception as exc:
            self.server.violations.append(f"{method} {self.path}: {exc}")
            self._send(prepared, 400, error_body(2001, "Invalid Input Provided", str(exc)[:200]))
            return
        answer = self.server.script.pop(0) if self.server.script else "200"
        if answer == "slow":
            time.sleep(2.5)
            answer = "200"
        status, _, reset = answer.partition(":")
        if status == "200":
            self._answer(method, prepared, request)
        elif status == "429":
            self._send(
                prepared, 429, error_body(2020, "Rate Limit Exceeded"), {"ratelimit-reset": reset}
            )
        else:
            messages = {
                "400": (2001, "Invalid Input Provided", "Offset must be a number."),
                "401": (2006, "Authentication failed", "Invalid API token."),
                "403": (2010, "Access Denied", "The API token has no access to services."),
                "404": (2100, "Not Found"),
                "500": (2000, "Internal Server Error"),
            }
            self._send(prepared, int(status), error_body(*messages[status]))

    def _answer(self, method: str, prepared, request) -> None:
        path = self.path.split("?")[0]
        if method == "POST" and path == "/incidents":
            self._send(prepared, 201, {"incident": self._trigger(json.loads(prepared.body))})
            return
        if path.startswith("/incidents/"):
            incident_id, _, tail = path.removeprefix("/incidents/").partition("/")
            if incident_id not in self.server.incidents:
                self._send(prepared, 404, error_body(2100, "Not Found"))
            elif tail == "log_entries":
                entries = self.server.log_entries[incident_id]
                body = {"log_entries": entries, "limit": 25, "offset": 0, "more": False}
                self._send(prepared, 200, body | {"total": None})
            else:
                self._send(prepared, 200, {"incident": self.server.incidents[incident_id]})
            return
        self._send(prepared, 200, self._page(request))

    def _trigger(self, body: dict) -> dict:
        number = len(self.server.incidents) + 1
        incident_id = f"PT{number:05d}"
        sent = body["incident"]
        incident = {
            "id": incident_id,
            "type": "incident",
            "summary": f"[#{number}] {sent['title']}",
            "self": f"{SERVER}/incidents/{incident_id}",
            "html_url": f"https://acme.pagerduty.com/incidents/{incident_id}",
            "incident_number": number,
            "title": sent["title"],
            "created_at": "2026-12-04T10:00:00Z",
            "status": "triggered",
            "urgency": sent.get("urgency", "high"),
            "service": sent["service"],
            "escalation_policy": sent.get("escalation_policy") or {},
            "acknowledgements": [],
            "assignments": [],
        }
        self.server.incidents[incident_id] = incident
        self.server.log_entries[incident_id] = []
        return incident

    def _page(self, request) -> dict:
        query = request.parameters.query
        limit, offset = int(query.get("limit", 25)), int(query.get("offset", 0))
        name = (query.get("query") or "").lower()
        matching = [s for s in self.server.services if name in s["name"].lower()]
        page = matching[offset : offset + limit]
        return {
            "services": page,
            "limit": limit,
            "offset": offset,
            "more": offset + limit < len(matching),
            "total": None,
        }

    def _send(self, prepared, status: int, body: dict, headers: dict | None = None) -> None:
        raw = json.dumps(body).encode()
        response = requests.Response()
        response.status_code = status
        response._content = raw
        response.headers["Content-Type"] = "application/json"
        if status < 429:
            try:
                openapi().validate_response(
                    RequestsOpenAPIRequest(prepared), RequestsOpenAPIResponse(response)
                )
            except Exception as exc:
                self.server.violations.append(f"response {status}: {exc}")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


@pytest.fixture
def pagerduty(settings):
    openapi()  # loaded before the first request, so loading it is not taken for a timeout
    server = PagerDutyStandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PAGERDUTY_API_URL = server.url
    settings.PAGERDUTY_TOKEN = TOKEN
    settings.PAGERDUTY_TIMEOUT = 2.0
    settings.PAGERDUTY_BACKOFF = 0.01
    settings.PAGERDUTY_MAX_ATTEMPTS = 3
    settings.PAGERDUTY_RATE_LIMIT_BUDGET = 2.0
    yield server
    server.shutdown()
    server.server_close()
    assert server.violations == [], server.violations
