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
from django.utils import dateformat, timezone
from django.views.decorators.http import require_POST

from ..forms.checklist import ACTION_FORMS, LABELS, ChecklistFilterForm, done_sentence
from ..models import ChecklistItem, Gate
from ..rules.checklist import ChecklistRoles, available_actions, held_back, next_actor
from ..selectors.checklist_progress import checklist_progress
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

PEOPLE = services.PEOPLE


@dataclass
class ItemError:
    action: str
    message: str
    fields: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)


def _items(addon):
    return ChecklistItem.objects.filter(addon=addon).select_related(*PEOPLE)


# action -> its form's text fields: (name, label, kind, required); None = "if the item
# needs evidence". The markup is in checklist.html; the ids tie labels and errors to inputs.
FIELDS = {
    "mark_done": (
        ("evidence_url", "Evidence URL", "url", None),
        ("notes", "Notes (optional)", "text", False),
    ),
    "verify": (),
    "reopen": (("reason", "Why reopen it?", "textarea", True),),
    "request_waiver": (("justification", "Justification", "textarea", True),),
    "decide_waiver": (("reason", "Reason (required to refuse)", "textarea", False),),
}
# Actions whose form folds behind a <summary> until opened (or until it comes back refused).
SUMMARIES = {"reopen": "Reopen…", "request_waiver": "Request a waiver…"}
BADGES = {
    ChecklistItem.Status.VERIFIED: "text-bg-success",
    ChecklistItem.Status.WAIVED: "text-bg-success",
    ChecklistItem.Status.DONE: "text-bg-info",
    ChecklistItem.Status.WAIVER_REQUESTED: "text-bg-warning",
}
_PK = 987654321  # stands for the item in the action URLs reversed once per page


@dataclass
class ActionForm:
    """One action form of an item, with everything the template prints already worked out."""

    action: str
    url: str
    summary: str
    open: bool
    fields: list


def _action_urls(addon) -> dict:
    """`{action: url with _PK}`: reversing once per page rather than once per item and action."""
    return {
        action: reverse("checklist_item_action", args=[addon.addon_id, _PK, action])
        for action in SERVICES
    }


def _forms(item, actions, urls, error) -> list[ActionForm]:
    forms = []
    pk = str(item.pk)
    for action in actions:
        mine = error is not None and error.action == action
        fields = []
        for name, label, kind, required in FIELDS[action]:
            fid = f"{action}-{pk}-{name}"
            fields.append(
                {
                    "id": fid,
                    "name": name,
                    "label": label,
                    "kind": kind,
                    "required": item.evidence_required if required is None else required,
                    "value": error.values.get(name, "") if error else "",
                    "err": error.fields.get(name, "") if error else "",
                }
            )
        url = urls[action].replace(str(_PK), pk, 1)
        forms.append(ActionForm(action, url, SUMMARIES.get(action, ""), mine, fields))
    return forms


def _when(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "Y-m-d H:i")


def _history(item) -> list[str]:
    """Who did what to the item and when, as the lines under it (escaped by the template)."""
    Status = ChecklistItem.Status
    lines = []
    if item.done_at:
        lines.append(f"Done by {item.done_by or 'someone'} on {_when(item.done_at)}")
    if item.verified_at:
        lines.append(f"Verified by {item.verified_by or 'someone'} on {_when(item.verified_at)}")
    if item.waiver_requested_by_id and item.status not in (
        Status.TO_DO,
        Status.DONE,
        Status.VERIFIED,
    ):
        lines.append(f"Waiver requested by {item.waiver_requested_by}: {item.waiver_justification}")
    if item.waiver_decided_at:
        verdict = "approved" if item.status == Status.WAIVED else "refused"
        lines.append(
            f"Waiver {verdict} by {item.waiver_decided_by} on {_when(item.waiver_decided_at)}"
        )
    if item.reopen_reason and item.status not in (Status.VERIFIED, Status.WAIVED):
        lines.append(f"Sent back: {item.reopen_reason}")
    return lines


def _annotate(items, addon, roles, *, error=None, flash="", error_item_id=None):
    """Attach what the page shows per item: its action forms, a refusal, a confirmation.

    Which actions the viewer may take is decided here, once per item, so the template
    only prints.
    """
    urls = _action_urls(addon)
    for item in items:
        item.error = error if error_item_id in (None, item.pk) else None
        item.flash = flash
        item.ref = f"item-{item.pk}"
        item.badge = BADGES.get(item.status, "text-bg-secondary")
        item.history = _history(item)
        item.addon = addon  # the page's addon: the rules read its state and lead
        item.next_actor = next_actor(item)
        item.held = held_back(item, roles)
        actions = available_actions(item, roles)
        item.forms = _forms(item, actions, urls, item.error)
    return items


def _return_query(data) -> str:
    """The page's filters, carried through an action so the redirect lands on the same view."""
    query = QueryDict(data.get("return_query", ""))
    kept = {k: query[k] for k in ("side", "status", "gate") if query.get(k)}
    return urlencode(kept)


def _page_context(request, addon, *, error=None, error_item_id=None):
    roles = ChecklistRoles.of(addon, request.user)
    filters = ChecklistFilterForm(request.GET or None)
    items = list(filters.apply(_items(addon), roles))
    _annotate(items, addon, roles, error=error, error_item_id=error_item_id or 0)
    groups: dict[str, list] = {}
    for item in items:
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
            # The service re-reads the item under lock with its people; that row is shown.
            item = SERVICES[action](item=item, by=request.user, **kwargs)
        except ActionRefused as refusal:
            error = ItemError(action, refusal.message, refusal.field_errors, request.POST.dict())
    else:
        fields = {name: errors[0] for name, errors in form.errors.items()}
        error = ItemError(action, "Please correct the fields below.", fields, request.POST.dict())

    if request.htmx:
        return _item_response(request, addon, item, action, error)
    if error:
        messages.error(request, f"{LABELS[action]} refused: {error.message}")
        context = _page_context(request, addon, error=error, error_item_id=item.pk)
        return render(request, "onboarding/checklist.html", context, status=400)
    messages.success(request, done_sentence(action, item))
    url = reverse("checklist", args=[addon.addon_id])
    query = _return_query(request.POST)
    return redirect(f"{url}{'?' + query if query else ''}#item-{item.pk}")


def _item_response(request, addon, item, action, error):
    """The item's fragment (focused) and the progress bars, swapped out of band.

    `item` is the row the service locked and saved (with its people) or, after a refusal,
    the one the view read; either way it is not read a third time.
    """
    roles = ChecklistRoles.of(addon, request.user)
    if error is not None:
        item = _items(addon).get(pk=item.pk)
    flash = "" if error else done_sentence(action, item)
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
