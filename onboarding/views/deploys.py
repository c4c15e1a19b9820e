from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ..errors import ActionRefused
from ..forms.deploys import StageDeployForm
from ..services.deploys import addon_record_stage_deploy
from .access import get_addon_for_user


@login_required
@require_POST
def addon_stage_deploy(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    form = StageDeployForm(request.POST)
    deployed_on = form.cleaned_data["deployed_on"] if form.is_valid() else None
    try:
        addon_record_stage_deploy(addon=addon, by=request.user, deployed_on=deployed_on)
    except ActionRefused as refusal:
        messages.error(request, f"Stage deploy not recorded: {refusal.message}")
    else:
        messages.success(request, f"Recorded: running on OCM stage since {deployed_on}.")
    return redirect(addon)
