"""One checklist item on demand: its panel (history, less frequent moves, discussion) and
the comments posted there. For htmx the panel opens inside the item's row; without
JavaScript the row's "Details…" link leads to the item's own page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from ..errors import ActionRefused
from ..forms.checklist import CommentForm
from ..models import ChecklistItem
from ..selectors.checklist_page import ItemError
from ..selectors.checklist_panel import PEOPLE
from ..services.checklist_comments import item_comment_post
from .access import get_addon_for_user
from .checklist import item_page, row_response


@login_required
@require_safe
def checklist_item(request, addon_id, item_id):
    addon = get_addon_for_user(request.user, addon_id)
    if request.htmx:
        get_object_or_404(ChecklistItem, addon=addon, pk=item_id)
        return row_response(request, addon, item_id, panel=True)
    return item_page(request, addon, item_id)


@login_required
@require_POST
def checklist_item_comment(request, addon_id, item_id):
    addon = get_addon_for_user(request.user, addon_id)
    item = get_object_or_404(ChecklistItem.objects.select_related(*PEOPLE), addon=addon, pk=item_id)
    item.addon = addon  # with the viewer's flags, which the rule reads
    form = CommentForm(request.POST)
    error = None
    if form.is_valid():
        try:
            item_comment_post(item=item, by=request.user, body=form.cleaned_data["body"])
        except ActionRefused as refusal:
            error = ItemError("comment", refusal.message, refusal.field_errors, form.data.dict())
    else:
        fields = {name: errors[0] for name, errors in form.errors.items()}
        error = ItemError("comment", "Please correct the comment.", fields, form.data.dict())
    if request.htmx:
        flash = "" if error else "Comment posted."
        return row_response(request, addon, item.pk, error=error, flash=flash, panel=True)
    if error:
        messages.error(request, f"Comment refused: {error.message}")
        return item_page(request, addon, item.pk, error=error, status=400)
    messages.success(request, "Comment posted.")
    url = reverse("checklist_item", args=[addon.addon_id, item.pk])
    return redirect(f"{url}#item-{item.pk}-discussion")
