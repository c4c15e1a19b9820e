"""Hardening: the Content-Security-Policy the pages live under, login throttling, tokens."""

import hashlib
import re
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from onboarding.models import ApiToken, State
from onboarding.services.api_tokens import token_create

POLICY = {
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
}
# Markup the policy would block: inline scripts (JSON data blocks are not run), inline
# styles, event-handler attributes and javascript: links.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _policy_of(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def test_every_page_is_served_with_the_policy(client, owner, addon):
    assert _policy_of(client.get(reverse("login"))) == POLICY
    client.force_login(owner)
    assert _policy_of(client.get(reverse("addon_detail", args=[addon.addon_id]))) == POLICY


def _blocked_markup(html: str) -> list[str]:
    found = []
    for name, pattern in [
        ("inline script", INLINE_SCRIPT),
        ("inline style", INLINE_STYLE),
        ("event handler", HANDLER),
        ("javascript: link", JS_LINK),
    ]:
        found += [f"{name}: {m.group(0)[:80]}" for m in pattern.finditer(html)]
    return found


def test_the_blocked_markup_check_finds_what_the_policy_blocks():
    html = (
        '<div style="width: 5%"></div><script>x()</script><a onclick="x()" href="javascript:x()">'
    )
    assert len(_blocked_markup(html)) == 4
    assert _blocked_markup('<script src="/static/a.js"></script><div class="pct-5"></div>') == []


PAGES_WITHOUT_ADDON = {
    "review_queue",
    "addon_list",
    "home",
    "dashboard",
    "assign_queue",
    "admin:index",
    "intake_new",
}


@pytest.mark.parametrize(
    ("persona", "state", "names"),
    [
        ("owner", State.ONBOARDING, ["addon_detail", "checklist", "addon_timeline"]),
        ("owner", State.DRAFT, ["intake_edit", "intake_new"]),
        ("owner", State.TRANSITION, ["addon_slos", "addon_sops", "slo_new"]),
        ("architect1", State.SUBMITTED, ["addon_review", "review_queue", "addon_list", "home"]),
        ("manager", State.ACCEPTED, ["dashboard", "assign_queue", "admin:index"]),
    ],
)
def test_pages_need_nothing_the_policy_blocks(client, make_addon, personas, persona, state, names):
    addon = make_addon(state)
    client.force_login(personas[persona])
    for name in names:
        args = [] if name in PAGES_WITHOUT_ADDON else [addon.addon_id]
        url = reverse(name, args=args)
        response = client.get(url)
        assert response.status_code == 200, name
        assert _blocked_markup(response.content.decode()) == [], name


def test_htmx_is_told_not_to_inject_its_indicator_style(client, owner):
    client.force_login(owner)
    html = client.get(reverse("home")).content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>""" in html


def test_the_width_classes_cover_every_whole_percent():
    css = (Path(settings.BASE_DIR) / "static/css/portal.css").read_text()
    assert all(f".pct-{n} {{ width: {n}%; }}" in css for n in range(101))


# Login throttling (django-axes): 5 failures of a username from one address lock it out.


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def passwords(owner, owner2):
    for user in (owner, owner2):
        user.set_password("the-right-passphrase")
        user.save()


def test_five_failed_logins_lock_the_username_out(client, passwords):
    assert settings.AXES_ENABLED
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "owner", "wrong")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    # The fifth failure locks the username out at this address.
    assert _login(client, "owner", "wrong").status_code == 429

    locked = _login(client, "owner", "the-right-passphrase")
    assert locked.status_code == 429
    assert "too many" in locked.content.decode().lower()
    assert "_auth_user_id" not in client.session

    # Another person at the same address is not locked out.
    assert _login(Client(), "owner2", "the-right-passphrase").status_code == 302


def test_the_lockout_ends_after_the_cooloff(client, passwords):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "owner", "wrong")
    assert _login(client, "owner", "the-right-passphrase").status_code == 429

    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert _login(client, "owner", "the-right-passphrase").status_code == 302


def test_behind_a_proxy_the_forwarded_client_address_is_what_gets_locked(
    client, passwords, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    # The router appends the address it saw; anything left of it is the client's own claim.
    attacker = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "owner", "password": "x"}, **attacker)
    assert (
        client.post(
            reverse("login"), {"username": "owner", "password": "the-right-passphrase"}, **attacker
        ).status_code
        == 429
    )

    # The same person from their own address, through the same proxy, is not locked out.
    response = Client().post(
        reverse("login"),
        {"username": "owner", "password": "the-right-passphrase"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(client, passwords):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "owner", "wrong")
    assert _login(client, "owner", "the-right-passphrase").status_code == 302


# API tokens: only a hash is kept, so the database never holds a usable token.


def test_push_tokens_are_stored_as_their_sha256_only(make_addon, owner):
    addon = make_addon(State.TRANSITION)
    token, raw = token_create(addon=addon, by=owner, label="ci")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert stored["token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {str(v) for v in stored.values()}


def test_user_api_tokens_are_stored_hashed(owner):
    token, raw = ApiToken.issue(user=owner, label="automation")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(v) for v in stored.values()}
    assert ApiToken.objects.authenticate(raw) == token
    assert ApiToken.objects.authenticate(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None


def test_secret_comparisons_are_constant_time():
    """Tokens are found by their hash; where a secret is compared directly, hmac does it."""
    root = Path(settings.BASE_DIR) / "onboarding"
    push = (root / "models/api_access.py").read_text()
    health = (root / "observability/health.py").read_text()
    assert "hmac.compare_digest(found.token_hash, digest)" in push
    assert "hmac.compare_digest(" in health
    direct = re.compile(r"(token|secret|password)\w*\s*==\s*", re.I)
    offenders = [
        f"{path.relative_to(root)}: {m.group(0)}"
        for path in root.rglob("*.py")
        for m in direct.finditer(path.read_text())
    ]
    assert offenders == []
