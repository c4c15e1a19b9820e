"""Reads of an addon's checklist: progress and what blocks the next gate.

Progress comes from one grouped aggregate (category × gate), never from walking the items,
so the checklist page costs the same number of queries for 10 items as for 150.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils.text import slugify

from ..models import Addon, ChecklistItem, Gate, Side, State

Status = ChecklistItem.Status
# Items still to do per side: the aggregate's column for each.
OPEN_PER_SIDE = [(side, f"todo_{side}") for side in Side.values]


@dataclass
class Progress:
    label: str
    slug: str
    total: int = 0
    passed: int = 0  # verified or waived
    done: int = 0  # done, awaiting verification
    waiting: int = 0  # waiver requested
    todo: dict[str, int] = field(default_factory=dict)  # side -> items still to do
    # Four eyes, for the page's viewer: items they marked done (another person verifies them),
    # waivers they requested, and waivers the addon's assigned lead requested.
    done_mine: int = 0
    waiting_mine: int = 0
    waiting_by_lead: int = 0

    def add(self, row):
        # Called per row × (overall, gate, category) for every addon of a home page: plain
        # additions, no getattr/setattr by name.
        self.total += row["total"]
        self.passed += row["passed"]
        self.done += row["done"]
        self.waiting += row["waiting"]
        self.done_mine += row.get("done_mine", 0)
        self.waiting_mine += row.get("waiting_mine", 0)
        self.waiting_by_lead += row.get("waiting_by_lead", 0)
        todo = self.todo
        for side, key in OPEN_PER_SIDE:
            todo[side] = todo.get(side, 0) + row[key]

    @property
    def percent(self) -> int:
        return round(100 * self.passed / self.total) if self.total else 0

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.passed == self.total


class ChecklistProgress:
    """The checklist by gate and category, summed from the grouped aggregate's rows on first
    ask: a list's rules read only the whole; the checklist page reads all three."""

    def __init__(self, rows):
        self._rows = rows

    @cached_property
    def overall(self) -> Progress:
        overall = Progress("All items", "overall")
        for row in self._rows:
            overall.add(row)
        return overall

    @cached_property
    def gates(self) -> dict[str, Progress]:
        gates = {gate: Progress(f"{label} gate", f"gate-{gate}") for gate, label in Gate.choices}
        for row in self._rows:
            gates[row["gate"]].add(row)
        return gates

    @cached_property
    def categories(self) -> dict[str, Progress]:
        categories = {}  # in the rows' order: the checklist's
        for row in self._rows:
            category = row["category"]
            if category not in categories:
                categories[category] = Progress(category, f"category-{slugify(category)}")
            categories[category].add(row)
        return categories


def checklist_progress(addon, viewer_pk=None) -> ChecklistProgress:
    """The addon's checklist by gate and category; with `viewer_pk`, that person's own share
    (items they marked done or asked a waiver for). Pages ask `AddonContext.checklist_progress`."""
    return ChecklistProgress(list(_aggregate(ChecklistItem.objects.filter(addon=addon), viewer_pk)))


def progress_by_addon(addons, viewer_pk=None) -> dict[int, ChecklistProgress]:
    """`checklist_progress` of several addons, with one grouped query for all of them."""
    if not addons:
        return {}
    rows = _aggregate(ChecklistItem.objects.filter(addon__in=addons), viewer_pk, "addon_id")
    by_addon = {}
    for row in rows:
        by_addon.setdefault(row["addon_id"], []).append(row)
    return {addon.pk: ChecklistProgress(by_addon.get(addon.pk, [])) for addon in addons}


def _aggregate(items, viewer_pk, *group):
    viewer = {}
    if viewer_pk is not None:
        viewer = {
            "done_mine": Count("id", filter=Q(status=Status.DONE, done_by_id=viewer_pk)),
            "waiting_mine": Count(
                "id", filter=Q(status=Status.WAIVER_REQUESTED, waiver_requested_by_id=viewer_pk)
            ),
        }
    return (
        items.values(*group, "category", "gate")
        .annotate(
            total=Count("id"),
            passed=Count("id", filter=ChecklistItem.passed_q()),
            done=Count("id", filter=Q(status=Status.DONE)),
            waiting=Count("id", filter=Q(status=Status.WAIVER_REQUESTED)),
            # An index lookup per waiting item, not a join with every addon.
            waiting_by_lead=Count(
                "id",
                filter=Q(status=Status.WAIVER_REQUESTED)
                & Q(
                    Exists(
                        Addon.objects.filter(
                            pk=OuterRef("addon_id"), sre_lead_id=OuterRef("waiver_requested_by_id")
                        )
                    )
                ),
            ),
            **viewer,
            **{
                f"todo_{side}": Count("id", filter=Q(status=Status.TO_DO, side=side))
                for side in Side.values
            },
            first=Min("position"),
        )
        .order_by("first")
    )


# The gate the addon works towards in each state where the checklist matters.
NEXT_GATE = {
    State.ONBOARDING: Gate.PRODUCTION,
    State.PRODUCTION_APPROVED: Gate.HANDOVER,
    State.TRANSITION: Gate.HANDOVER,
}


def next_gate(addon) -> str | None:
    return NEXT_GATE.get(addon.state)


def gate_blocking_items(addon, gate: str) -> list[ChecklistItem]:
    """Mandatory items the gate still needs (the handover gate includes the production one)."""
    return list(_blocking(ChecklistItem.objects.filter(addon=addon), gate))


def blocking_by_addon(addons) -> dict[int, tuple[str, list[ChecklistItem]]]:
    """Each addon's next gate and the items blocking it, with one query for all of them."""
    addons = [a for a in addons if next_gate(a)]
    if not addons:
        return {}
    items = _blocking(ChecklistItem.objects.filter(addon__in=addons), Gate.HANDOVER)
    by_addon = {}
    for item in items.only("addon_id", *BLOCKING_FIELDS):
        by_addon.setdefault(item.addon_id, []).append(item)
    found = {}
    for addon in addons:
        gate = next_gate(addon)
        wanted = set(ChecklistItem.gates_up_to(gate))
        found[addon.pk] = (gate, [i for i in by_addon.get(addon.pk, []) if i.gate in wanted])
    return found


BLOCKING_FIELDS = ("id", "key", "title", "status", "side", "gate", "category")


def _blocking(items, gate: str):
    return (
        items.filter(gate__in=ChecklistItem.gates_up_to(gate), mandatory=True)
        .exclude(ChecklistItem.passed_q())
        .only(*BLOCKING_FIELDS)
        # Not the model's ("addon", "position"): that sorts by the addon's name, a join with
        # every addon for a home page's few.
        .order_by("addon_id", "position")
    )
