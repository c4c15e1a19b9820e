"""Every named URL of the URLconf, as the role matrix must cover it."""

from django.urls import URLPattern, URLResolver

# Django admin internals are the admin's own business; its index is what a role reaches.
ADMIN_INDEX = "admin:index"


def walk(patterns, prefix="", namespace=""):
    """[(url name, route)] of every named pattern, recursing into includes.

    The admin site contributes only its index; static file patterns are skipped.
    """
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.lstrip("^").startswith("static"):
            continue
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or route.startswith("admin/"):
                found.append((ADMIN_INDEX, route))
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.extend(walk(pattern.url_patterns, route, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((namespace + pattern.name, route))
    return found


def without_row(names, matrix) -> list[str]:
    """The URL names the matrix has no row for, in URLconf order."""
    return [name for name in dict.fromkeys(names) if name not in matrix]
