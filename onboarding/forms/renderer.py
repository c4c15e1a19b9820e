"""The portal's form renderer: Django's, with <select> drawn in Python and help texts as text.

Django renders a select through a template that includes an option template, each with an
attributes loop: a team filter of 50 options costs ~500 template lookups, a fifth of a list
page's time. This renderer builds exactly the same markup with format_html; every other widget
keeps Django's templates. tests/perf/test_form_renderer.py pins the equivalence.

Help texts are plain text ("quay.io/<org>/<repo>:<tag>", "Name <email>"), but crispy and
Django's own form templates print them with |safe. Every form the portal builds gets its
bound fields from this renderer, so escaping them here is the one place it happens
(tests/security/test_help_texts.py renders every form).
"""

from django.forms import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

SELECT = "django/forms/widgets/select.html"
# Constant markup, as select.html writes it.
OPTGROUP_END = SafeString("\n  </optgroup>")
SELECT_END = SafeString("\n</select>")


def _attrs(attrs: dict) -> str:
    """widgets/attrs.html: in order, False left out, True as a bare name."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


def select_html(widget: dict) -> str:
    parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    option["value"],
                    _attrs(option["attrs"]),
                    option["label"],
                )
            )
        if group_name:
            parts.append(OPTGROUP_END)
    parts.append(SELECT_END)
    return format_html_join("", "{}", ((part,) for part in parts))


class PlainHelpTextBoundField(BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.help_text = conditional_escape(self.help_text)


class PortalFormRenderer(DjangoTemplates):
    bound_field_class = PlainHelpTextBoundField

    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return select_html(context["widget"])
        return super().render(template_name, context, request=request)
