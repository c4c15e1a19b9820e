"""The checklist page of an addon and the item actions posted from it.

For htmx requests an action answers with the item's fragment plus the progress bars
(out-of-band), so both update in place; a plain POST redirects back to the item.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..checklist_progress import checklist_progress
from ..forms.checklist import ACTION_FORMS, LABELS, ChecklistFilterForm
from ..models import ChecklistItem, Gate
from ..services import checklist as services
from ..services.errors import ActionRefused
from .access import get_addon_for_user

SERVICES = {
    "mark_done": services.item_mark_done,
    "verify": services.item_verify,
    "reopen": services.item_reopen,
    "request_waiver": services.item_request_waiver,
    "decide_waiver": services.item_decide_waiver,
}

PEOPLE = ("done_by", "verified_by", "waiver_requested_by", "waiver_decided_by")


@dataclass
class ItemError:
    action: str
    message: str
    fields: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)


def _items(addon):
    return ChecklistItem.objects.filter(addon=addon).select_related(*PEOPLE)


def _annotate(items, addon, roles, *, error=None, flash=""):
    """Attach what the page shows per item: its actions, a refusal, a confirmation."""
    for item in items:
        item.actions = services.available_actions(item, roles, addon.state)
        item.error = error
        item.flash = flash
    return items


def _return_query(data) -> str:
    """The page's filters, carried through an action so the redirect lands on the same view."""
    query = QueryDict(data.get("return_query", ""))
    kept = {k: query[k] for k in ("side", "status", "gate") if query.get(k)}
    return urlencode(kept)


def _page_context(request, addon, *, error=None, error_item_id=None):
    roles = services.ChecklistRoles.of(addon, request.user)
    filters = ChecklistFilterForm(request.GET or None)
    items = list(filters.apply(_items(addon), roles))
    _annotate(items, addon, roles)
    groups: dict[str, list] = {}
    for item in items:
        if item.pk == error_item_id:
            item.error = error
        groups.setdefault(item.category, []).append(item)
    return {
        "addon": addon,
        "roles": roles,
        "filters": filters,
        "filtered": filters.is_bound and any(filters.data.get(k) for k in filters.fields),
        "groups": groups,
        "progress": checklist_progress(addon),
        "gates": Gate,
        "return_query": request.GET.urlencode(),
    }


@login_required
def checklist_page(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    return render(request, "onboarding/checklist.html", _page_context(request, addon))


@login_required
@require_POST
def checklist_item_action(request, addon_id, item_id, action):
    addon = get_addon_for_user(request.user, addon_id)
    if action not in SERVICES:
        raise Http404("No such checklist action.")
    item = get_object_or_404(ChecklistItem, addon=addon, pk=item_id)
    form = ACTION_FORMS[action](request.POST)
    error = None
    if form.is_valid():
        kwargs = (
            form.service_kwargs() if hasattr(form, "service_kwargs") else dict(form.cleaned_data)
        )
        try:
            SERVICES[action](item=item, by=request.user, **kwargs)
        except ActionRefused as refusal:
            error = ItemError(action, refusal.message, refusal.field_errors, request.POST.dict())
    else:
        fields = {name: errors[0] for name, errors in form.errors.items()}
        error = ItemError(action, "Please correct the fields below.", fields, request.POST.dict())

    if request.htmx:
        return _item_response(request, addon, item_id, action, error)
    if error:
        messages.error(request, f"{LABELS[action]} refused: {error.message}")
        context = _page_context(request, addon, error=error, error_item_id=item.pk)
        return render(request, "onboarding/checklist.html", context, status=400)
    messages.success(request, f"{item.key}: {LABELS[action].lower()} — done.")
    url = reverse("checklist", args=[addon.addon_id])
    query = _return_query(request.POST)
    return redirect(f"{url}{'?' + query if query else ''}#item-{item.pk}")


def _item_response(request, addon, item_id, action, error):
    """The item's fragment (focused) and the progress bars, swapped out of band."""
    roles = services.ChecklistRoles.of(addon, request.user)
    item = _items(addon).get(pk=item_id)
    flash = "" if error else f"{LABELS[action]}: done."
    _annotate([item], addon, roles, error=error, flash=flash)
    context = {
        "addon": addon,
        "item": item,
        "roles": roles,
        "focus": True,
        "progress": checklist_progress(addon),
        "return_query": request.POST.get("return_query", ""),
    }
    return render(request, "onboarding/checklist.html#item_response", context)
