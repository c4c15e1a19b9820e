"""What the SLO page shows of each SLO besides its charts: the exact queries sent, the
missing hours as ranges (accepted ones marked), and the hour the window is "as of"."""

from dataclasses import dataclass, field

from ..integrations.prometheus.promql import QueryRefused, hourly_queries
from ..models import SLO
from .slo_gaps import Gap, gaps_by_slo


@dataclass
class SLOPanel:
    chart: object
    gaps: list[Gap] = field(default_factory=list)
    queries: dict = field(default_factory=dict)
    query_error: str = ""

    @property
    def open_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if not g.accepted]


def sent_queries(slo: SLO) -> tuple[dict, str]:
    if slo.source != SLO.Source.PROMETHEUS:
        return {}, ""
    try:
        return hourly_queries(
            slo.kind, good=slo.good_query, total=slo.total_query, ratio=slo.ratio_query
        ), ""
    except QueryRefused as exc:
        return {}, str(exc)


def slo_panels(charts) -> list[SLOPanel]:
    gaps = gaps_by_slo([chart.result for chart in charts])
    panels = []
    for chart in charts:
        slo = chart.result.slo
        queries, error = sent_queries(slo)
        panels.append(SLOPanel(chart, gaps.get(slo.pk, []), queries, error))
    return panels
