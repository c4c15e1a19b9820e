"""Reads of an addon's checklist: progress and what blocks the next gate.

Progress comes from one grouped aggregate (category × gate), never from walking the items,
so the checklist page costs the same number of queries for 10 items as for 150.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils.text import slugify

from ..models import ChecklistItem, Gate, Side, State

Status = ChecklistItem.Status


@dataclass
class Progress:
    label: str
    slug: str
    total: int = 0
    passed: int = 0  # verified or waived
    done: int = 0  # done, awaiting verification
    waiting: int = 0  # waiver requested
    todo: dict[str, int] = field(default_factory=dict)  # side -> items still to do

    def add(self, row):
        self.total += row["total"]
        self.passed += row["passed"]
        self.done += row["done"]
        self.waiting += row["waiting"]
        for side in Side.values:
            self.todo[side] = self.todo.get(side, 0) + row[f"todo_{side}"]

    @property
    def percent(self) -> int:
        return round(100 * self.passed / self.total) if self.total else 0

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.passed == self.total


@dataclass
class ChecklistProgress:
    overall: Progress
    gates: dict[str, Progress] = field(default_factory=dict)
    categories: dict[str, Progress] = field(default_factory=dict)


def page_memo(addon, key, compute):
    """`compute()` once per addon fetched for a page (`get_addon_for_user`), where the page's
    sections and its transition guards ask the same question; elsewhere always `compute()`."""
    if "viewer_pk" not in addon.__dict__:
        return compute()
    memo = addon.__dict__.setdefault("_page_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def checklist_progress(addon) -> ChecklistProgress:
    return page_memo(addon, "checklist_progress", lambda: _checklist_progress(addon))


def _checklist_progress(addon) -> ChecklistProgress:
    rows = (
        ChecklistItem.objects.filter(addon=addon)
        .values("category", "gate")
        .annotate(
            total=Count("id"),
            passed=Count("id", filter=ChecklistItem.passed_q()),
            done=Count("id", filter=Q(status=Status.DONE)),
            waiting=Count("id", filter=Q(status=Status.WAIVER_REQUESTED)),
            **{
                f"todo_{side}": Count("id", filter=Q(status=Status.TO_DO, side=side))
                for side in Side.values
            },
            first=Min("position"),
        )
        .order_by("first")
    )
    progress = ChecklistProgress(
        overall=Progress("All items", "overall"),
        gates={gate: Progress(f"{label} gate", f"gate-{gate}") for gate, label in Gate.choices},
    )
    for row in rows:
        progress.overall.add(row)
        progress.gates[row["gate"]].add(row)
        category = row["category"]
        if category not in progress.categories:
            progress.categories[category] = Progress(category, f"category-{slugify(category)}")
        progress.categories[category].add(row)
    return progress


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
    return page_memo(addon, ("gate_blocking", gate), lambda: _gate_blocking_items(addon, gate))


def _gate_blocking_items(addon, gate: str) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(
            addon=addon, gate__in=ChecklistItem.gates_up_to(gate), mandatory=True
        )
        .exclude(ChecklistItem.passed_q())
        .only("id", "key", "title", "status", "side", "gate", "category")
    )
