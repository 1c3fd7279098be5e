"""Terminal charts of a projection: points per tier (stacked) and estimated storage, month
by month (``retention project --chart``, SPEC §12).

Drawn with ``plotext``, imported only when a chart is asked for, so ``retention validate``
does not pay for it. Each tier's bars use its own letter as the marker (``d w m y``, the
letters of the run table) and storage uses ``*``, so the chart reads the same without
colour (``NO_COLOR``, a pipe, a printout).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil
from typing import Any

from policy.engine.storage_report import MonthSample
from policy.model.models import TierName

__all__ = ["MARKERS", "chart_text", "draw", "draw_points", "draw_storage", "thinned"]

MARKERS: dict[TierName, str] = {"daily": "d", "weekly": "w", "monthly": "m", "yearly": "y"}
COLOURS: dict[TierName, str] = {"daily": "green", "weekly": "cyan", "monthly": "yellow",
                                "yearly": "magenta"}
#: At most this many bars: more would be thinner than one column on an 80-column terminal.
MAX_BARS = 36


def thinned(samples: Sequence[MonthSample], most: int = MAX_BARS) -> list[MonthSample]:
    """Every k-th month (the first and the last kept) so that at most ``most`` remain."""
    if len(samples) <= most:
        return list(samples)
    step = ceil(len(samples) / most)
    picked = list(samples[::step])
    if picked[-1] is not samples[-1]:
        picked[-1] = samples[-1]
    return picked


def draw(plt: Any, samples: Sequence[MonthSample], tiers: Sequence[TierName],
         colour: bool) -> None:
    """Both charts on ``plt`` (``plotext``): points above, storage below when known."""
    has_gb = any(s.gb is not None for s in samples)
    if has_gb:
        plt.subplots(2, 1)
        plt.subplot(1, 1)
    draw_points(plt, samples, tiers, colour)
    if has_gb:
        plt.subplot(2, 1)
        draw_storage(plt, samples, colour)


def draw_points(plt: Any, samples: Sequence[MonthSample], tiers: Sequence[TierName],
                colour: bool) -> None:
    """Points alive per governing tier, stacked, one bar per (thinned) month."""
    bars = thinned(samples)
    labels = [s.month for s in bars]
    on = [t for t in tiers if any(s.points[t] for s in bars)] or list(tiers)[:1]
    values = [[s.points[t] for s in bars] for t in on]
    plt.stacked_bar(list(range(len(labels))), values, marker=[MARKERS[t] for t in on],
                    labels=[f"{t} ({MARKERS[t]})" for t in on],
                    **({"color": [COLOURS[t] for t in on]} if colour else {}))
    plt.title("recovery points alive at each month start, by governing tier")
    _ticks(plt, labels)


def draw_storage(plt: Any, samples: Sequence[MonthSample], colour: bool) -> None:
    """Estimated GB held at each month start, as a line of ``*``."""
    xs = list(range(len(samples)))
    plt.plot(xs, [s.gb or 0.0 for s in samples], marker="*", label="GB (estimate)",
             **({"color": "blue"} if colour else {}))
    plt.title("storage held, GB (an estimate)")
    _ticks(plt, [s.month for s in samples])


def _ticks(plt: Any, labels: list[str]) -> None:
    """At most six month labels under the bars, at their positions."""
    step = max(1, ceil(len(labels) / 6))
    plt.xticks(list(range(len(labels)))[::step], labels[::step])


def chart_text(samples: Sequence[MonthSample], tiers: Sequence[TierName], width: int = 80,
               height: int = 30, colour: bool = False) -> str:
    """Both charts as text for a terminal of ``width`` columns (no colour unless asked)."""
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(width, height)
    if not colour:
        plt.theme("clear")
    if not samples:
        return "no month starts in the horizon: nothing to chart\n"
    draw(plt, samples, tiers, colour)
    text: str = plt.build()
    plt.clear_figure()
    return text if colour else str(plt.uncolorize(text))
