"""A Hypothesis state machine over the whole workflow (issue 13).

Random demo personas take random steps on one addon — every transition, the review actions
(comment, sign-off, objection, concurrence and their withdrawals), every checklist move on a
random item, working a whole gate with two people, the stage deploy, SLO definitions and
their data, SOPs and their review, and admin POSTs that try to forge workflow records — on
real PostgreSQL. After every step these invariants hold:

1. No 5xx: a step either succeeds or is refused (ActionRefused / PermissionDenied); an admin
   POST never answers 5xx.
2. Every change has exactly one timeline event: an accepted step adds one event, a refused
   step or an admin POST adds none.
3. Quorum counts only the current round: when `accept` succeeds, at least *quorum* distinct
   architects hold an active sign-off given in the current review round, after it opened.
4. No gate is passed by fewer than two people: when `approve_production` succeeds, every
   gate item verified or waived was so by someone other than who marked it done or
   requested the waiver, and the gate involved at least two people. Accounts the manager
   created and granted a role during the run, still within their cooldown, count as the
   manager himself (one person may hold them all); the same holds for the quorum (3).
5. An addon can always move on: from any state but `transitioned` some persona may take
   some step (withdrawn and rejected addons can be reopened, and a reopened addon can be
   scoped again).
6. What the page offers equals what the service accepts: a transition offered on the addon
   page (`actions_for`), a review action or a checklist move offered by its rule succeeds
   with valid input, and one not offered is refused.

The manager also creates accounts during the run and grants them a role (`role_grant`);
these fresh accounts then try the same steps as everyone else.

`make test` runs it bounded and derandomized (the same sequences every run); `make fuzz`
runs it long with fresh random sequences (FUZZ_EXAMPLES, FUZZ_STEPS).
"""

import os
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from onboarding.errors import ActionRefused
from onboarding.models import (
    SOP,
    Addon,
    ChecklistItem,
    PortalSettings,
    SignOff,
    State,
    Team,
    TimelineEvent,
)
from onboarding.rules import review as review_rules
from onboarding.rules.checklist import ACTIONS, available_actions
from onboarding.rules.context import AddonContext
from onboarding.rules.people import gates_open_at
from onboarding.rules.roles import Role
from onboarding.rules.transitions import role_refusal
from onboarding.services import checklist as c
from onboarding.services import review as r
from onboarding.services import transitions as t
from onboarding.services.deploys import addon_record_stage_deploy
from onboarding.services.role_grants import role_grant
from onboarding.services.slo_measurements import Measurement, measurements_upload
from onboarding.services.slos import slo_create
from onboarding.services.sops import sop_create, sop_review
from onboarding.views.addon_actions import actions_for
from tests.factories import AddonFactory

FUZZ = os.environ.get("FUZZ") == "1"
MACHINE_SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 500 if FUZZ else 6)),
    stateful_step_count=int(os.environ.get("FUZZ_STEPS", 80 if FUZZ else 30)),
    deadline=None,
    derandomize=not FUZZ,
    suppress_health_check=list(HealthCheck),
)
PERSONAS = ["owner", "owner2", "architect1", "architect2", "architect3", "lead", "sre", "manager"]
FRESH_ROLES = [Role.ARCHITECT, Role.LEAD, Role.SRE, Role.OWNER]
REFUSALS = (ActionRefused, PermissionDenied)
GATE_PEOPLE = ("done_by_id", "verified_by_id", "waiver_requested_by_id", "waiver_decided_by_id")


def _inputs(name, people):
    today = timezone.localdate()
    return {
        "request_changes": {"comment": "Please add the capacity forecast."},
        "accept": {"priority": "P2"},
        "reject": {"rationale": "Duplicates an existing service."},
        "assign": {
            "sre_team": Team.objects.get(slug="addon-sre"),
            "sre_lead": people["lead"],
            "engineers": [people["sre"]],
            "sprint_slot": "2026-S24",
        },
        "scope": {
            "work_items": "Review alerts",
            "estimate_weeks": 4,
            "target_production_date": today + timedelta(days=60),
        },
        "mark_in_production": {"deployed_on": today},
        "withdraw": {"reason": "Re-planning."},
    }.get(name, {})


# The steps along the happy path, in order (reopen brings a withdrawn addon back).
FORWARD = [
    "submit",
    "resubmit",
    "accept",
    "assign",
    "scope",
    "approve_production",
    "mark_in_production",
    "complete_transition",
    "reopen",
]

