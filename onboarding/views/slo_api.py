"""The push API: POST hourly buckets to an SLO with a per-addon bearer token."""

import hmac
import json

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..models import SLO, ApiToken
from ..rules import slos as slo_rules
from ..services.slo_measurements import BadMeasurements, measurements_parse, measurements_store
from ..services.slos import token_hash


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _token_of(request) -> ApiToken | None:
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not raw.strip():
        return None
    digest = token_hash(raw.strip())
    token = ApiToken.objects.filter(token_hash=digest, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token


# A token, not a session, authenticates this endpoint: there is no cookie for CSRF to abuse.
@csrf_exempt
@require_POST
def slo_measurements_push(request, slo_id):
    token = _token_of(request)
    if token is None:
        return _error("Missing, unknown or revoked token (Authorization: Bearer <token>).", 401)
    slo = SLO.objects.filter(pk=slo_id).first()
    if slo is None or not slo_rules.push.allows(token, slo):
        return _error(f"Unknown SLO {slo_id} for this token's addon.")
    try:
        rows = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _error("The body is not valid JSON.")
    try:
        written = measurements_store(slo=slo, measurements=measurements_parse(rows))
    except BadMeasurements as exc:
        return _error(str(exc))
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return JsonResponse({"stored": written})
