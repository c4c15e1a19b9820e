"""The password login form, bounded like every other form of the portal."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from ..bounds import control_characters_refused

# Django's form sets the username's max_length after creating the field, so no validator is
# attached: a 200 KB username reached authenticate() and django-axes' varchar(255) (a 500).
PASSWORD_MAX = 4096


class BoundedLoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators += [MaxLengthValidator(username.max_length), control_characters_refused]
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX))

    def clean(self):
        if self.errors:  # a refused field: never ask the backends (nor axes) about it
            return self.cleaned_data
        return super().clean()
