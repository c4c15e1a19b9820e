"""The API's one bearer parser: `Authorization: Bearer <token>` -> an active ApiToken.

Only a token authenticates the API: no session, so no CSRF or cookie surprises. What the
token may do is its scope: `read` for the read endpoints, `push` (for one addon) for pushes,
which `require_scope` asks of the rule (rules/api.py).
"""

from ninja.security import HttpBearer

from ..models import ApiToken
from ..rules import api as rules
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
    refusal = rules.token_scope.why_not(token, scope)
    if refusal is not None:
        raise ApiError(403, str(refusal), "Authorization")
    return token
