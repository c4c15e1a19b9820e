"""The managed-tenants metadata page: owners fill what addon.yaml needs beyond the intake."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from ..forms.metadata import MetadataForm
from ..managed_tenants.document import ENVIRONMENTS
from ..models.states import OPEN_STATES
from ..permissions import is_team_owner
from ..services.addon_yaml import addon_metadata_of, addon_yaml_data
from ..services.errors import ActionRefused
from ..services.metadata import addon_metadata_update
from .access import get_addon_for_user


def _readiness(addon) -> list[tuple[str, str]]:
    """(environment, what managed-tenants would say) for the page's summary."""
    result = []
    for environment in ENVIRONMENTS:
        try:
            addon_yaml_data(addon=addon, environment=environment)
            result.append((environment, ""))
        except ActionRefused as refused:
            result.append((environment, refused.message))
    return result


@login_required
def addon_metadata(request, addon_id: str):
    addon = get_addon_for_user(request.user, addon_id)
    editable = is_team_owner(addon, request.user) and addon.state in OPEN_STATES
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only the owner team edits the managed-tenants metadata.")
    metadata = addon_metadata_of(addon)
    form = MetadataForm(request.POST or None, request.FILES or None, instance=metadata, addon=addon)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changed = addon_metadata_update(addon=addon, by=request.user, values=form.values())
            if changed:
                messages.success(request, "Saved; changed: " + ", ".join(changed) + ".")
            else:
                messages.info(request, "Nothing changed.")
            return redirect("addon_metadata", addon_id=addon.addon_id)
        messages.error(request, "Not saved: please correct the fields below.")
        status = 400
    context = {
        "addon": addon,
        "form": form,
        "editable": editable,
        "metadata": metadata,
        "readiness": _readiness(addon),
    }
    return render(request, "onboarding/addon_metadata.html", context, status=status)
