"""Marking the ticked items of the checklist page done in one POST: all of them, or none.

Each ticked row sends its evidence link (`evidence_url-<pk>`); each item then goes through the
same service and rule as a single "Mark done" (services.checklist_bulk). If any item is
refused, nothing changes and the page comes back with each refusal next to its item.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from ..errors import ActionRefused
from ..forms.checklist import MarkDoneForm, posted_pk
from ..models import ChecklistItem
from ..selectors.checklist_page import ItemError
from ..services.checklist_bulk import BatchRefused, items_mark_done
from .access import get_addon_for_user
from .checklist import page_context, page_url


def _ticked_items(addon, values) -> list[ChecklistItem]:
    """The ticked items, all of this addon's checklist, or 404 (nothing has changed yet)."""
    pks = {posted_pk(v) for v in values}
    if None in pks:
        raise Http404("No such checklist item.")
    items = list(ChecklistItem.objects.filter(addon=addon, pk__in=pks))
    if len(items) != len(pks):
        raise Http404("No such checklist item.")
    return items


def _checked(post, items) -> tuple[list, dict]:
    """(item, evidence URL) per ticked item, and per item an ItemError keeping what was sent."""
    entries, kept = [], {}
    for item in items:
        form = MarkDoneForm({"evidence_url": post.get(f"evidence_url-{item.pk}", "")})
        value = form.data["evidence_url"]
        if form.is_valid():
            entries.append((item, form.cleaned_data["evidence_url"]))
            kept[item.pk] = ItemError("mark_done", "", {}, {"evidence_url": value}, ticked=True)
        else:
            message = form.errors["evidence_url"][0]
            fields = {"evidence_url": message}
            values = {"evidence_url": value}
            kept[item.pk] = ItemError("mark_done", message, fields, values, ticked=True)
    return entries, kept


def _refused(kept, refusals) -> dict:
    """`refusals`, written into the kept rows they belong to."""
    for pk, refusal in refusals.items():
        kept[pk].message = refusal.message
        kept[pk].fields = refusal.field_errors
    return refusals


@login_required
@require_POST
def checklist_bulk_done(request, addon_id):
    addon = get_addon_for_user(request.user, addon_id)
    items = _ticked_items(addon, request.POST.getlist("selected"))
    entries, kept = _checked(request.POST, items)
    refused = sum(1 for error in kept.values() if error.message)
    if not refused:
        try:
            done = items_mark_done(by=request.user, entries=entries)
        except BatchRefused as batch:
            refused = len(_refused(kept, batch.refusals))
        except ActionRefused as refusal:  # nothing ticked
            return _answer(request, addon, {}, alert=refusal.message)
    if refused:
        count = refused
        alert = (
            f"{count} item{pluralize(count, ' was,s were')} refused, so none was marked done: "
            "correct the items marked below and send them again."
        )
        # Every ticked row comes back ticked with its link, the refused ones with their message.
        return _answer(request, addon, kept, alert=alert)
    count = len(done)
    sentence = (
        f"{count} item{pluralize(count)} marked done; an Addon SRE verifies "
        f"{pluralize(count, 'it,them')} next."
    )
    if request.htmx:
        return _answer(request, addon, {}, flash=sentence)
    messages.success(request, sentence)
    return redirect(page_url(addon, request.POST, "#checklist-items"))


def _answer(request, addon, errors, *, alert="", flash=""):
    """The page (or, for htmx, its items form and the progress) with `errors` shown."""
    query = QueryDict(request.POST.get("return_query", ""))
    context = page_context(request, addon, query=query, errors=errors, flash=flash)
    context["alert"] = alert
    if not request.htmx:
        return render(request, "onboarding/checklist.html", context, status=400)
    context["oob"] = True
    # htmx swaps only 2xx answers; the refusal is in the form it replaces.
    response = render(request, "onboarding/checklist.html#items_response", context)
    response["HX-Retarget"] = "#checklist-items"
    response["HX-Reswap"] = "outerHTML"
    return response
