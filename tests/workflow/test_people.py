"""People by their names; the only possible choice made; an engineer's load beside their name."""

import re

import pytest
from django.urls import reverse

from onboarding.models import Team
from onboarding.services.transitions import addon_assign

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _option(page, value):
    match = re.search(rf'<option value="{value}"[^>]*>([^<]*)</option>', page)
    assert match, f"no option {value}"
    return match.group(0), match.group(1)


def test_a_user_is_printed_by_name_once_they_have_one(client, sre, make_addon):
    assert str(sre) == "sre"
    sre.first_name, sre.last_name = "Aisha", "Rahman"
    sre.save()
    assert str(sre) == "Aisha Rahman"
    client.force_login(sre)
    nav = client.get(reverse("home")).content.decode()
    assert "Aisha Rahman" in nav.split('data-testid="nav-user"')[1][:200]


def test_the_only_owner_team_is_preselected_on_a_new_intake(client, owner, owner_team):
    client.force_login(owner)
    page = client.get(reverse("intake_new")).content.decode()
    option, label = _option(page, owner_team.pk)
    assert "selected" in option and label == owner_team.name


def test_the_assign_form_preselects_the_only_choices_and_shows_each_engineers_load(
    client, manager, lead, sre, make_addon
):
    busy = make_addon("accepted", addon_id="busy")
    addon_assign(
        addon=busy,
        by=manager,
        sre_team=Team.objects.get(slug="addon-sre"),
        sre_lead=lead,
        engineers=[sre],
        sprint_slot="S1",
    )
    addon = make_addon("accepted", addon_id="next-one")
    client.force_login(manager)
    page = client.get(reverse("addon_detail", args=[addon.addon_id])).content.decode()
    team_option, _ = _option(page, Team.objects.get(slug="addon-sre").pk)
    assert "selected" in team_option
    lead_option, _ = _option(page, lead.pk)
    assert "selected" in lead_option
    engineers = page[page.index('name="assign-engineers"') :]
    _, sre_label = _option(engineers, sre.pk)
    assert sre_label == "sre · 1 addon in progress"
    assert "Choose one or more" in page