REVIEW = {
    "comment": (review_rules.comment, lambda a, u: r.comment_post(addon=a, by=u, body="Note.")),
    "sign_off": (review_rules.sign_off, lambda a, u: r.signoff_give(addon=a, by=u)),
    "withdraw_sign_off": (
        review_rules.withdraw_sign_off,
        lambda a, u: r.signoff_withdraw(addon=a, by=u),
    ),
    "object": (
        review_rules.object_,
        lambda a, u: r.objection_raise(addon=a, by=u, note="No DR plan."),
    ),
    "withdraw_objection": (
        review_rules.withdraw_objection,
        lambda a, u: r.objection_withdraw(addon=a, by=u),
    ),
    "concur": (review_rules.concur, lambda a, u: r.concurrence_give(addon=a, by=u)),
}

MOVES = {
    "mark_done": lambda i, u: c.item_mark_done(
        item=i, by=u, evidence_url="https://docs.example.com/evidence"
    ),
    "verify": lambda i, u: c.item_verify(item=i, by=u),
    "reopen": lambda i, u: c.item_reopen(item=i, by=u, reason="Not true any more."),
    "request_waiver": lambda i, u: c.item_request_waiver(item=i, by=u, justification="N/a."),
    "decide_waiver": lambda i, u: c.item_decide_waiver(item=i, by=u, approve=True),
}


