"""The JSON API (django-ninja): addons, timelines and the SLO push, one token model, one
error shape, the OpenAPI document generated at /api/v1/openapi.json, docs at /api/docs."""

from django.views.decorators.http import require_GET
from ninja import NinjaAPI

from . import addons, errors, push
from .auth import bearer
from .docs import VendoredSwagger
from .parser import BoundedJSONParser

api = NinjaAPI(
    title="Addon onboarding portal API",
    version="1",
    description=(
        "Send a token as `Authorization: Bearer <token>`. A `read` token (your API tokens "
        "page) sees what its user sees; a `push:<addon>` token (the addon's SLOs page) "
        "pushes that addon's SLO measurements. Every error is "
        '`{"detail": "...", "field": "..."}`.'
    ),
    urls_namespace="api",
    openapi_url="/v1/openapi.json",
    docs=VendoredSwagger(),
    docs_url="/docs",
    auth=bearer,
    parser=BoundedJSONParser(),
)
errors.install(api)
api.add_router("", addons.router)
api.add_router("", push.router)


def urls():
    """The API's URL patterns; the document and the docs page answer GET only."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name in ("openapi-json", "openapi-view"):
            pattern.callback = require_GET(pattern.callback)
    return patterns, app_name, namespace
