"""The checklist page as one object: its categories and rows, everything the template prints.

Which moves the viewer may make is asked of the rules once per item here, so the template only
prints precomputed values. Items come from one query (with their comment counts) and progress
from one aggregate, so the page costs the same number of queries for 10 items as for 150.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse

from ..models import ChecklistItem
from ..rules.checklist import available_actions, held_back, needs_action
from .checklist_progress import Progress, checklist_progress

BADGES = {
    ChecklistItem.Status.VERIFIED: "text-bg-success",
    ChecklistItem.Status.WAIVED: "text-bg-success",
    ChecklistItem.Status.DONE: "text-bg-info",
    ChecklistItem.Status.WAIVER_REQUESTED: "text-bg-warning",
}


@dataclass
class ItemError:
    """A refused move of an item: its message, and per field its message and the value sent."""

    action: str
    message: str
    fields: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    ticked: bool = False  # sent ticked in a batch: shown ticked again with its evidence


@dataclass
class Row:
    pk: int
    ref: str
    key: str
    title: str
    status: str
    status_label: str
    badge: str
    panel_url: str
    actions: list[str]
    needs_me: bool
    selectable: bool  # "mark done" is offered: a tick box and an evidence input
    evidence_required: bool
    held: list[str]
    comments: int
    error: ItemError | None = None
    evidence_value: str = ""
    evidence_error: str = ""
    checked: bool = False
    flash: str = ""
    focus: bool = False
    panel: object = None  # the item's panel (selectors.checklist_panel), when shown open


@dataclass
class Category:
    name: str
    slug: str
    hint: str
    progress: Progress
    rows: list[Row]
    open: bool


@dataclass
class ChecklistPage:
    categories: list[Category]
    show_all: bool
    needs_count: int
    selectable_count: int


def items_for_page(addon):
    # An aggregate query ignores Meta.ordering: the order is said here.
    items = ChecklistItem.objects.filter(addon=addon).annotate(comment_count=Count("comments"))
    return items.order_by("position", "pk")


def row_of(item, addon, roles, *, error=None, flash="", focus=False) -> Row:
    item.addon = addon  # the page's addon: the rules read its state and lead
    actions = available_actions(item, roles)
    row = Row(
        pk=item.pk,
        ref=f"item-{item.pk}",
        key=item.key,
        title=item.title,
        status=item.status,
        status_label=item.get_status_display(),
        badge=BADGES.get(item.status, "text-bg-secondary"),
        panel_url=reverse("checklist_item", args=[addon.addon_id, item.pk]),
        actions=actions,
        needs_me=needs_action(actions),
        selectable="mark_done" in actions,
        evidence_required=item.evidence_required,
        held=held_back(item, roles),
        comments=getattr(item, "comment_count", 0),
        error=error,
        flash=flash,
        focus=focus,
    )
    if error is not None and error.action == "mark_done":
        row.checked = error.ticked and row.selectable
        row.evidence_value = error.values.get("evidence_url", "")
        row.evidence_error = error.fields.get("evidence_url", "")
    return row


def page_of(addon, roles, filters, *, errors=None) -> ChecklistPage:
    """The page for `roles` under `filters`; `errors` maps item pk -> ItemError to show."""
    errors = errors or {}
    show_all = filters.shows_all(roles)
    progress = checklist_progress(addon)
    rows: dict[str, list[Row]] = {}
    hints: dict[str, str] = {}
    needs_count = 0
    for item in filters.apply(items_for_page(addon), roles):
        hints.setdefault(item.category, item.guidance)
        row = row_of(item, addon, roles, error=errors.get(item.pk))
        needs_count += row.needs_me
        if show_all or row.needs_me or row.error:
            rows.setdefault(item.category, []).append(row)
    categories = []
    for name, found in rows.items():
        counts = progress.categories[name]
        opened = not show_all or any(r.needs_me or r.error for r in found)
        categories.append(Category(name, counts.slug, hints[name], counts, found, opened))
    all_rows = [row for category in categories for row in category.rows]
    return ChecklistPage(
        categories=categories,
        show_all=show_all,
        needs_count=needs_count,
        selectable_count=sum(row.selectable for row in all_rows),
    )
