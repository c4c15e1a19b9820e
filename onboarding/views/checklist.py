"""The checklist page of an addon and the item moves posted from it.

The page has one form per kind of move: the rows' buttons carry the item (`name="item"`),
so 44 items do not mean 44 forms. Marking done can also take several ticked items at once
(all or none: views.checklist_bulk). For htmx requests a move answers with the item's row
and the progress (out of band); a plain POST redirects back to the item.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..errors import ActionRefused
from ..forms.checklist import (
    ACTION_FORMS,
    LABELS,
    ChecklistFilterForm,
    done_sentence,
    posted_pk,
)
from ..rules.checklist import ChecklistRoles
from ..selectors.checklist_page import ItemError, items_for_page, page_of, row_of
from ..selectors.checklist_panel import PEOPLE, item_panel
from ..selectors.checklist_progress import checklist_progress
from ..services import checklist as services
from .access import get_addon_for_user

SERVICES = {
    "mark_done": services.item_mark_done,
    "verify": services.item_verify,
    "reopen": services.item_reopen,
    "request_waiver": services.item_request_waiver,
    "decide_waiver": services.item_decide_waiver,
}
FILTERS = ("show", "side", "status", "gate")


def _return_query(data) -> str:
    """The page's filters, carried through a move so the answer shows the same view."""
    query = QueryDict(data.get("return_query", ""))
    return urlencode({k: query[k] for k in FILTERS if query.get(k)})


def page_url(addon, data=None, anchor="") -> str:
    url = reverse("checklist", args=[addon.addon_id])
    query = _return_query(data) if data is not None else ""
    return f"{url}{'?' + query if query else ''}{anchor}"


def page_context(request, addon, *, query=None, errors=None, flash="") -> dict:
    roles = ChecklistRoles.of(addon, request.user)
    query = request.GET if query is None else query
    filters = ChecklistFilterForm(query or None)
    return {
        "addon": addon,
        "filters": filters,
        "page": page_of(addon, roles, filters, errors=errors),
        "progress": checklist_progress(addon),
        "return_query": _return_query({"return_query": query.urlencode()}),
        "flash": flash,
    }


@login_required
def checklist_page(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    return render(request, "onboarding/checklist.html", page_context(request, addon))


def _fields_of(post, pk) -> dict:
    """The row's inputs (`evidence_url-<pk>`) under their plain names, with the rest of the POST."""
    data = post.dict()
    suffix = f"-{pk}"
    for name, value in post.items():
        if name.endswith(suffix):
            data[name.removesuffix(suffix)] = value
    return data


def _item_of(addon, pk):
    """The addon's item, with its comment count (which a move does not change)."""
    return get_object_or_404(items_for_page(addon), pk=pk)


def _item_in_request(addon, value):
    pk = posted_pk(value)
    if pk is None:
        raise Http404("No such checklist item.")
    return _item_of(addon, pk)


@login_required
@require_POST
def checklist_action(request, addon_id, action):
    """A move posted from the page's one form of that move: the item is in the request."""
    addon = get_addon_for_user(request.user, addon_id)
    if action not in SERVICES:
        raise Http404("No such checklist action.")
    item = _item_in_request(addon, request.POST.get("item"))
    return _move(request, addon, item, action, _fields_of(request.POST, item.pk), panel=False)


@login_required
@require_POST
def checklist_item_action(request, addon_id, item_id, action):
    """A move posted from an item's panel (in its row, or on the item's own page)."""
    addon = get_addon_for_user(request.user, addon_id)
    if action not in SERVICES:
        raise Http404("No such checklist action.")
    item = _item_of(addon, item_id)
    return _move(request, addon, item, action, request.POST.dict(), panel=True)


def _move(request, addon, item, action, data, *, panel):
    form = ACTION_FORMS[action](data)
    error = None
    if form.is_valid():
        kwargs = (
            form.service_kwargs() if hasattr(form, "service_kwargs") else dict(form.cleaned_data)
        )
        try:
            moved = SERVICES[action](item=item, by=request.user, **kwargs)
            moved.comment_count = item.comment_count
            item = moved
        except ActionRefused as refusal:
            error = ItemError(action, refusal.message, refusal.field_errors, data)
    else:
        fields = {name: errors[0] for name, errors in form.errors.items()}
        error = ItemError(action, "Please correct the fields below.", fields, data)

    if request.htmx:
        if error:  # the panel (if the move came from it) opens again with the refusal
            return row_response(request, addon, item.pk, error=error, panel=panel)
        # Done: the row as the service saved it, its panel closed (nothing more to read).
        return row_response(request, addon, item.pk, item=item, flash=done_sentence(action, item))
    if error:
        messages.error(request, f"{LABELS[action]} refused: {error.message}")
        if panel:
            return item_page(request, addon, item.pk, error=error, status=400)
        context = page_context(
            request, addon, query=QueryDict(data.get("return_query", "")), errors={item.pk: error}
        )
        return render(request, "onboarding/checklist.html", context, status=400)
    messages.success(request, done_sentence(action, item))
    return redirect(page_url(addon, data, f"#item-{item.pk}"))


def row_response(request, addon, pk, *, item=None, error=None, flash="", panel=False):
    """The item's row (focused, its panel open if asked) and the progress, out of band.

    `item`, if given, is the row as the service saved it (with its comment count)."""
    roles = ChecklistRoles.of(addon, request.user)
    if item is None:
        item = items_for_page(addon).select_related(*PEOPLE).get(pk=pk)
    row = row_of(item, addon, roles, error=error, flash=flash, focus=True)
    if panel:
        row.panel = item_panel(item, addon, roles, error=error)
    progress = checklist_progress(addon)
    context = {
        "addon": addon,
        "row": row,
        "progress": progress,
        "category": progress.categories[item.category],
        "oob": True,
        "return_query": _return_query(request.POST),
    }
    response = render(request, "onboarding/checklist.html#row_response", context)
    response["HX-Retarget"] = f"#{row.ref}"
    response["HX-Reswap"] = "outerHTML"
    return response


def item_page(request, addon, pk, *, error=None, status=200):
    """The item's panel as a page of its own: where the row's "Details…" leads without htmx."""
    roles = ChecklistRoles.of(addon, request.user)
    item = get_object_or_404(items_for_page(addon).select_related(*PEOPLE), pk=pk)
    context = {
        "addon": addon,
        "item": item,
        "panel": item_panel(item, addon, roles, error=error, in_row=False),
        "back": page_url(addon, anchor=f"#item-{item.pk}"),
        "return_query": "",
    }
    return render(request, "onboarding/checklist_item.html", context, status=status)
