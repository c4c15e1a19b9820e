"""Asking a Prometheus source for hourly values over HTTP (`/api/v1/query_range`).

A source is a `PrometheusSource` row, or the default made of `PROMETHEUS_URL` and
`PROMETHEUS_TIMEOUT`. Auth is a bearer token or an OAuth2 client-credentials token (fetched
from the token URL and cached until shortly before it expires); a tenant header and a CA
bundle are sent when set. Every failure is a `CollectionError` whose message is shown to
people as it is: it names the query and what Prometheus answered.
"""

import hashlib
import math
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from django.conf import settings
from django.core.cache import cache

from ...models import PrometheusSource

HOUR = timedelta(hours=1)


class CollectionError(Exception):
    pass


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    timeout: float
    row: PrometheusSource | None = field(default=None, compare=False)


def source_of(slo) -> Source:
    row = slo.prometheus_source
    if row is not None:
        return Source(row.name, row.url, float(row.timeout_seconds), row)
    if not settings.PROMETHEUS_URL:
        raise CollectionError("No Prometheus source chosen and PROMETHEUS_URL is not configured.")
    return Source("default", settings.PROMETHEUS_URL, settings.PROMETHEUS_TIMEOUT)


def _ca_file(pem: str) -> str:
    """requests wants a path: the bundle is written once per content under the temp dir."""
    digest = hashlib.sha256(pem.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"portal-prometheus-ca-{digest}.pem"
    if not path.exists():
        path.write_text(pem)
    return str(path)


def _oauth2_token(row: PrometheusSource) -> str:
    key = f"prometheus-oauth2:{row.pk}:{hashlib.sha256(row.client_secret.encode()).hexdigest()}"
    token = cache.get(key)
    if token:
        return token
    try:
        response = requests.post(
            row.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": row.client_id,
                "client_secret": row.client_secret,
                **({"scope": row.scope} if row.scope else {}),
            },
            timeout=row.timeout_seconds,
            verify=_ca_file(row.ca_bundle) if row.ca_bundle else True,
        )
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise CollectionError(f"Source {row.name}: token endpoint unreachable: {exc}") from exc
    if response.status_code != 200 or "access_token" not in body:
        raise CollectionError(
            f"Source {row.name}: token endpoint answered {response.status_code}: "
            f"{body.get('error_description') or body.get('error') or 'no access_token'}"
        )
    lifetime = int(body.get("expires_in") or 300)
    cache.set(key, body["access_token"], max(lifetime - 60, 30))
    return body["access_token"]


def _auth(source: Source) -> tuple[dict, str | bool]:
    """The headers and the `verify` argument for a request to the source."""
    row, headers, verify = source.row, {}, True
    if row is not None:
        if row.auth == PrometheusSource.Auth.BEARER:
            headers["Authorization"] = f"Bearer {row.bearer_token}"
        elif row.auth == PrometheusSource.Auth.OAUTH2:
            headers["Authorization"] = f"Bearer {_oauth2_token(row)}"
        if row.tenant_header:
            headers[row.tenant_header] = row.tenant
        if row.ca_bundle:
            verify = _ca_file(row.ca_bundle)
    return headers, verify


def query_range(
    source: Source, query: str, first: datetime, last: datetime, after=timedelta(0)
) -> list[dict]:
    """The series of `query` at the end of each hour first..last (hour starts, inclusive),
    or `after` the end: a list of {hour start: value}, one per series, NaN and infinities
    left out."""
    headers, verify = _auth(source)
    try:
        response = requests.get(
            source.url.rstrip("/") + "/api/v1/query_range",
            headers=headers,
            verify=verify,
            timeout=source.timeout,
            params={
                "query": query,
                "start": (first + HOUR + after).timestamp(),
                "end": (last + HOUR + after).timestamp(),
                "step": "3600",
            },
        )
    except requests.RequestException as exc:
        raise CollectionError(f"Prometheus ({source.name}) unreachable: {exc}") from exc
    try:
        body = response.json()
    except ValueError as exc:  # a proxy's or load balancer's page, not the API
        raise CollectionError(
            f"Prometheus ({source.name}) answered {response.status_code}, not JSON: "
            f"{response.text[:200].strip()}"
        ) from exc
    if response.status_code != 200 or body.get("status") != "success":
        raise CollectionError(
            f"Prometheus ({source.name}) answered {response.status_code} to {query}: "
            f"{body.get('error', 'no error given')}"
        )
    series = []
    for result in body.get("data", {}).get("result", []):
        values = {}
        for ts, raw in result.get("values", []):
            value = float(raw)
            if not math.isfinite(value):
                continue  # no events (0/0) or a broken rule: the hour has no value
            values[datetime.fromtimestamp(float(ts), tz=UTC) - HOUR - after] = value
        series.append({"labels": result.get("metric", {}), "values": values})
    return series
