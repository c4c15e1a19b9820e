"""A second account within its cooldown verifies nothing and decides no waiver: the other pair
of eyes on a gate item must be an account older than `ROLE_COOLDOWN_DAYS`."""

import pytest
from django.contrib.auth import get_user_model

from onboarding.errors import ActionRefused
from onboarding.models import ChecklistItem
from onboarding.rules.checklist import available_actions
from onboarding.rules.context import AddonContext
from onboarding.rules.roles import Role
from onboarding.services import checklist as c
from onboarding.services.role_grants import role_grant

pytestmark = pytest.mark.django_db
EVIDENCE = "https://docs.example.com/dr-plan"


@pytest.fixture
def fresh_sre(onboarding_addon, manager):
    """`sre2`: created today, made an Addon SRE by the manager, assigned as an engineer."""
    user = get_user_model().objects.create_user("sre2", email="sre2@example.com")
    role_grant(user=user, role=Role.SRE, by=manager)
    onboarding_addon.engineers.add(user)
    return get_user_model().objects.get(pk=user.pk)


def test_a_fresh_engineer_cannot_verify_an_item_another_marked_done(
    onboarding_addon, item_of, owner, sre, fresh_sre
):
    item = c.item_mark_done(item=item_of("CONT-2"), by=owner, evidence_url=EVIDENCE)
    item.addon = onboarding_addon
    assert "verify" not in available_actions(item, AddonContext.of(fresh_sre, onboarding_addon))
    with pytest.raises(ActionRefused, match="may act on gates from"):
        c.item_verify(item=item, by=fresh_sre)
    assert ChecklistItem.objects.get(pk=item.pk).status == ChecklistItem.Status.DONE
    # An established Addon SRE still verifies it.
    assert c.item_verify(item=item, by=sre).status == ChecklistItem.Status.VERIFIED
