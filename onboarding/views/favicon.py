from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def favicon(request):
    """Browsers and tools ask for /favicon.ico whatever a page's <link rel="icon"> says."""
    return redirect(static("img/favicon.svg"), permanent=True)
