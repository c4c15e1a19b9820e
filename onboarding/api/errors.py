"""The API's one error shape: {"detail": "<what is wrong>", "field": "<which input>" | null}.

Every refusal of the API comes through here: bad parameters and bodies (400, naming the
field), a missing or dead token (401), a token without the scope (403), nothing there (404).
"""

from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from ..bounds import OutOfBounds


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class ApiError(HttpError):
    def __init__(self, status_code: int, message: str, field: str | None = None):
        super().__init__(status_code, message)
        self.field = field


# Documented on every operation, so the generated OpenAPI description lists them.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _location(loc) -> str:
    """("query", "page") -> "page"; ("body", "rows", 1, "good") -> "rows[1].good"."""
    parts = [p for p in loc[1:] if p not in ("filters", "pagination")] or list(loc)
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def install(api) -> None:
    def respond(request, status, detail, field=None, **headers):
        response = api.create_response(request, {"detail": detail, "field": field}, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    @api.exception_handler(ValidationError)
    def validation(request, exc):
        first = exc.errors[0]
        field = _location(first.get("loc", ("body",)))
        message = first.get("msg", "is not valid")
        return respond(request, 400, f"{field}: {message}", field)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        detail = "A valid API token is required (Authorization: Bearer <token>)."
        return respond(request, 401, detail, "Authorization", **{"WWW-Authenticate": "Bearer"})

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        cause = exc.__cause__
        if isinstance(cause, OutOfBounds):  # the body parser's refusal, wrapped by ninja
            return respond(request, 400, str(cause), cause.field)
        return respond(request, exc.status_code, exc.message, getattr(exc, "field", None))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, str(exc) or "Not found.")
