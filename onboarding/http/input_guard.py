"""Refuse control characters in any query parameter, before a view runs.

PostgreSQL cannot carry NUL in a query and no filter of the portal means a control character,
so one check here covers every page's and the API's query string. The refusal is a 400 naming
the parameter: a page for people, the API's error shape under /api/. Form fields refuse them
next to the field (onboarding/forms/bounded.py); the API's bodies are its own (api/parser.py).
"""

from django.http import JsonResponse
from django.shortcuts import render

from ..bounds import control_character_in

API_PREFIX = "/api/"


def _offending_field(request) -> str | None:
    for name, values in request.GET.lists():
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
        field = _offending_field(request)
        if field is None:
            return None
        return refusal(request, field, "remove the control characters (such as NUL).")
