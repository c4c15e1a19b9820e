"""The "API tokens" page: each person lists, creates and revokes their own JSON API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..errors import ActionRefused
from ..forms.api_tokens import UserApiTokenForm
from ..models import ApiToken
from ..services.api_tokens import user_api_token_create, user_api_token_revoke


def _page(request, *, form=None, status=200, **extra):
    context = {
        "tokens": ApiToken.objects.filter(user=request.user, scope=ApiToken.Scope.READ),
        "form": form or UserApiTokenForm(),
        **extra,
    }
    return render(request, "onboarding/api_tokens.html", context, status=status)


@login_required
def api_tokens(request):
    if request.method != "POST":
        return _page(request)
    form = UserApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        token, raw = user_api_token_create(label=form.cleaned_data["label"], by=request.user)
    except ActionRefused as refusal:
        for field, message in refusal.field_errors.items():
            form.add_error(field, message)
        return _page(request, form=form, status=400)
    # The only time the token is shown: rendered into this response, never kept in the
    # session or a message, so a reload or a later visit cannot reveal it.
    return _page(request, new_token=raw, new_token_label=token.label)


@login_required
@require_POST
def api_token_revoke(request, pk):
    # Someone else's token is as good as missing: 404, not 403.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, scope=ApiToken.Scope.READ)
    try:
        user_api_token_revoke(token=token, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Token {token.label} revoked.")
    return redirect("account_api_tokens")
