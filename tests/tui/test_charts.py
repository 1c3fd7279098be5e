"""Pilot smoke test of the Summary's charts (points per tier and storage, SPEC §12)."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from policy.engine.storage_report import window_series
from tests.tui.conftest import designer, view
from tui.widgets.charts import SummaryCharts


async def test_summary_charts_points_per_tier_and_storage(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 50)) as pilot:
        await view(pilot, "summary")
        result = app.analysis
        assert result is not None
        charts = app.query_one("#sum-charts", SummaryCharts)
        points = charts.query_one("#chart-points", PlotextPlot)
        storage = charts.query_one("#chart-storage", PlotextPlot)
        assert storage.display  # the example has data:
        drawn = points.plt.build()
        for label in ("daily (d)", "weekly (w)", "monthly (m)", "yearly (y)"):
            assert label in drawn
        assert "GB (estimate)" in storage.plt.build()
        # Drawn over the fill window: from today until the vault is full (7 years of yearlies).
        series = window_series(result.projection)
        assert series[0].month == "2026-03" and len(series) > 12 * 7


async def test_storage_chart_hidden_without_data(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("compliance-7-years.yaml"))
    async with app.run_test(size=(120, 50)) as pilot:
        await view(pilot, "summary")
        charts = app.query_one("#sum-charts", SummaryCharts)
        assert not charts.query_one("#chart-storage", PlotextPlot).display
        assert "monthly (m)" in charts.query_one("#chart-points", PlotextPlot).plt.build()
