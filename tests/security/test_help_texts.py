"""Help texts are plain text: every form of the portal shows them with every character kept.

"quay.io/<organisation>/<image>:<tag>" printed as HTML loses its placeholders; the renderer
(onboarding/forms/renderer.py) escapes them once for crispy and Django's templates alike.
"""

import importlib
import pkgutil
from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template

import onboarding
from onboarding.forms.intake import IntakeForm
from onboarding.forms.metadata import MetadataForm

CRISPY = Template("{% load crispy_forms_tags %}{{ form|crispy }}")


class _HelpTexts(HTMLParser):
    """The text of every element whose id ends in _helptext, as a browser shows it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        element_id = dict(attrs).get("id") or ""
        self._open.append(element_id if element_id.endswith("_helptext") else None)
        if self._open[-1]:
            self.texts[element_id] = ""

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            if element_id:
                self.texts[element_id] += data


def help_texts_shown(html: str) -> dict[str, str]:
    parser = _HelpTexts()
    parser.feed(html)
    return {key: " ".join(text.split()) for key, text in parser.texts.items()}


def _portal_form_classes():
    for module in pkgutil.walk_packages(onboarding.__path__, "onboarding."):
        if ".migrations." not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        abstract = issubclass(cls, forms.BaseModelForm) and not getattr(
            getattr(cls, "_meta", None), "model", None
        )
        if cls.__module__.startswith("onboarding.") and not abstract and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _build(cls, owner, addon):
    if issubclass(cls, IntakeForm):
        return cls(user=owner)
    if issubclass(cls, MetadataForm):
        return cls(addon=addon)
    return cls()


FORM_CLASSES = _portal_form_classes()


def test_the_walk_finds_the_forms_with_format_hints():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"IntakeForm", "MetadataForm", "SLOForm", "AssignForm", "PrometheusSourceForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_help_text_is_shown_with_every_character(cls, owner, addon):
    form = _build(cls, owner, addon)
    expected = {
        f"{form[name].auto_id}_helptext": " ".join(str(field.help_text).split())
        for name, field in form.fields.items()
        if field.help_text and not field.widget.is_hidden
    }
    for html in (CRISPY.render(Context({"form": form})), form.as_div()):
        shown = help_texts_shown(html)
        assert {key: shown.get(key) for key in expected} == expected


def test_a_format_hint_keeps_its_angle_brackets(owner, addon):
    form = MetadataForm(addon=addon)
    shown = help_texts_shown(CRISPY.render(Context({"form": form})))
    assert shown["id_test_harness_helptext"] == "quay.io/<organisation>/<image>:<tag>"
    assert "&lt;organisation&gt;" in form.as_div()
