"""Refuse control characters in any query parameter or form field, before a view runs.

PostgreSQL cannot store NUL and no field of the portal means a control character, so one
check here covers every form, including the views that read request.POST directly. The
refusal is a 400 naming the field: a page for people, the API's error shape under /api/.
"""

from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from .bounds import control_character_in

API_PREFIX = "/api/"


def _offending_field(request) -> str | None:
    # The API reads its own bodies (JSON, bounded: onboarding/api/parser.py).
    sources = [request.GET] if request.path.startswith(API_PREFIX) else [request.GET, request.POST]
    for source in sources:
        for name, values in source.lists():
            if control_character_in(name):
                return repr(name)
            if any(control_character_in(value) for value in values):
                return name
    return None


def refusal(request, field: str, message: str, status: int = 400):
    """A 400 naming the field: JSON in the API's one shape, a page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": f"{field}: {message}", "field": field}, status=status)
    return render(request, "bad_request.html", {"field": field, "message": message}, status=status)


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        try:
            field = _offending_field(request)
        except MultiPartParserError:
            return refusal(request, "body", "is not a readable multipart form.")
        if field is None:
            return None
        return refusal(request, field, "remove the control characters (such as NUL).")
