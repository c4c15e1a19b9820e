"""The client's address for login throttling, correct behind the portal's own proxies."""

from django.conf import settings


def client_ip(request) -> str | None:
    """Behind N trusted proxies, the address the outermost one saw: X-Forwarded-For's Nth
    entry from the right (entries further left are whatever the client chose to send)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
