"""One rule per action (issue 13): every action has its rule in onboarding/rules/, the pages
and templates ask it, and the views no longer check permissions themselves."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from onboarding.models import State
from onboarding.rules import RULES
from onboarding.rules.checklist import ITEM_RULES
from onboarding.services.transitions import TRANSITION_NAMES

VIEWS = Path(__file__).resolve().parents[2] / "onboarding" / "views"

ACTIONS = [
    "review.comment",
    "review.sign_off",
    "review.withdraw_sign_off",
    "review.object",
    "review.withdraw_objection",
    "review.concur",
    "slos.slo_edit",
    "slos.slo_review",
    "slos.slo_upload",
    "slos.slo_backfill",
    "slos.slo_gap_accept",
    "slos.slo_query_test",
    "slos.sop_edit",
    "slos.sop_review",
    "slos.token_manage",
    "slos.token_revoke",
    "slos.push",
    "addon.intake_create",
    "addon.intake_edit",
    "addon.stage_deploy",
    "addon.metadata_edit",
    "addon.extend_transition",
    "addon.handover_retry",
    "addon.handover_check",
    "addon.hand_back",
    "addon.pager_test",
    "addon.pager_test_check",
    "addon.shadow_start",
    "addon.handover_push",
    "pages.review_queue",
    "pages.signs_off",
    "pages.assign_queue",
    "pages.admin",
    "pages.checklist_templates",
    "pages.dashboard",
    "api.token_scope",
]


CHECKLIST_ACTIONS = {"mark_done", "verify", "reopen", "request_waiver", "decide_waiver", "comment"}


def test_every_action_has_exactly_one_rule():
    transitions = {f"transitions.{n}" for n in TRANSITION_NAMES}
    checklist = {f"checklist.{n}" for n in CHECKLIST_ACTIONS}
    assert set(ACTIONS) | transitions | checklist == set(RULES)
    assert set(ITEM_RULES) == CHECKLIST_ACTIONS
    assert all(RULES[f"checklist.{n}"] is ITEM_RULES[n] for n in CHECKLIST_ACTIONS)


def test_views_do_not_check_permissions_themselves():
    offenders = {
        path.name: line.strip()
        for path in VIEWS.glob("*.py")
        for line in path.read_text().splitlines()
        if re.search(r"has_perm\(|permissions\.is_|PERM\[", line)
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "persona,expected", [("owner", True), ("architect1", True), ("sre", False), ("owner2", False)]
)
def test_templates_ask_the_same_rule_as_the_service(make_addon, personas, persona, expected):
    addon = make_addon(State.SUBMITTED)
    request = RequestFactory().get("/")
    request.user = personas[persona]
    template = Template('{% load portal_tags %}{% allowed "review.comment" addon as ok %}{{ ok }}')
    shown = template.render(Context({"request": request, "addon": addon}))
    assert shown == str(expected)
    assert RULES["review.comment"].allows(personas[persona], addon) is expected


def _links_of(client, user, addon):
    client.force_login(user)
    html = client.get(addon.get_absolute_url()).content.decode()
    nav = html[html.index('aria-label="Addon pages"') :]
    return nav[: nav.index("</nav>")]


@pytest.mark.parametrize(
    "persona,state,shown",
    [
        ("owner", State.DRAFT, True),
        ("owner", State.CHANGES_REQUESTED, True),
        ("owner", State.SUBMITTED, False),
        ("architect1", State.CHANGES_REQUESTED, False),
        ("lead", State.CHANGES_REQUESTED, False),
    ],
)
def test_the_edit_intake_link_is_shown_exactly_when_the_rule_allows(
    client, make_addon, personas, persona, state, shown
):
    addon = make_addon(state)
    user = personas[persona]
    assert RULES["addon.intake_edit"].allows(user, addon) is shown
    assert ("Edit intake" in _links_of(client, user, addon)) is shown


@pytest.mark.parametrize("persona,allowed", [("manager", True), ("owner", False), ("sre", False)])
def test_checklist_templates_and_token_revokes_ask_their_rules(
    other_team, personas, persona, allowed
):
    from django.core.exceptions import PermissionDenied

    from onboarding.models import ApiToken, ChecklistTemplate
    from onboarding.services.api_tokens import token_revoke
    from onboarding.services.checklist_templates import checklist_template_copy
    from tests.factories import AddonFactory

    user = personas[persona]
    assert RULES["pages.checklist_templates"].allows(user, None) is allowed
    template = ChecklistTemplate.objects.order_by("-version").first()
    if allowed:
        assert checklist_template_copy(template=template, by=user).version == template.version + 1
    else:
        with pytest.raises(PermissionDenied, match="maintains checklist templates"):
            checklist_template_copy(template=template, by=user)
    # A push token of another team's addon: of these three, only the manager revokes it.
    addon = AddonFactory(team=other_team)
    token, _ = ApiToken.issue(user=personas["owner2"], label="push", addon=addon)
    assert RULES["slos.token_revoke"].allows(user, token) is allowed
    if allowed:
        assert token_revoke(token=token, by=user).revoked_at is not None
    else:
        with pytest.raises(PermissionDenied):
            token_revoke(token=token, by=user)
        token.refresh_from_db()
        assert token.revoked_at is None
