"""SVG coordinates of the dashboard's monthly bar chart: two bars a month, their values and a
y axis with round ticks.

The page draws the SVG from these numbers; nothing runs in the browser, so the chart obeys the
strict Content-Security-Policy and reads the same without JavaScript.
"""

import math
from dataclasses import dataclass
from datetime import date

LEFT = 34  # room for the tick labels and the rotated axis title
TOP = 14  # room for the value label above the tallest bar
PLOT_HEIGHT = 120
BOTTOM = 30  # month and year under each column
COLUMN = 40
BAR = 13


@dataclass
class Tick:
    value: int
    y: int

    @property
    def label_y(self) -> int:
        return self.y + 3


@dataclass
class Column:
    month: date
    started: int
    finished: int
    x: int
    started_y: int
    finished_y: int
    started_height: int
    finished_height: int

    # Within a column: the started bar, a 2-unit gap, the finished bar; values sit on top.
    @property
    def started_x(self) -> int:
        return self.x + 6

    @property
    def finished_x(self) -> int:
        return self.x + 6 + BAR + 2

    @property
    def started_middle(self) -> float:
        return self.started_x + BAR / 2

    @property
    def finished_middle(self) -> float:
        return self.finished_x + BAR / 2

    @property
    def middle(self) -> float:
        return self.x + COLUMN / 2


@dataclass
class MonthChart:
    columns: list[Column]
    ticks: list[Tick]
    width: int
    height: int = TOP + PLOT_HEIGHT + BOTTOM
    left: int = LEFT
    top: int = TOP
    baseline: int = TOP + PLOT_HEIGHT
    bar: int = BAR

    @property
    def right(self) -> int:
        return self.width - 2

    @property
    def month_y(self) -> int:
        return self.baseline + 14

    @property
    def year_y(self) -> int:
        return self.baseline + 25

    @property
    def axis_title_x(self) -> int:
        """The rotated title's centre (rotated by -90°, x runs upwards along -y)."""
        return -(self.top + PLOT_HEIGHT // 2)


def nice_ticks(top: int, most: int = 5) -> list[int]:
    """0 and equal round steps (1, 2 or 5 × 10ⁿ) reaching at least `top`, `most` steps at most."""
    top, magnitude = max(top, 1), 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            steps = math.ceil(top / step)
            if steps <= most:
                return [step * i for i in range(steps + 1)]
        magnitude *= 10


def month_chart(months: list[dict]) -> MonthChart:
    """`months` as from `dashboard.monthly_throughput`: month, started, finished."""
    ticks = nice_ticks(max([0, *(m["started"] for m in months), *(m["finished"] for m in months)]))

    def y(value: int) -> int:
        return round(TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / ticks[-1])

    columns = [
        Column(
            month=m["month"],
            started=m["started"],
            finished=m["finished"],
            x=LEFT + i * COLUMN,
            started_y=y(m["started"]),
            finished_y=y(m["finished"]),
            started_height=TOP + PLOT_HEIGHT - y(m["started"]),
            finished_height=TOP + PLOT_HEIGHT - y(m["finished"]),
        )
        for i, m in enumerate(months)
    ]
    return MonthChart(
        columns=columns,
        ticks=[Tick(value, y(value)) for value in ticks],
        width=LEFT + COLUMN * len(months) + 4,
    )
