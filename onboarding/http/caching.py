"""Pages for a signed-in person are theirs alone: no shared or browser cache may keep them."""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    A view that sets its own Cache-Control keeps it; static files never get here (WhiteNoise
    answers them earlier, immutable and cacheable).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
