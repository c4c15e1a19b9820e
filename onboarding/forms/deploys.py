from django import forms


class StageDeployForm(forms.Form):
    deployed_on = forms.DateField(
        label="Deployed to OCM stage on", widget=forms.DateInput(attrs={"type": "date"})
    )
