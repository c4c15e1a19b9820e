"""The managed-tenants metadata page: owners fill what addon.yaml needs beyond the intake."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..forms.metadata import MetadataForm, MetadataImportForm
from ..managed_tenants.document import ENVIRONMENTS
from ..models.states import OPEN_STATES
from ..permissions import is_team_owner
from ..services.addon_yaml import addon_metadata_of, addon_yaml_data
from ..services.errors import ActionRefused
from ..services.metadata import addon_metadata_update
from ..services.metadata_import import addon_metadata_import
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


def _editable_addon(request, addon_id: str):
    addon = get_addon_for_user(request.user, addon_id)
    editable = is_team_owner(addon, request.user) and addon.state in OPEN_STATES
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only the owner team edits the managed-tenants metadata.")
    return addon, editable


def _page(request, addon, form, import_form, *, editable, status=200):
    context = {
        "addon": addon,
        "form": form,
        "import_form": import_form,
        "editable": editable,
        "metadata": addon_metadata_of(addon),
        "readiness": _readiness(addon),
    }
    return render(request, "onboarding/addon_metadata.html", context, status=status)


@login_required
@require_POST
def addon_metadata_import_view(request, addon_id: str):
    addon, editable = _editable_addon(request, addon_id)
    import_form = MetadataImportForm(request.POST, request.FILES)
    form = MetadataForm(instance=addon_metadata_of(addon), addon=addon)
    if import_form.is_valid():
        try:
            changed = addon_metadata_import(
                addon=addon, by=request.user, text=import_form.cleaned_data["text"]
            )
        except ActionRefused as refused:
            import_form.add_error(None, refused.message)
            # The file's problems are shown on the fields they would fill; the form itself
            # keeps the stored values (unbound), so it gets an empty validation result.
            form.full_clean()
            form.cleaned_data = {}
            for name, error in refused.field_errors.items():
                form.add_error(name if name in form.fields else None, error)
        else:
            said = ", ".join(changed) if changed else "nothing changed"
            messages.success(request, f"Imported the addon.yaml; changed: {said}.")
            return redirect("addon_metadata", addon_id=addon.addon_id)
    messages.error(request, "Not imported: see the messages below.")
    return _page(request, addon, form, import_form, editable=editable, status=400)


@login_required
def addon_metadata(request, addon_id: str):
    addon, editable = _editable_addon(request, addon_id)
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
    return _page(request, addon, form, MetadataImportForm(), editable=editable, status=status)
