from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from ..errors import ActionRefused
from ..integrations.managed_tenants.addon_yaml import addon_yaml_render
from .access import get_addon_for_user


@login_required
@require_GET
def addon_yaml_download(request, addon_id: str):
    addon = get_addon_for_user(request.user, addon_id)
    environment = request.GET.get("env", "stage")
    try:
        text = addon_yaml_render(addon=addon, environment=environment)
    except ActionRefused as refused:
        messages.error(request, refused.message)
        return redirect(addon)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{addon.addon_id}-{environment}-addon.yaml"'
    )
    return response
