from django import forms

from ..models import ApiToken

LABEL_MAX = ApiToken._meta.get_field("label").max_length


class UserApiTokenForm(forms.Form):
    label = forms.CharField(
        max_length=LABEL_MAX, help_text="What the token is for, e.g. Release dashboard."
    )
