"""The managed-tenants metadata pages: owners fill what addon.yaml needs beyond the intake,
stage's and production's values each on their own page, and compare the two documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ..errors import ActionRefused
from ..forms.metadata import MetadataForm, MetadataImportForm
from ..integrations.managed_tenants.addon_yaml import (
    addon_metadata_of,
    addon_yaml_data,
    addon_yaml_differences,
    production_has_own_metadata,
)
from ..integrations.managed_tenants.document import ENVIRONMENTS
from ..rules import addon as rules
from ..services.metadata import addon_metadata_update
from ..services.metadata_import import addon_metadata_import
from .access import get_addon_for_user

PAGE_OF = {"stage": "addon_metadata", "production": "addon_metadata_production"}


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
    editable = rules.metadata_edit.allows(request.user, addon)
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only the owner team edits the managed-tenants metadata.")
    return addon, editable


def _page(request, addon, form, import_form, *, environment, editable, status=200):
    context = {
        "addon": addon,
        "environment": environment,
        "form": form,
        "import_form": import_form,
        "editable": editable,
        "metadata": addon_metadata_of(addon, environment),
        "follows_stage": environment == "production" and not production_has_own_metadata(addon),
        "readiness": _readiness(addon),
    }
    return render(request, "onboarding/addon_metadata.html", context, status=status)


@login_required
@require_POST
def addon_metadata_import_view(request, addon_id: str):
    addon, editable = _editable_addon(request, addon_id)
    import_form = MetadataImportForm(request.POST, request.FILES)
    environment = request.POST.get("environment")
    environment = environment if environment in PAGE_OF else "stage"
    form = MetadataForm(
        instance=addon_metadata_of(addon, environment), addon=addon, environment=environment
    )
    if import_form.is_valid():
        environment = import_form.cleaned_data["environment"]
        try:
            changed = addon_metadata_import(
                addon=addon,
                by=request.user,
                text=import_form.cleaned_data["text"],
                environment=environment,
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
            messages.success(request, f"Imported the {environment} addon.yaml; changed: {said}.")
            return redirect(PAGE_OF[environment], addon_id=addon.addon_id)
    messages.error(request, "Not imported: see the messages below.")
    return _page(
        request, addon, form, import_form, environment=environment, editable=editable, status=400
    )


@login_required
def addon_metadata(request, addon_id: str, environment: str = "stage"):
    addon, editable = _editable_addon(request, addon_id)
    metadata = addon_metadata_of(addon, environment)
    form = MetadataForm(
        request.POST or None,
        request.FILES or None,
        instance=metadata,
        addon=addon,
        environment=environment,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changed = addon_metadata_update(
                addon=addon, by=request.user, values=form.values(), environment=environment
            )
            if changed:
                messages.success(
                    request, f"Saved {environment}; changed: " + ", ".join(changed) + "."
                )
            else:
                messages.info(request, "Nothing changed.")
            return redirect(PAGE_OF[environment], addon_id=addon.addon_id)
        messages.error(request, "Not saved: please correct the fields below.")
        status = 400
    import_form = MetadataImportForm(initial={"environment": environment})
    return _page(
        request, addon, form, import_form, environment=environment, editable=editable, status=status
    )


@login_required
@require_GET
def addon_metadata_compare(request, addon_id: str):
    addon = get_addon_for_user(request.user, addon_id)
    rows = addon_yaml_differences(addon)
    context = {
        "addon": addon,
        "rows": rows,
        "n_different": sum(1 for row in rows if row[3]),
        "follows_stage": not production_has_own_metadata(addon),
        "readiness": [r for r in _readiness(addon) if r[0] != "integration"],
    }
    return render(request, "onboarding/addon_metadata_compare.html", context)
