"""The portal's form renderer draws <select> in Python: it must give Django's markup exactly."""

from django import forms
from django.forms.renderers import DjangoTemplates
from hypothesis import given, settings
from hypothesis import strategies as st

from onboarding.forms.renderer import PortalFormRenderer

text = st.text(alphabet=st.sampled_from("ab <>&\"'é—1"), max_size=6)
choice = st.tuples(text.filter(bool), text)
choices = st.lists(
    st.one_of(choice, st.tuples(text.filter(bool), st.lists(choice, min_size=1, max_size=3))),
    max_size=5,
)
attrs = st.dictionaries(
    st.sampled_from(["class", "data-x", "disabled", "hidden", "aria-label"]),
    st.one_of(st.booleans(), text),
    max_size=3,
)


def _both(field, data):
    class Form(forms.Form):
        pass

    Form.base_fields = {"pick": field}
    django_html = str(Form(data, renderer=DjangoTemplates())["pick"])
    portal_html = str(Form(data, renderer=PortalFormRenderer())["pick"])
    return django_html, portal_html


@settings(max_examples=150, derandomize=True, deadline=None)
@given(choices=choices, attrs=attrs, picked=text, multiple=st.booleans())
def test_select_markup_is_djangos(choices, attrs, picked, multiple):
    widget = (forms.SelectMultiple if multiple else forms.Select)(attrs=attrs)
    field = (forms.MultipleChoiceField if multiple else forms.ChoiceField)(
        choices=choices, widget=widget, required=False
    )
    data = {"pick": [picked] if multiple else picked}
    django_html, portal_html = _both(field, data)
    assert portal_html == django_html


def test_a_selected_team_and_escaped_label_render_as_django_does():
    field = forms.ChoiceField(choices=[("", "Choose…"), ("t1", "R&D <core>"), ("t2", "Ops")])
    django_html, portal_html = _both(field, {"pick": "t1"})
    assert portal_html == django_html
    assert '<option value="t1" selected>R&amp;D &lt;core&gt;</option>' in portal_html
