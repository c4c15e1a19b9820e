"""The API's one bearer parser: `Authorization: Bearer <token>` -> an active ApiToken.

Only a token authenticates the API: no session, so no CSRF or cookie surprises. What the
token may do is its scope: `read` for the read endpoints, `push` (for one addon) for pushes.
"""

from ninja.security import HttpBearer

from ..models import ApiToken
from .errors import ApiError


class TokenBearer(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        found = ApiToken.objects.authenticate(token.strip())
        if found is not None:
            found.mark_used()
        return found


bearer = TokenBearer()


def require_scope(request, scope: str) -> ApiToken:
    token: ApiToken = request.auth
    if token.scope != scope:
        raise ApiError(
            403,
            f"This token's scope is {', '.join(token.scopes)}; this endpoint needs "
            f"{'read' if scope == ApiToken.Scope.READ else 'push:<addon id>'}.",
            "Authorization",
        )
    return token
