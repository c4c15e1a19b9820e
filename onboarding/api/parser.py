"""Request bodies: JSON only, size- and depth-limited before parsing (onboarding.bounds)."""

from ninja.parser import Parser

from .. import bounds


class BoundedJSONParser(Parser):
    def parse_body(self, request):
        content_type = request.content_type or ""
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise bounds.OutOfBounds(
                "Content-Type", f"must be application/json, not {content_type or 'missing'!r}."
            )
        return bounds.json_body(request.body)
