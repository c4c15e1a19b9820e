"""The words people read: escaped help texts, plurals, brand names, sentences, labels, icons."""

from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Addon, TimelineEvent
from onboarding.rules.context import AddonContext
from onboarding.selectors.slo_evaluation import viability_blocker
from onboarding.services.review import objection_raise, objection_withdraw
from onboarding.services.transitions import blockers

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_intake_help_texts_show_their_angle_brackets(client, owner):
    client.force_login(owner)
    page = client.get(reverse("intake_new")).content.decode()
    assert "Name &lt;user@redhat.com&gt;, preferably a mailing list;" in page
    assert "addon-&lt;id&gt;" in page
    assert "Name , preferably" not in page


def test_admin_help_text_shows_its_angle_brackets(client, manager, addon):
    client.force_login(manager)
    page = client.get(reverse("admin:onboarding_addon_change", args=[addon.pk])).content.decode()
    assert "Name &lt;user@redhat.com&gt;, preferably a mailing list;" in page


def test_admin_transition_buttons_have_a_title(client, manager, make_addon):
    addon = make_addon("submitted")
    client.force_login(manager)
    page = client.get(reverse("admin:onboarding_addon_change", args=[addon.pk])).content.decode()
    assert 'title="None"' not in page
    assert 'title="Withdraw, with the portal&#x27;s checks."' in page


def test_one_objection_is_singular_and_labelled_an_objection(client, make_addon, architect1):
    addon = make_addon("submitted")
    objection_raise(addon=addon, by=architect1, note="No capacity plan.")
    assert "1 architect objection still open." in blockers(AddonContext.of(None, addon), "accept")
    objection_withdraw(addon=addon, by=architect1)
    messages = addon.events.filter(kind=TimelineEvent.Kind.OBJECTION).values_list("message")
    assert sorted(m for (m,) in messages) == [
        "architect1 objected: No capacity plan.",
        "architect1 withdrew their objection.",
    ]
    assert not addon.events.filter(kind=TimelineEvent.Kind.SIGNOFF).exists()
    client.force_login(architect1)
    page = client.get(reverse("addon_timeline", args=[addon.addon_id])).content.decode()
    assert "· Objection" in page


def test_transition_window_not_elapsed_names_the_date_it_ends(make_addon):
    addon = make_addon("transition")
    started = timezone.now() - timedelta(days=3)
    Addon.objects.filter(pk=addon.pk).update(transition_started_at=started)
    addon = Addon.objects.get(pk=addon.pk)
    ends = timezone.localtime(started + timedelta(days=28))
    assert viability_blocker(addon, timezone.now()) == (
        f"The 28-day transition window has not elapsed yet: it ends on {ends:%b %-d, %Y at %H:%M}."
    )


def test_a_step_flashes_what_happened_in_a_sentence(client, owner, addon):
    client.force_login(owner)
    response = client.post(
        reverse("addon_transition", args=[addon.addon_id, "submit"]),
        {"submit-seen_state": "draft"},
        follow=True,
    )
    page = response.content.decode()
    assert "Submitted for review; the architects and the Addon SRE leads were notified." in page
    assert ": done." not in page


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
    assert finders.find("img/favicon.svg")


def test_every_page_names_its_icon(client, owner):
    client.force_login(owner)
    assert 'rel="icon"' in client.get(reverse("home")).content.decode()
