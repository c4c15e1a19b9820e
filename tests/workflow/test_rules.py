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
    "slos.push",
    "addon.intake_create",
    "addon.intake_edit",
    "addon.stage_deploy",
    "addon.extend_transition",
    "addon.handover_retry",
    "addon.handover_check",
    "addon.hand_back",
    "addon.pager_test",
    "addon.pager_test_check",
    "pages.review_queue",
    "pages.signs_off",
    "pages.assign_queue",
    "pages.admin",
    "pages.dashboard",
]


def test_every_action_has_exactly_one_rule():
    assert set(ACTIONS) | {f"transitions.{n}" for n in TRANSITION_NAMES} == set(RULES)
    assert set(ITEM_RULES) == {
        "mark_done",
        "verify",
        "reopen",
        "request_waiver",
        "decide_waiver",
        "comment",
    }


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
