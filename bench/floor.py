"""The floor of the benchmark: a logged-in page doing one query and rendering a tiny template.

Mounted only when BENCH_FLOOR=1 (portal/urls.py), so it never exists in a real deployment.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from onboarding.models import Addon

TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>floor</title><p>{{ addon.name }} ({{ addon.state }})</p>"
)


@login_required
def floor(request):
    addon = Addon.objects.order_by("pk").first()
    return HttpResponse(TEMPLATE.render({"addon": addon}))


urlpatterns = [path("bench/floor/", floor, name="bench_floor")]
