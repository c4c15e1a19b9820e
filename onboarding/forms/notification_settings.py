from django import forms

from ..models import MUTABLE_KINDS
from .bounded import BoundedForm


class NotificationSettingsForm(BoundedForm):
    """One checkbox per kind: ticked, the person gets that kind by e-mail; cleared, muted."""

    wanted = forms.MultipleChoiceField(
        label="E-mail me about",
        choices=[(kind.value, kind.label) for kind in MUTABLE_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Reminders and the weekly digest always come: they name what waits for you.",
    )

    @classmethod
    def for_preference(cls, preference, data=None):
        wanted = [kind.value for kind in MUTABLE_KINDS if not preference.mutes(kind)]
        return cls(data, initial={"wanted": wanted})

    def muted_kinds(self) -> list[str]:
        wanted = set(self.cleaned_data["wanted"])
        return [kind.value for kind in MUTABLE_KINDS if kind not in wanted]