class Workflow(RuleBasedStateMachine):
    people: dict = {}

    def __init__(self):
        super().__init__()
        # Each run in a savepoint rolled back at teardown: runs do not see each other's data.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.addon_pk = None
        self.quorum = PortalSettings.load().signoff_quorum
        # Every account that may act: the demo personas and those created during the run.
        self.accounts = dict(self.people)
        self.fresh = []

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # ---- helpers ----

    def addon(self) -> Addon:
        return Addon.objects.select_related("team").get(pk=self.addon_pk)

    def events(self) -> int:
        return TimelineEvent.objects.filter(addon_id=self.addon_pk).count()

    def attempt(self, offered: bool, act, what: str):
        """Run `act`; check it succeeded exactly when offered, with exactly one event."""
        before = self.events()
        try:
            result = act()
        except REFUSALS as refusal:
            assert not offered, f"{what} was offered but refused: {refusal}"
            assert self.events() == before, f"refused {what} left an event"
            return None
        assert offered, f"{what} was not offered but the service accepted it"
        assert self.events() == before + 1, f"{what} wrote {self.events() - before} events"
        return result if result is not None else True

    # ---- steps ----

    @initialize()
    def intake(self):
        owner = self.people["owner"]
        self.addon_pk = AddonFactory(team=owner.teams.first(), created_by=owner).pk

    @rule(name=st.sampled_from(t.TRANSITION_NAMES), who=st.sampled_from(PERSONAS))
    def transition(self, name, who):
        self._transition(name, who)

    def _transition(self, name, who):
        user, addon = self.accounts[who], self.addon()
        offered = name in [a.name for a in actions_for(AddonContext.of(user, addon))[0]]
        service = t.SERVICES[name]
        done = self.attempt(
            offered,
            lambda: service(addon=addon, by=user, **_inputs(name, self.people)),
            f"{who}: {name} from {addon.state}",
        )
        if done and name == "accept":
            self.check_quorum_of_current_round()
        if done and name in ("approve_production", "complete_transition"):
            gate = "production" if name == "approve_production" else "handover"
            self.check_four_eyes_on_gate(gate, approver=user)

    @rule(pick=st.integers(0, 100))
    def take_an_offered_step(self, pick):
        """Someone takes one of the steps or review actions the pages offer them."""
        addon = self.addon()
        offered = [
            (self._transition, who, action.name)
            for who in self.accounts
            for action in actions_for(AddonContext.of(self.accounts[who], addon))[0]
        ] + [
            (self._review, who, name)
            for who in self.accounts
            for name, (check, _) in REVIEW.items()
            if check.allows(self.accounts[who], addon)
        ]
        if offered:
            take, who, name = offered[pick % len(offered)]
            take(name, who)

    @rule()
    def move_forward(self):
        """The next forward step offered to anyone, else what it waits for: the addon progresses."""
        addon = self.addon()
        for name in FORWARD:
            for who in PERSONAS:
                if name in [
                    a.name for a in actions_for(AddonContext.of(self.accounts[who], addon))[0]
                ]:
                    return self._transition(name, who)
        for who in PERSONAS:
            if REVIEW["sign_off"][0].allows(self.accounts[who], addon):
                return self._review("sign_off", who)
        if addon.state == State.ONBOARDING:
            if not addon.slos.exists():
                return self.define_slo_with_data("owner")
            if not addon.stage_deployed_on:
                return self.stage_deploy("owner", 3)
            return self.work_the_gate_with_two_people("production")
        return None

    @rule(role=st.sampled_from(FRESH_ROLES))
    def manager_creates_an_account(self, role):
        """The manager's second account: created now and granted a role by the manager."""
        user = get_user_model().objects.create_user(f"fresh{len(self.fresh)}")
        if role == Role.OWNER:
            self.addon().team.members.add(user)
        role_grant(user=user, role=role, by=self.people["manager"])
        self.accounts[user.username] = user
        self.fresh.append(user.username)

    @rule(
        pick=st.integers(0, 10),
        name=st.sampled_from(t.TRANSITION_NAMES),
        action=st.sampled_from(sorted(REVIEW)),
        move=st.sampled_from(ACTIONS),
        n=st.integers(0, 40),
    )
    def fresh_account_acts(self, pick, name, action, move, n):
        """A fresh account tries a step, a review action and a checklist move."""
        if not self.fresh:
            return
        who = self.fresh[pick % len(self.fresh)]
        self._transition(name, who)
        self._review(action, who)
        self.checklist_move(move, who, n)

    @rule(action=st.sampled_from(sorted(REVIEW)), who=st.sampled_from(PERSONAS))
    def review(self, action, who):
        self._review(action, who)

    def _review(self, action, who):
        user, addon = self.accounts[who], self.addon()
        check, act = REVIEW[action]
        self.attempt(check.allows(user, addon), lambda: act(addon, user), f"{who}: {action}")

    @rule(action=st.sampled_from(ACTIONS), who=st.sampled_from(PERSONAS), n=st.integers(0, 40))
    def checklist_move(self, action, who, n):
        addon = self.addon()
        items = list(addon.checklist_items.order_by("position"))
        if not items:
            return
        user, item = self.accounts[who], items[n % len(items)]
        item.addon = addon
        offered = action in available_actions(item, AddonContext.of(user, addon))
        self.attempt(offered, lambda: MOVES[action](item, user), f"{who}: {action} {item.key}")

    @rule(gate=st.sampled_from(["production", "handover"]))
    def work_the_gate_with_two_people(self, gate):
        """Owners mark their items done and the SRE verifies; the SRE marks, the lead verifies."""
        addon = self.addon()
        p = self.people
        for item in addon.checklist_items.filter(gate__in=ChecklistItem.gates_up_to(gate)):
            item.addon = addon
            marker = p["owner"] if item.side == "owner" else p["sre"]
            checker = p["sre"] if item.side == "owner" else p["lead"]
            for action, user in (("mark_done", marker), ("verify", checker)):
                item = ChecklistItem.objects.select_related("addon").get(pk=item.pk)
                offered = action in available_actions(item, AddonContext.of(user, item.addon))
                move = MOVES[action]
                done = self.attempt(offered, lambda m=move, i=item, u=user: m(i, u), action)
                if not done:
                    break

    @rule(who=st.sampled_from(["owner", "sre", "architect1"]), days_ago=st.integers(-1, 30))
    def stage_deploy(self, who, days_ago):
        from onboarding.rules.addon import stage_deploy

        user, addon = self.accounts[who], self.addon()
        day = timezone.localdate() - timedelta(days=days_ago)
        offered = stage_deploy.allows(user, addon) and days_ago >= 0
        self.attempt(
            offered,
            lambda: addon_record_stage_deploy(addon=addon, by=user, deployed_on=day),
            f"{who}: stage deploy",
        )

    @rule(who=st.sampled_from(["owner", "sre"]))
    def define_slo_with_data(self, who):
        from onboarding.rules.slos import slo_edit

        user, addon = self.accounts[who], self.addon()
        name = f"availability-{addon.slos.count()}"
        data = {
            "name": name,
            "sli_type": "availability",
            "description": "Successful requests",
            "objective": "99.000",
            "window_days": PortalSettings.load().transition_window_days,
            "document_url": "",
            "dashboard_url": "",
            "source": "pushed",
            "good_query": "",
            "total_query": "",
        }
        slo = self.attempt(
            slo_edit.allows(user, addon),
            lambda: slo_create(addon=addon, by=user, data=data),
            f"{who}: define SLO",
        )
        if slo:
            end = datetime.now(tz=UTC).replace(minute=0, second=0, microsecond=0)
            hours = [Measurement(end - timedelta(hours=h), 999, 1000) for h in range(1, 49)]
            self.attempt(
                True, lambda: measurements_upload(slo=slo, by=user, measurements=hours), "data"
            )

    @rule(who=st.sampled_from(["owner", "sre"]), approve=st.booleans())
    def sop(self, who, approve):
        from onboarding.rules.slos import sop_edit
        from onboarding.rules.slos import sop_review as may_review

        user, addon = self.accounts[who], self.addon()
        pending = addon.sops.filter(status=SOP.Status.PENDING).first()
        if pending is None:
            self.attempt(
                sop_edit.allows(user, addon),
                lambda: sop_create(
                    addon=addon,
                    by=user,
                    title=f"SOP {addon.sops.count()}",
                    url="https://s.example.com",
                ),
                f"{who}: list SOP",
            )
            return
        self.attempt(
            may_review.allows(user, addon),
            lambda: sop_review(sop=pending, by=user, approve=approve, comment="Fix the steps."),
            f"{who}: review SOP",
        )

    @rule(model=st.sampled_from(["signoff", "checklistitem", "sop", "slobucket", "addon"]))
    def admin_forgery(self, model):
        client = Client()
        client.force_login(self.people["manager"])
        before = self.events()
        states = Addon.objects.filter(pk=self.addon_pk).values_list("state", "priority")[0]
        add = client.post(
            reverse(f"admin:onboarding_{model}_add"),
            {"addon": self.addon_pk, "architect": self.people["architect1"].pk},
        )
        change = client.post(
            reverse("admin:onboarding_addon_change", args=[self.addon_pk]),
            {"priority": "P1", "intake_revision": "99", "_fsm_transition_to": "bogus"},
        )
        assert add.status_code < 500 and change.status_code < 500
        assert self.events() == before
        assert Addon.objects.filter(pk=self.addon_pk).values_list("state", "priority")[0] == states

    # ---- invariants ----

    def person(self, pk):
        """Who is behind an account, as far as four eyes may assume: an account the manager
        created and granted a role during the run is, within its cooldown, the manager."""
        fresh = {self.accounts[name].pk: self.accounts[name] for name in self.fresh}
        if pk in fresh and gates_open_at(fresh[pk]) > timezone.now():
            return self.people["manager"].pk
        return pk

    def check_quorum_of_current_round(self):
        addon = self.addon()
        current = addon.review_rounds.get(number=addon.intake_revision)
        signers = SignOff.objects.filter(
            addon=addon,
            objection=False,
            withdrawn_at__isnull=True,
            intake_revision=addon.intake_revision,
            created_at__gte=current.opened_at,
        ).values_list("architect", flat=True)
        people = {self.person(pk) for pk in signers}
        assert current.quorum >= 2, f"round opened with a quorum of {current.quorum}"
        assert len(people) >= current.quorum, f"accepted with {len(people)} people signing"

    def check_four_eyes_on_gate(self, gate, approver):
        items = ChecklistItem.objects.filter(
            addon_id=self.addon_pk, gate__in=ChecklistItem.gates_up_to(gate), mandatory=True
        )
        person = self.person
        people = {person(approver.pk)}
        for item in items.values(*GATE_PEOPLE, "status", "key"):
            if item["status"] == ChecklistItem.Status.VERIFIED:
                assert person(item["done_by_id"]) != person(item["verified_by_id"]), item["key"]
            if item["status"] == ChecklistItem.Status.WAIVED:
                requested, decided = item["waiver_requested_by_id"], item["waiver_decided_by_id"]
                assert person(requested) != person(decided), item["key"]
            people |= {person(item[k]) for k in GATE_PEOPLE if item[k]}
        assert len(people) >= 2, "the gate was passed by one person"

    @invariant()
    def can_always_move_on(self):
        if self.addon_pk is None:
            return
        addon = self.addon()
        event(f"reached {addon.state}")
        if addon.state == State.TRANSITIONED:
            return
        field = Addon._meta.get_field("state")
        possible = [
            tr
            for tr in field.get_all_transitions(Addon)
            if tr.source == addon.state
            and any(
                role_refusal(AddonContext.of(user, addon), tr.name) is None
                for user in self.accounts.values()
            )
        ]
        assert possible, f"stuck in {addon.state}"


@pytest.mark.django_db
def test_the_workflow_keeps_its_invariants_under_random_steps(personas):
    Workflow.people = personas
    run_state_machine_as_test(Workflow, settings=MACHINE_SETTINGS)
