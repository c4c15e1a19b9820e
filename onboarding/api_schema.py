"""The OpenAPI 3 description of the read-only JSON API (views/api.py), written by hand.

tests/api/test_api_schemathesis.py fuzzes the served document against the running views, so
the two cannot drift apart unnoticed.
"""

from .models import SLO, ChecklistItem, Gate, Stage, State
from .validators import ADDON_ID_RE

MAX_PAGE_SIZE = 100

_DATE_TIME = {"type": "string", "format": "date-time"}
_NULLABLE_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}

_ERROR = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": False,
}

_ADDON_SUMMARY = {
    "type": "object",
    "required": [
        "id",
        "name",
        "state",
        "stage",
        "priority",
        "team",
        "created_at",
        "state_changed_at",
        "url",
    ],
    "properties": {
        "id": {"type": "string", "pattern": ADDON_ID_RE},
        "name": {"type": "string"},
        "state": {"type": "string", "enum": State.values},
        "stage": {"type": "string", "enum": Stage.values},
        "priority": {"type": ["string", "null"], "enum": ["P1", "P2", "P3", "P4", None]},
        "team": {"type": "string"},
        "created_at": _DATE_TIME,
        "state_changed_at": _DATE_TIME,
        "url": {"type": "string", "format": "uri"},
    },
    "additionalProperties": False,
}

_GATE_PROGRESS = {
    "type": "object",
    "required": ["total", *ChecklistItem.Status.values],
    "properties": {
        name: {"type": "integer", "minimum": 0} for name in ["total", *ChecklistItem.Status.values]
    },
    "additionalProperties": False,
}

_SLO = {
    "type": "object",
    "required": [
        "name",
        "sli_type",
        "objective",
        "window_days",
        "review",
        "status",
        "last_evaluated_at",
    ],
    "properties": {
        "name": {"type": "string"},
        "sli_type": {"type": "string", "enum": SLO.SLIType.values},
        "objective": {"type": "number", "minimum": 50, "maximum": 100},
        "window_days": {"type": "integer", "minimum": 1},
        "review": {"type": "string", "enum": SLO.Review.values},
        "status": {"type": ["string", "null"], "enum": [*SLO.Status.values, None]},
        "last_evaluated_at": _NULLABLE_DATE_TIME,
    },
    "additionalProperties": False,
}

_ADDON_DETAIL = {
    "type": "object",
    "required": [*_ADDON_SUMMARY["required"], "checklist", "slos"],
    "properties": {
        **_ADDON_SUMMARY["properties"],
        "checklist": {
            "type": "object",
            "description": "Checklist item counts per gate and status.",
            "required": Gate.values,
            "properties": {
                gate: {"$ref": "#/components/schemas/GateProgress"} for gate in Gate.values
            },
            "additionalProperties": False,
        },
        "slos": {"type": "array", "items": {"$ref": "#/components/schemas/SLO"}},
    },
    "additionalProperties": False,
}

_ADDON_PAGE = {
    "type": "object",
    "required": ["count", "page", "page_size", "num_pages", "next", "previous", "results"],
    "properties": {
        "count": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        "num_pages": {"type": "integer", "minimum": 0},
        "next": {"type": ["string", "null"], "format": "uri"},
        "previous": {"type": ["string", "null"], "format": "uri"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/AddonSummary"}},
    },
    "additionalProperties": False,
}


def _json(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


_UNAUTHORIZED = _json("No valid API token.", "Error")


def openapi_document(*, server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Addon Onboarding Portal API",
            "version": "1.0.0",
            "description": (
                "Read-only access to the addons a person may see in the portal. "
                "Send `Authorization: Bearer <token>` with a user API token."
            ),
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/api/v1/addons": {
                "get": {
                    "operationId": "listAddons",
                    "summary": "Addons visible to the token's user, by addon id.",
                    "parameters": [
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "default": 1},
                        },
                        {
                            "name": "page_size",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_PAGE_SIZE,
                                "default": 25,
                            },
                        },
                        {
                            "name": "state",
                            "in": "query",
                            "schema": {"type": "string", "enum": State.values},
                        },
                    ],
                    "responses": {
                        "200": _json("One page of addons.", "AddonPage"),
                        "400": _json("A query parameter is unknown or out of range.", "Error"),
                        "401": _UNAUTHORIZED,
                        "404": _json("The page is past the last one.", "Error"),
                    },
                }
            },
            "/api/v1/addons/{addon_id}": {
                "get": {
                    "operationId": "getAddon",
                    "summary": "One addon with its checklist progress and SLO status.",
                    "parameters": [
                        {
                            "name": "addon_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": ADDON_ID_RE},
                        }
                    ],
                    "responses": {
                        "200": _json("The addon.", "AddonDetail"),
                        "400": _json("The request has a query parameter.", "Error"),
                        "401": _UNAUTHORIZED,
                        "404": _json("No such addon, or not visible to this user.", "Error"),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": _ERROR,
                "AddonSummary": _ADDON_SUMMARY,
                "AddonDetail": _ADDON_DETAIL,
                "AddonPage": _ADDON_PAGE,
                "GateProgress": _GATE_PROGRESS,
                "SLO": _SLO,
            },
        },
    }
