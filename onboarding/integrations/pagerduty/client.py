"""A small client for PagerDuty's REST API v2, as its OpenAPI document describes it
(vendored in onboarding/integrations/contracts/pagerduty/openapiv3.json).

Failures are told apart: a 429 waits for `ratelimit-reset` within a bounded budget; a 5xx or a
timeout is retried with exponential backoff a bounded number of times; any other 4xx is
permanent and fails at once with the API's own message.
"""

import time
from collections.abc import Callable, Iterator

import requests
from django.conf import settings

ACCEPT = "application/vnd.pagerduty+json;version=2"
PAGE_SIZE = 100


class PagerDutyError(Exception):
    def __init__(self, message: str, *, status: int | None = None, permanent: bool):
        super().__init__(message)
        self.status = status
        self.permanent = permanent


def _api_message(response: requests.Response) -> str:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return response.text[:300] or response.reason
    details = "; ".join(str(e) for e in error.get("errors") or [])
    message = error.get("message") or response.reason
    return f"{message} ({details})" if details else message


class PagerDutyClient:
    def __init__(self, *, sleep: Callable[[float], None] = time.sleep):
        self.base_url = settings.PAGERDUTY_API_URL.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Accept": ACCEPT,
                # The OpenAPI document requires it on every operation, GETs included.
                "Content-Type": "application/json",
                "Authorization": f"Token token={settings.PAGERDUTY_TOKEN}",
            }
        )
        self.sleep = sleep

    def get(self, path: str, params: dict) -> dict:
        return self._request("GET", path, params=params)

    def post(self, path: str, body: dict, *, sender: str) -> dict:
        """A POST that creates something (an incident): never repeated after a 5xx or a
        timeout, which may have created it; a 429 (not processed) waits as a GET does.
        `sender` is the `From` header: the e-mail of a PagerDuty user of the account."""
        return self._request("POST", path, json=body, headers={"From": sender}, repeat=False)

    def _request(self, method: str, path: str, *, repeat: bool = True, **kwargs) -> dict:
        attempts, waited = 0, 0.0
        tries = settings.PAGERDUTY_MAX_ATTEMPTS if repeat else 1
        while True:
            attempts += 1
            try:
                response = self.session.request(
                    method, self.base_url + path, timeout=settings.PAGERDUTY_TIMEOUT, **kwargs
                )
            except requests.RequestException as exc:
                if attempts >= tries:
                    raise PagerDutyError(
                        f"PagerDuty unreachable after {attempts} attempt"
                        + ("s" if attempts > 1 else "")
                        + f": {exc}",
                        permanent=False,
                    ) from exc
                self.sleep(self._backoff(attempts))
                continue
            if response.status_code == 429:
                wait = self._rate_limit_wait(response)
                if waited + wait > settings.PAGERDUTY_RATE_LIMIT_BUDGET:
                    raise PagerDutyError(
                        f"PagerDuty rate limit: waiting {wait:.0f} s more would pass the "
                        f"{settings.PAGERDUTY_RATE_LIMIT_BUDGET:.0f} s budget.",
                        status=429,
                        permanent=False,
                    )
                waited += wait
                self.sleep(wait)
                attempts -= 1  # a rate-limit wait is not a failed attempt
                continue
            if response.status_code >= 500:
                if attempts >= tries:
                    raise PagerDutyError(
                        f"PagerDuty answered {response.status_code} "
                        + (f"{attempts} times: " if attempts > 1 else "(not repeated): ")
                        + _api_message(response),
                        status=response.status_code,
                        permanent=False,
                    )
                self.sleep(self._backoff(attempts))
                continue
            if response.status_code >= 400:
                raise PagerDutyError(
                    f"PagerDuty refused the request ({response.status_code}): "
                    + _api_message(response),
                    status=response.status_code,
                    permanent=True,
                )
            return response.json()

    @staticmethod
    def _backoff(attempt: int) -> float:
        return settings.PAGERDUTY_BACKOFF * 2 ** (attempt - 1)

    def _rate_limit_wait(self, response: requests.Response) -> float:
        try:
            return max(float(response.headers.get("ratelimit-reset", "")), 0.0)
        except ValueError:
            return settings.PAGERDUTY_BACKOFF

    def services(self, query: str) -> Iterator[dict]:
        """Every service whose name matches `query`, page by page."""
        offset = 0
        while True:
            page = self.get("/services", {"query": query, "limit": PAGE_SIZE, "offset": offset})
            services = page.get("services") or []
            yield from services
            if not page.get("more") or not services:
                return
            offset += len(services)
