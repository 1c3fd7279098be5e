"""Charts of the Summary: points per tier (stacked) and estimated storage, month by month
from an empty vault today until it is full (SPEC §12).

The drawing is ``policy.reports.charts`` (the one ``retention project --chart`` prints), on
``textual-plotext`` widgets that follow the app's theme. Tiers are told apart by their
letter marker (``d w m y``) as well as by colour, so the chart reads without colour too.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual_plotext import PlotextPlot

from policy.engine.storage_report import MonthSample
from policy.model.models import TierName
from policy.reports.charts import draw_points, draw_storage


class SummaryCharts(Vertical):
    """Points per tier and, with ``data:``, storage held; both over the fill window."""

    DEFAULT_CSS = """
    SummaryCharts { height: auto; }
    SummaryCharts PlotextPlot { height: 16; }
    """

    def compose(self) -> ComposeResult:
        yield PlotextPlot(id="chart-points")
        yield PlotextPlot(id="chart-storage")

    def show(self, samples: Sequence[MonthSample], tiers: Sequence[TierName]) -> None:
        """Redraw both charts from month samples (``policy.engine.storage_report``)."""
        points = self.query_one("#chart-points", PlotextPlot)
        points.plt.clear_figure()
        if samples:
            draw_points(points.plt, samples, tiers, colour=True)
        points.refresh()
        storage = self.query_one("#chart-storage", PlotextPlot)
        has_gb = bool(samples) and any(s.gb is not None for s in samples)
        storage.display = has_gb
        storage.plt.clear_figure()
        if has_gb:
            draw_storage(storage.plt, samples, colour=True)
        storage.refresh()
