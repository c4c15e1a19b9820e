"""`AddonContext`: who acts on which addon, and what the rules read about it, loaded once.

Every rule takes `(ctx, obj)`. A context is built explicitly, once per request or service call:
- `for_request(request, addon_id)` in views: the addon as its viewer may see it (404
  otherwise), with the viewer's membership of its team and engineers read in the same query;
- `locked(pk, by)` in services: the addon's row locked for the change;
- `many(addons, user)` for lists and home: the reads of every listed addon at once, so a page
  costs the same queries for 3 addons as for 30;
- `of(user, addon)` anywhere else (a task, a test, a rule asked about another addon).

The reads (checklist progress, the blocking items of a gate, the review tally, the person's
sign-off and concurrence, the SLO verdicts, the change request) are computed on first ask and
kept on the context, which ends with the request: a page's sections, its rules and its
transition guards ask one read, and nothing hangs off the model instance.
"""

from functools import cached_property

from django.db.models import Exists, OuterRef
from django.http import Http404

from .roles import PERM, Role, holds, roles_of

IN_TEAM = "_ctx_in_team"
ENGINEER = "_ctx_engineer"


SEE_ALL = ("review_addon", "lead_onboarding", "verify_addon", "manage_onboarding")


def visible(queryset, user):
    """The addons a person may see: every addon for the SRE roles and architects, their own
    teams' addons for service owners, none otherwise."""
    if not user.is_authenticated:
        return queryset.none()
    if any(holds(user, PERM[codename]) for codename in SEE_ALL):
        return queryset
    if holds(user, PERM["own_addon"]):
        return queryset.filter(team__members=user)
    return queryset.none()


def with_membership(queryset, user, path=""):
    """The rows with whether `user` is in their addon's team and among its engineers (`path`:
    from the rows to the addon, "" for addons)."""
    from ..models import Addon, Team

    team, addon = OuterRef(f"{path}team_id"), OuterRef(f"{path}pk" if path else "pk")
    return queryset.annotate(
        **{
            IN_TEAM: Exists(Team.members.through.objects.filter(team_id=team, user_id=user.pk)),
            ENGINEER: Exists(
                Addon.engineers.through.objects.filter(addon_id=addon, user_id=user.pk)
            ),
        }
    )


