from django import template
from django.utils.html import format_html

from ..models import STAGE_OF_STATE, State

register = template.Library()


@register.filter
def state_label(value):
    """A state's name as people read it ("Production approved"), not its stored value."""
    return State(value).label if value in State.values else value


@register.simple_tag
def state_badge(state):
    """A badge coloured by the stage the state belongs to."""
    stage = STAGE_OF_STATE[state]
    return format_html(
        '<span class="badge badge-stage stage-{}" data-state="{}">{}</span>',
        stage,
        state,
        State(state).label,
    )


@register.filter
def stage_class(addon):
    return f"stage-{addon.stage}"


@register.simple_tag(takes_context=True)
def allowed(context, rule_name, obj=None):
    """Whether the page's user may take the action now: `{% allowed "review.comment" addon as
    may_comment %}`. The same rule the service enforces (onboarding/rules/)."""
    from ..rules import RULES
    from ..rules.context import addon_of

    page = context.get("ctx")  # the page's AddonContext, when it is about that addon
    if page is not None and page.addon == addon_of(obj):
        return RULES[rule_name].allows(page, obj)
    return RULES[rule_name].allows(context["request"].user, obj)
