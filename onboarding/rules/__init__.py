"""Every action's one rule (README "The workflow"), by name: "<module>.<action>".

`RULES["review.sign_off"].why_not(ctx, addon)` with the person's `AddonContext`
(rules/context.py), or `ctx.may("review.sign_off")`; templates ask `{% allowed
"review.sign_off" addon as may_sign %}` (portal_tags), which reads the page's context. The
checklist's item rules are here too, as "checklist.<action>", taking `(ctx, item)`.

Who acts next is not a rule but the one table over them (`rules/next.py`): for each state and
sub-state, the party who must act, what they do and the name of the rule here that allows it.

`RULES` is built on first use (PEP 562 `__getattr__`), so that importing a leaf of this package
(`rules.roles`, the definition of roles, which models read) does not import every rule module,
and through them the models, while the models are still loading.
"""

from .base import Rule


def _collect(prefix, module) -> dict[str, Rule]:
    return {
        f"{prefix}.{rule.__name__}": rule
        for rule in vars(module).values()
        if isinstance(rule, Rule)
    }


def _build() -> dict[str, Rule]:
    from . import addon, api, checklist, pages, review, slos, transitions

    return {
        **_collect("addon", addon),
        **_collect("api", api),
        **_collect("pages", pages),
        **_collect("review", review),
        **_collect("slos", slos),
        **{f"transitions.{name}": rule for name, rule in transitions.TRANSITIONS.items()},
        **{f"checklist.{name}": rule for name, rule in checklist.ITEM_RULES.items()},
    }


def __getattr__(name: str):
    if name == "RULES":
        globals()["RULES"] = rules = _build()
        return rules
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
