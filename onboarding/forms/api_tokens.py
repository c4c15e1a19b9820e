from django import forms

from ..bounds import one_line
from ..models import ApiToken
from .bounded import BoundedForm

LABEL_MAX = ApiToken._meta.get_field("label").max_length


class UserApiTokenForm(BoundedForm):
    label = forms.CharField(
        max_length=LABEL_MAX,
        validators=[one_line],
        help_text="What the token is for, e.g. Release dashboard.",
    )
