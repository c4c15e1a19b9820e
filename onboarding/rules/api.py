"""The JSON API's rule: what a bearer token may call is its scope (`read` for the read
endpoints, `push` for one addon's pushes). Takes `(token, scope)`; api/auth.py asks it for every
endpoint, and the push endpoint then asks `slos.push` for the SLO."""

from .base import Forbidden, Rule


def _token_scope(token, scope: str):
    if token.scope == scope:
        return None
    needed = "read" if scope == token.Scope.READ else "push:<addon id>"
    return Forbidden(
        f"This token's scope is {', '.join(token.scopes)}; this endpoint needs {needed}."
    )


token_scope = Rule(_token_scope, "token_scope")
