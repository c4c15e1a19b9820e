"""Prometheus sources, managed by SRE managers; their secrets are write-only here."""

from django import forms
from django.contrib import admin

from ..models import PrometheusSource, SLOClock, SLOGapAcceptance
from .site import ManagerAdmin, ReadOnlyAdmin

SECRETS = ("bearer_token", "client_secret")


class PrometheusSourceForm(forms.ModelForm):
    """A secret left blank keeps the stored one; a stored secret is never rendered back."""

    class Meta:
        model = PrometheusSource
        fields = [
            "name",
            "url",
            "timeout_seconds",
            "ca_bundle",
            "auth",
            "bearer_token",
            "token_url",
            "client_id",
            "client_secret",
            "scope",
            "tenant_header",
            "tenant",
        ]
        widgets = {
            "bearer_token": forms.PasswordInput(render_value=False),
            "client_secret": forms.PasswordInput(render_value=False),
            "ca_bundle": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SECRETS:
            stored = bool(self.instance.pk and getattr(self.instance, name))
            self.fields[name].help_text = (
                "Stored (not shown). Type a new value to replace it; leave blank to keep it."
                if stored
                else "Not set."
            )

    def _secret(self, name):
        typed = self.cleaned_data.get(name)
        return typed or (getattr(self.instance, name) if self.instance.pk else "")

    def clean(self):
        data = super().clean()
        for name in SECRETS:
            data[name] = self._secret(name)
        auth = data.get("auth")
        if auth == PrometheusSource.Auth.BEARER and not data["bearer_token"]:
            self.add_error("bearer_token", "Bearer auth needs the token.")
        if auth == PrometheusSource.Auth.OAUTH2:
            for name in ("token_url", "client_id", "client_secret"):
                if not data.get(name):
                    self.add_error(name, "OAuth2 client credentials need this.")
        if data.get("tenant_header") and not data.get("tenant"):
            self.add_error("tenant", "Give the tenant sent in the header.")
        pem = (data.get("ca_bundle") or "").strip()
        if pem and "-----BEGIN CERTIFICATE-----" not in pem:
            self.add_error("ca_bundle", "Paste PEM certificates (-----BEGIN CERTIFICATE-----).")
        return data


@admin.register(PrometheusSource)
class PrometheusSourceAdmin(ManagerAdmin):
    form = PrometheusSourceForm
    list_display = ("name", "url", "auth", "tenant_header", "timeout_seconds")
    search_fields = ("name", "url")
    fieldsets = (
        (None, {"fields": ("name", "url", "timeout_seconds", "ca_bundle")}),
        (
            "Authentication",
            {
                "fields": (
                    "auth",
                    "bearer_token",
                    "token_url",
                    "client_id",
                    "client_secret",
                    "scope",
                )
            },
        ),
        ("Tenant", {"fields": ("tenant_header", "tenant")}),
    )


@admin.register(SLOGapAcceptance)
class SLOGapAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("slo", "start", "end", "accepted_by", "accepted_at", "reason")
    search_fields = ("slo__name", "slo__addon__addon_id", "reason")
    list_select_related = ("slo__addon", "accepted_by")


@admin.register(SLOClock)
class SLOClockAdmin(ReadOnlyAdmin):
    list_display = ("collected_through", "finished_at")
