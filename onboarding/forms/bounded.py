"""The base of the portal's forms: no text field takes a control character.

Django's CharField already refuses NUL; the other C0 controls (and DEL) mean nothing in any
field here and break what reads the text later (mail headers, CSV, terminals), so every text
field refuses them too, with the message next to the field (onboarding.bounds).
"""

from django import forms

from ..bounds import control_characters_refused


def _refuse_control_characters(form) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            field.validators.append(control_characters_refused)


class BoundedForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _refuse_control_characters(self)


class BoundedModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _refuse_control_characters(self)
