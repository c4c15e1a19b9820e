"""The small forms of the review page: a comment, a sign-off note, an objection."""

from django import forms

from .bounded import BoundedForm


class CommentForm(BoundedForm):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Plain text; line breaks are kept.",
    )


class SignOffForm(BoundedForm):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.TextInput()
    )


class ObjectionForm(BoundedForm):
    note = forms.CharField(
        label="What do you object to?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConcurrenceForm(BoundedForm):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.TextInput()
    )
