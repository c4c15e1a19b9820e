"""Link fields: a URL whose scheme rule (https only, or http/https) is its only validator.

Django's URLField adds a generic URL validator at both the model and the form level; with a
scheme validator on top a bad link got two messages. Here the scheme validator given to the
field speaks alone, and the form assumes https for addresses typed without a scheme.
"""

from django import forms
from django.core.validators import URLValidator
from django.db import models


class LinkFormField(forms.URLField):
    default_validators = []

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class LinkField(models.URLField):
    default_validators = []

    def formfield(self, **kwargs):
        # A model form shows its field's "invalid" message for the model validator's error
        # (same code), so the field must carry the scheme rule's own words.
        messages = [v.message for v in self.validators if isinstance(v, URLValidator)]
        if messages:
            kwargs["error_messages"] = {"invalid": messages[0], **kwargs.get("error_messages", {})}
        return super().formfield(**{"form_class": LinkFormField, **kwargs})
