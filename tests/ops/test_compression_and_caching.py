"""HTML leaves compressed, personal pages are never cached, static files are pre-compressed."""

import gzip

import brotli
import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse


def test_pages_are_sent_gzipped_to_browsers_that_accept_it(client, owner, addon):
    addon.name = "Compressed Notebooks"
    addon.save()
    client.force_login(owner)
    response = client.get(reverse("addon_list"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Compressed Notebooks" in gzip.decompress(response.content).decode()


def test_pages_are_sent_plain_to_clients_that_do_not_accept_gzip(client, owner):
    client.force_login(owner)
    response = client.get(reverse("addon_list"))
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_a_signed_in_persons_pages_are_private_and_not_stored(client, sre):
    client.force_login(sre)
    for name in ("home", "addon_list", "account_api_tokens"):
        cache_control = client.get(reverse(name))["Cache-Control"]
        assert {"private", "no-store"} <= {d.strip() for d in cache_control.split(",")}, name


@pytest.mark.django_db
def test_anonymous_responses_are_not_marked_private(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_static_files_are_served_brotli_and_gzip_compressed_and_immutable(tmp_path):
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "portal.storage.PortalStaticFilesStorage"},
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.templatetags.static import static

        url = static("css/portal.css")
        assert (tmp_path / url.removeprefix("/static/")).with_suffix(".css.br").exists()
        response = Client().get(url, HTTP_ACCEPT_ENCODING="br, gzip")
        body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert ".pct-100 { width: 100%; }" in brotli.decompress(body).decode()
