import os

from django.contrib import admin
from django.urls import include, path

from onboarding.views.favicon import favicon

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("onboarding.urls")),
]

# `make bench` measures its floor (one query, a tiny template) in the same server.
if os.environ.get("BENCH_FLOOR") == "1":
    from bench.floor import urlpatterns as bench_urlpatterns

    urlpatterns = bench_urlpatterns + urlpatterns