class AddonContext:
    def __init__(self, actor, addon=None, *, in_team=None, engineer=None):
        self.actor = actor
        self.addon = addon
        if addon is not None and in_team is None and hasattr(addon, IN_TEAM):
            in_team, engineer = addon.__dict__.pop(IN_TEAM), addon.__dict__.pop(ENGINEER)
        self._in_team = in_team
        self._engineer = engineer
        self._reads = {}

    def __repr__(self):
        return f"<AddonContext {self.actor} on {self.addon}>"

    # ---- building one ----

    @classmethod
    def of(cls, user, addon=None) -> "AddonContext":
        return cls(user, addon)

    @classmethod
    def for_request(cls, request, addon_id: str, queryset=None) -> "AddonContext":
        """The addon the request's user may see (404 otherwise, so others' addons stay
        invisible), with their membership read in the same query."""
        from ..models import Addon

        user = request.user
        queryset = queryset if queryset is not None else Addon.objects.select_related("team")
        try:
            addon = with_membership(visible(queryset, user), user).get(addon_id=addon_id)
        except Addon.DoesNotExist:
            raise Http404("No such addon.") from None
        return cls(user, addon)

    @classmethod
    def locked(cls, pk: int, by, queryset=None) -> "AddonContext":
        """The addon's row locked until the transaction ends; call inside `atomic()`."""
        from ..models import Addon

        queryset = queryset if queryset is not None else Addon.objects.select_related("team")
        addon = with_membership(queryset.select_for_update(of=("self",)), by).get(pk=pk)
        return cls(by, addon)

    @classmethod
    def locked_item(cls, pk: int, by, queryset):
        """(context, item): a checklist item of `queryset` and its addon, both rows locked
        (approve_production and complete_transition read the items under the addon's lock)."""
        item = with_membership(
            queryset.select_for_update(of=("self", "addon")).select_related("addon__team"),
            by,
            "addon__",
        ).get(pk=pk)
        ctx = cls(
            by,
            item.addon,
            in_team=item.__dict__.pop(IN_TEAM),
            engineer=item.__dict__.pop(ENGINEER),
        )
        return ctx, item

    @classmethod
    def many(cls, addons, user, known=None) -> dict[int, "AddonContext"]:
        """A context per addon (by pk), with the rules' reads of all of them loaded together
        (`selectors.context_reads`); `known`: reads the list's own query made, {read: {addon
        pk: value}}. Read the addons `with_membership` for the person's membership too."""
        from ..selectors.context_reads import load_reads

        contexts = {addon.pk: cls(user, addon) for addon in addons}
        load_reads(list(contexts.values()), known)
        return contexts

    # ---- who the actor is ----

    @cached_property
    def roles(self) -> frozenset[Role]:
        return frozenset(roles_of(self.actor)) if self.actor is not None else frozenset()

    def holds(self, codename: str) -> bool:
        return (
            self.actor is not None
            and self.actor.is_authenticated
            and holds(self.actor, PERM[codename])
        )

    @property
    def pk(self):
        return getattr(self.actor, "pk", None)

    @cached_property
    def owner_role(self) -> bool:
        return self.holds("own_addon")

    @cached_property
    def architect(self) -> bool:
        return self.holds("review_addon")

    @cached_property
    def any_lead(self) -> bool:
        """An Addon SRE Lead, assigned to this addon or not."""
        return self.holds("lead_onboarding")

    @cached_property
    def verifier(self) -> bool:
        """Addon SRE (leads included), assigned to this addon or not."""
        return self.holds("verify_addon")

    @cached_property
    def manager(self) -> bool:
        return self.holds("manage_onboarding")

    @cached_property
    def in_team(self) -> bool:
        """A member of the addon's team, whatever their role."""
        if self.addon is None or self.actor is None or not self.actor.is_authenticated:
            return False
        if self._in_team is None:
            self._in_team = self.addon.team.members.filter(pk=self.actor.pk).exists()
        return self._in_team

    @cached_property
    def owner(self) -> bool:
        """A service owner of the addon's team."""
        return self.owner_role and self.in_team

    @cached_property
    def assigned_lead(self) -> bool:
        return self.any_lead and self.addon is not None and self.addon.sre_lead_id == self.pk

    @cached_property
    def assigned_sre(self) -> bool:
        """The addon's Addon SRE: its lead or one of its engineers."""
        if not self.verifier or self.addon is None:
            return False
        if self.addon.sre_lead_id == self.pk:
            return True
        if self._engineer is None:
            self._engineer = self.addon.engineers.filter(pk=self.pk).exists()
        return self._engineer

    # ---- the rules ----

    def why_not(self, rule_name: str, obj=None) -> str | None:
        from . import RULES

        return RULES[rule_name].why_not(self, self.addon if obj is None else obj)

    def may(self, rule_name: str, obj=None) -> bool:
        return self.why_not(rule_name, obj) is None

    # ---- the reads the rules and the page share ----

    def read(self, key, compute):
        if key not in self._reads:
            self._reads[key] = compute()
        return self._reads[key]

    def known(self, key, value) -> None:
        """A read already made for many addons at once (`many`)."""
        self._reads[key] = value

    @property
    def checklist_progress(self):
        from ..selectors.checklist_progress import checklist_progress

        return self.read(
            "checklist_progress", lambda: checklist_progress(self.addon, viewer_pk=self.pk)
        )

    def gate_blocking(self, gate: str):
        from ..selectors.checklist_progress import gate_blocking_items

        return self.read(("gate_blocking", gate), lambda: gate_blocking_items(self.addon, gate))

    @property
    def tally(self):
        from ..selectors.signoffs import signoff_tally

        return self.read("tally", lambda: signoff_tally(self.addon))

    @property
    def my_signoff(self):
        from ..selectors.signoffs import my_signoff

        return self.read("my_signoff", lambda: my_signoff(self.addon, self.actor))

    @property
    def concurred(self) -> bool:
        from ..selectors.signoffs import concurred

        return self.read("concurred", lambda: concurred(self.addon, self.actor))

    @property
    def slo_results(self):
        from ..selectors.slo_evaluation import evaluate

        return self.read("slo_results", lambda: evaluate(self.addon.slos.all()))

    @property
    def change_request(self):
        from ..selectors.next_steps import change_request

        return self.read("change_request", lambda: change_request(self.addon))


def context_of(who, obj) -> AddonContext:
    """The context a rule is asked with: `who` itself, or a person asking about `obj` (an
    addon, an object of an addon, or None for the role-wide pages)."""
    if isinstance(who, AddonContext) or not hasattr(who, "is_authenticated"):
        return who  # a context, or a caller that is not a person (a push token)
    return AddonContext.of(who, addon_of(obj))


def addon_of(obj):
    from ..models import Addon

    if obj is None or isinstance(obj, Addon):
        return obj
    return getattr(obj, "addon", None)
