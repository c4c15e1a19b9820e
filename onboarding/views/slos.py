"""The SLO page of an addon and the writes it offers (definitions, reviews, data, tokens)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..errors import ActionRefused
from ..forms.slos import ReviewForm, SLOForm, TokenForm, UploadForm
from ..models import SLO, ApiToken
from ..rules import slos as rules
from ..rules.context import AddonContext
from ..selectors.gate_settings import gate_settings
from ..selectors.slo_charts import charts_for
from ..selectors.slo_evaluation import evaluate
from ..selectors.slo_page import slo_panels
from ..selectors.slo_window import window_end
from ..services.api_tokens import push_blocker, token_create
from ..services.api_tokens import token_revoke as token_revoke_service
from ..services.slo_collect import slo_backfill
from ..services.slo_measurements import (
    BadMeasurements,
    measurements_parse_csv,
    measurements_upload,
)
from ..services.slos import slo_create, slo_review, slo_update


def _slos_url(addon):
    return reverse("addon_slos", args=[addon.addon_id])


def _page(request, ctx, *, status=200, **extra):
    addon = ctx.addon
    slos = addon.slos.select_related("prometheus_source").prefetch_related(
        "accepted_gaps__accepted_by"
    )
    results = evaluate(slos)
    context = {
        "addon": addon,
        "ctx": ctx,
        "panels": slo_panels(charts_for(results)),
        "as_of": window_end(),
        "min_coverage": gate_settings(addon).min_coverage_percent,
        "tokens": addon.tokens.active().select_related("user"),
        "push_blocker": push_blocker(addon),
        "is_owner": rules.slo_edit.permits_role(ctx, addon),
        "may_review": rules.slo_review.allows(ctx, addon),
        "can_edit": rules.slo_edit.allows(ctx, addon),
        "can_token": rules.token_manage.allows(ctx, addon),
        "token_form": TokenForm(),
        "upload_form": UploadForm(),
        **extra,
    }
    return render(request, "onboarding/slos.html", context, status=status)


@login_required
def addon_slos(request, addon_id):
    return _page(request, AddonContext.for_request(request, addon_id))


def _slo_of(addon, pk) -> SLO:
    return get_object_or_404(SLO, pk=pk, addon=addon)


@login_required
def slo_edit(request, addon_id, pk=None):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    slo = _slo_of(addon, pk) if pk else None
    if not rules.slo_edit.permits_role(ctx, addon):
        raise PermissionDenied("Only the addon's owners define its SLOs.")
    # A new SLO judges the portal's transition window unless its owners choose a longer one.
    initial = {} if slo else {"window_days": gate_settings(addon).window_days}
    form = SLOForm(request.POST or None, instance=slo, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if slo is None:
                slo_create(addon=addon, by=request.user, data=form.cleaned_data)
            else:
                slo_update(slo=slo, by=request.user, data=form.cleaned_data)
        except ActionRefused as refusal:
            for name, error in refusal.field_errors.items():
                form.add_error(name if name in form.fields else None, error)
            if not refusal.field_errors:
                form.add_error(None, refusal.message)
        else:
            messages.success(request, "SLO saved.")
            return redirect(_slos_url(addon))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "onboarding/slo_form.html",
        {"addon": addon, "slo": slo, "form": form},
        status=status,
    )


@login_required
@require_POST
def slo_review_view(request, addon_id, pk):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    slo = _slo_of(addon, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or request changes.")
        return redirect(_slos_url(addon))
    try:
        slo_review(
            slo=slo,
            by=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
        )
    except ActionRefused as refusal:
        messages.error(request, f"Review of {slo.name} refused: {refusal.message}")
    else:
        messages.success(request, f"Review of {slo.name} recorded.")
    return redirect(_slos_url(addon))


@login_required
@require_POST
def slo_backfill_view(request, addon_id, pk):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    slo = _slo_of(addon, pk)
    try:
        written, unavailable = slo_backfill(slo=slo, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Backfilled {written} hour{pluralize(written)} of {slo.name}.")
        if unavailable:
            messages.warning(
                request,
                f"Prometheus no longer has {unavailable} of {slo.name}: past its retention or "
                "never scraped. Accept the gap below if it is understood.",
            )
    return redirect(_slos_url(addon))


@login_required
@require_POST
def slo_upload(request, addon_id, pk):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    slo = _slo_of(addon, pk)
    # The service checks the role too; checking first here spares reading another's upload.
    if not rules.slo_upload.permits_role(ctx, addon):
        raise PermissionDenied("Only the addon's owners and its Addon SRE upload data.")
    form = UploadForm(request.POST, request.FILES)
    error = None
    if not form.is_valid():
        error = " ".join(form.errors.get("file", ["Choose a CSV file."]))
    else:
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
            measurements = measurements_parse_csv(text)
            written = measurements_upload(slo=slo, by=request.user, measurements=measurements)
        except UnicodeDecodeError:
            error = "The file is not UTF-8 text."
        except BadMeasurements as exc:
            error = f"Nothing was stored: {exc}"
        except ActionRefused as refusal:
            error = refusal.message
    if error:
        return _page(request, ctx, status=400, upload_error=error, upload_slo=slo.pk)
    messages.success(request, f"Stored {written} hour{pluralize(written)} of {slo.name}.")
    return redirect(_slos_url(addon))


@login_required
@require_POST
def token_new(request, addon_id):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, ctx, status=400, token_form=form)
    try:
        token, raw = token_create(addon=addon, by=request.user, label=form.cleaned_data["label"])
    except ActionRefused as refusal:
        if not refusal.field_errors:
            form.add_error(None, refusal.message)
        for name, error in refusal.field_errors.items():
            form.add_error(name if name in form.fields else None, error)
        return _page(request, ctx, status=400, token_form=form)
    # The only time the token is shown: rendered, never stored in the session or a message.
    return _page(request, ctx, new_token=raw, new_token_label=token.label)


@login_required
@require_POST
def token_revoke(request, addon_id, pk):
    ctx = AddonContext.for_request(request, addon_id)
    addon = ctx.addon
    token = get_object_or_404(ApiToken, pk=pk, addon=addon)
    try:
        token_revoke_service(token=token, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Token {token.label} revoked.")
    return redirect(_slos_url(addon))
