"""Hostile input: markup stays text, only http(s) links, size limits, no open redirect, CSRF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse

from onboarding.models import SLO, SOP, Addon, ChecklistItem, Comment, State
from onboarding.services.checklist import item_mark_done

from .test_role_matrix import URL_NAMES, build_world, snapshot, url_for
from .urlwalk import walk

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover="alert(1)'
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_ATTRIBUTE = "&quot;onmouseover=&quot;alert(1)"
PAYLOAD = f"{SCRIPT} {ATTRIBUTE}"

# The intake's free-text fields (the others are ids, choices, URLs or checked formats).
FREE_TEXT = [
    "name",
    "description",
    "architecture_summary",
    "dependencies",
    "cluster_requirements",
    "data_flows",
    "continuity_plan",
    "slis_and_slos",
    "load_testing",
    "capacity_forecast",
    "support_contacts",
    "prototyping_notes",
]
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)//https://example.com",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]


def assert_escaped(response, *, count=1):
    html = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in html
    assert ATTRIBUTE not in html
    assert html.count(ESCAPED_SCRIPT) >= count
    assert html.count(ESCAPED_ATTRIBUTE) >= count


def intake_data(team, **fields):
    return {
        "addon_id": "hostile",
        "name": "Hostile",
        "team": team.pk,
        "install_mode": "OwnNamespace",
        "default_channel": "stable",
        **fields,
    }


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


# Markup in text fields is stored as typed and shown as text.


def test_intake_text_fields_store_markup_and_every_page_shows_it_escaped(owner_client, owner_team):
    hostile = {name: f"{PAYLOAD} {name}"[:100] for name in FREE_TEXT}
    # owner_contact is not free text: managed-tenants' addonOwner pattern admits no markup.
    response = owner_client.post(reverse("intake_new"), intake_data(owner_team, **hostile))
    assert response.status_code == 302

    addon = Addon.objects.get(addon_id="hostile")
    for name, value in hostile.items():
        assert getattr(addon, name) == value
    assert_escaped(owner_client.get(reverse("addon_detail", args=[addon.addon_id])))
    review_page = owner_client.get(reverse("addon_review", args=[addon.addon_id]))
    assert_escaped(review_page, count=len(FREE_TEXT))
    assert review_page.content.decode().count(ESCAPED_ATTRIBUTE) >= len(hostile)
    assert_escaped(owner_client.get(reverse("addon_list")))
    assert_escaped(owner_client.get(reverse("intake_edit", args=[addon.addon_id])))
    assert_escaped(owner_client.get(reverse("addon_timeline", args=[addon.addon_id])))


def test_review_comment_with_markup_is_shown_escaped(make_addon, client, architect1):
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    url = reverse("addon_review_action", args=[addon.addon_id, "comment"])
    assert client.post(url, {"body": PAYLOAD}).status_code == 302
    assert Comment.objects.get(addon=addon).body == PAYLOAD
    assert_escaped(client.get(reverse("addon_review", args=[addon.addon_id])))


def test_checklist_notes_with_markup_are_shown_escaped(make_addon, client, owner):
    addon = make_addon(State.ONBOARDING)
    item = ChecklistItem.objects.filter(addon=addon, side="owner").first()
    client.force_login(owner)
    url = reverse("checklist_item_action", args=[addon.addon_id, item.pk, "mark_done"])
    data = {"notes": PAYLOAD, "evidence_url": "https://docs.example.com/evidence"}
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.notes == PAYLOAD
    assert_escaped(client.get(reverse("checklist_item", args=[addon.addon_id, item.pk])))


def test_sop_and_slo_texts_with_markup_are_shown_escaped(make_addon, client, owner):
    addon = make_addon(State.TRANSITION)
    client.force_login(owner)
    sop = {"title": PAYLOAD, "url": "https://sops.example.com/x", "alerts": PAYLOAD}
    assert client.post(reverse("addon_sops", args=[addon.addon_id]), sop).status_code == 302
    assert SOP.objects.get(addon=addon).title == PAYLOAD
    assert_escaped(client.get(reverse("addon_sops", args=[addon.addon_id])), count=2)

    slo = {
        "name": "hostile",
        "sli_type": "latency",
        "description": PAYLOAD,
        "objective": "99.0",
        "window_days": 28,
        "source": "pushed",
    }
    assert client.post(reverse("slo_new", args=[addon.addon_id]), slo).status_code == 302
    assert SLO.objects.get(addon=addon, name="hostile").description == PAYLOAD
    tokens = reverse("token_new", args=[addon.addon_id])
    assert client.post(tokens, {"label": PAYLOAD[:100]}).status_code == 200
    assert_escaped(client.get(reverse("addon_slos", args=[addon.addon_id])), count=2)


# Links: http(s) only, everything else refused with a message.


@pytest.mark.parametrize("url", HOSTILE_URLS)
@pytest.mark.parametrize("field", ["service_definition_url", "sde_epic_url"])
def test_intake_refuses_non_https_links(owner_client, owner_team, field, url):
    response = owner_client.post(reverse("intake_new"), intake_data(owner_team, **{field: url}))
    assert response.status_code == 400
    assert set(response.context["form"].errors[field]) == {
        "Enter a full https:// address (e.g. https://issues.example.com/SDE-1)."
    }
    assert not Addon.objects.filter(addon_id="hostile").exists()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_sop_and_slo_links_refuse_other_schemes(make_addon, client, owner, url):
    addon = make_addon(State.TRANSITION)
    client.force_login(owner)
    sops = reverse("addon_sops", args=[addon.addon_id])
    response = client.post(sops, {"title": "Disk full", "url": url})
    assert response.status_code == 400
    assert response.context["form"].errors["url"][0] in {
        "Enter a valid URL.",
        "Enter a full http:// or https:// address.",
    }
    assert not SOP.objects.filter(addon=addon, title="Disk full").exists()

    slo = {
        "name": "links",
        "sli_type": "latency",
        "description": "d",
        "objective": "99.0",
        "window_days": 28,
        "source": "pushed",
        "dashboard_url": url,
    }
    response = client.post(reverse("slo_new", args=[addon.addon_id]), slo)
    assert response.status_code == 400
    assert "dashboard_url" in response.context["form"].errors
    assert not SLO.objects.filter(addon=addon, name="links").exists()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_checklist_evidence_refuses_other_schemes(make_addon, client, owner, url):
    addon = make_addon(State.ONBOARDING)
    item = ChecklistItem.objects.filter(addon=addon, side="owner").first()
    client.force_login(owner)
    action = reverse("checklist_item_action", args=[addon.addon_id, item.pk, "mark_done"])
    response = client.post(action, {"evidence_url": url})
    assert response.status_code == 400
    assert "Give an http(s) URL" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ChecklistItem.Status.TO_DO
    assert item.evidence_url == ""


def test_the_evidence_service_refuses_a_javascript_link_too(make_addon, owner):
    from onboarding.errors import ActionRefused

    addon = make_addon(State.ONBOARDING)
    item = ChecklistItem.objects.filter(addon=addon, side="owner").first()
    with pytest.raises(ActionRefused, match="http"):
        item_mark_done(item=item, by=owner, evidence_url="javascript:alert(1)")


# Oversized input: refused with the limit named, nothing stored.


def test_oversized_intake_text_is_refused_with_the_limit(owner_client, owner_team):
    data = intake_data(owner_team, description="x" * 5001)
    response = owner_client.post(reverse("intake_new"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["description"] == [
        "Ensure this value has at most 5000 characters (it has 5001)."
    ]
    assert not Addon.objects.filter(addon_id="hostile").exists()


def test_oversized_comment_is_refused_with_the_limit(make_addon, client, architect1):
    addon = make_addon(State.SUBMITTED)
    client.force_login(architect1)
    url = reverse("addon_review_action", args=[addon.addon_id, "comment"])
    response = client.post(url, {"body": "y" * 5001})
    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    assert not Comment.objects.filter(addon=addon).exists()


def test_oversized_upload_is_refused_and_nothing_stored(make_addon, client, owner):
    addon = make_addon(State.TRANSITION)
    slo = addon.slos.first()
    before = slo.buckets.count()
    rows = "".join(f"2025-{1 + h // 700:02d}-01T00:00:00Z,1,1\n" for h in range(2001))
    upload = SimpleUploadedFile("big.csv", ("start,good,total\n" + rows).encode())
    client.force_login(owner)
    response = client.post(reverse("slo_upload", args=[addon.addon_id, slo.pk]), {"file": upload})
    assert response.status_code == 400
    assert "too many rows" in response.content.decode()
    assert slo.buckets.count() == before


def test_an_upload_file_over_the_size_limit_is_refused_before_reading(make_addon, client, owner):
    addon = make_addon(State.TRANSITION)
    slo = addon.slos.first()
    before = slo.buckets.count()
    upload = SimpleUploadedFile("huge.csv", b"start,good,total\n" + b"#" * (300 * 1024))
    client.force_login(owner)
    response = client.post(reverse("slo_upload", args=[addon.addon_id, slo.pk]), {"file": upload})
    assert response.status_code == 400
    assert "at most 256 KB (2,000 hours) per upload" in response.content.decode()
    assert slo.buckets.count() == before


def test_a_body_over_the_upload_limit_is_a_bad_request(make_addon, client, owner, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    addon = make_addon(State.SUBMITTED)
    client.force_login(owner)
    url = reverse("addon_review_action", args=[addon.addon_id, "comment"])
    response = client.post(url, {"body": "z" * 20_000})
    assert response.status_code == 400
    assert not Comment.objects.filter(addon=addon).exists()


# The login page's `next` never leads off the site.


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com",
        "//evil.example.com",
        "https:evil.example.com",
        "/\\evil.example.com",
        "http://testserver@evil.example.com/",
    ],
)
def test_login_next_cannot_redirect_off_site(client, owner, target):
    owner.set_password("a-long-passphrase")
    owner.save()
    response = client.post(
        reverse("login") + "?next=" + target,
        {"username": "owner", "password": "a-long-passphrase", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_login_next_on_the_site_is_followed(client, owner):
    owner.set_password("a-long-passphrase")
    owner.save()
    response = client.post(
        reverse("login"),
        {"username": "owner", "password": "a-long-passphrase", "next": "/addons/"},
    )
    assert response["Location"] == "/addons/"


# CSRF: every state-changing request needs the token, except the token-authenticated push API.

# The API authenticates by bearer token only (no session, no cookie): CSRF has nothing to abuse.
CSRF_EXEMPT = {name for name in URL_NAMES if name.startswith("api:")}
SRE_URLS = {"slo_review", "slo_backfill", "sop_review", "addon_extend"}
MANAGER_URLS = {"admin:index", "handover_retry", "handover_check", "dashboard", "assign_queue"}


def test_a_post_without_the_csrf_token_is_refused_on_every_url(make_addon, personas):
    """The middleware refuses before any view runs, so one addon serves every URL."""
    from .matrix import SETUP

    world = build_world(make_addon, personas, State.TRANSITION)
    refused, allowed = [], []
    for name in URL_NAMES:
        if name in CSRF_EXEMPT:
            continue
        data = SETUP.get(name, {}).get("data", {})
        data = data(world) if callable(data) else dict(data)
        # A persona the matrix lets in, so only the missing token can refuse the request.
        persona = "sre" if name in SRE_URLS else "manager" if name in MANAGER_URLS else "owner"
        client = Client(enforce_csrf_checks=True)
        if name != "login":
            client.force_login(personas[persona])
        before = snapshot(world.addon)
        response = client.post(url_for(name, world), data)
        if response.status_code == 403 and b"CSRF" in response.content:
            refused.append(name)
        else:
            allowed.append((name, response.status_code))
        assert snapshot(world.addon) == before, name
    assert not allowed, f"POST without a CSRF token was not refused: {allowed}"
    assert len(refused) == len(URL_NAMES) - len(CSRF_EXEMPT)


def test_a_post_with_the_csrf_token_goes_through(make_addon, owner):
    addon = make_addon(State.DRAFT)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get(reverse("addon_detail", args=[addon.addon_id]))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "submit"]),
        {"submit-seen_state": "draft", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    addon.refresh_from_db()
    assert addon.state == State.SUBMITTED


def test_the_push_api_needs_no_csrf_token_but_a_bearer_token(make_addon, owner):
    from onboarding.services.api_tokens import token_create

    addon = make_addon(State.TRANSITION)
    slo = addon.slos.first()
    _, raw = token_create(addon=addon, by=owner, label="exporter")
    client = Client(enforce_csrf_checks=True)
    url = reverse("api:slo_measurements_push", args=[slo.pk])
    hour = addon.transition_started_at.replace(minute=0, second=0, microsecond=0)
    body = f'[{{"start": "{hour:%Y-%m-%dT%H:00:00Z}", "good": 9, "total": 10}}]'
    assert client.post(url, body, content_type="application/json").status_code == 401
    response = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 200
    assert response.json() == {"stored": 1, "added": 1, "replaced": 0}


def test_the_csrf_list_covers_the_whole_urlconf():
    names = {name for name, _ in walk(get_resolver().url_patterns)}
    assert names >= CSRF_EXEMPT
