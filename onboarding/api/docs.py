"""Interactive docs at /api/docs: Swagger UI from static/vendor/swagger-ui (no CDN), its
settings in a JSON script element and started by static/js/api-docs.js (no inline script,
so the page works under the portal's Content-Security-Policy)."""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class VendoredSwagger(DocsBase):
    def render_page(self, request, api, **kwargs):
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "persistAuthorization": False,
        }
        context = {"api": api, "swagger_settings": settings}
        return render(request, "api/docs.html", context)
