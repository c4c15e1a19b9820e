from django import forms

from .bounded import BoundedForm


class StageDeployForm(BoundedForm):
    deployed_on = forms.DateField(
        label="Deployed to OCM stage on", widget=forms.DateInput(attrs={"type": "date"})
    )
