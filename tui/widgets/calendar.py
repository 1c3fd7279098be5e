"""The Calendar view: a year at a glance, one cell per day, lettered and coloured by tier.

One line per month and one column per day keeps a whole year in 36 columns, so it fits
beside the form at 80×24. A cell shows the highest tier of the runs *taken* that local
day (``d`` ``w`` ``m`` ``y``; ``-`` a run that is not kept, ``×`` a skipped run, ``·`` no
run), so DST drift is visible: a Sunday point taken at 00:30 on Monday shows on Monday.
Drifted days are underlined, and the count at the end of a row is the month's runs that
changed date. Letters keep it legible with colour off.
"""

from __future__ import annotations

import calendar as cal
from collections import defaultdict
from datetime import date
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Static

from policy.model.models import ClockMode
from tui.analysis import Analysis

_RANK = {"daily": 1, "weekly": 2, "monthly": 3, "yearly": 4}
_LETTER = {0: "-", 1: "d", 2: "w", 3: "m", 4: "y"}
_NAMES = {1: "daily", 2: "weekly", 3: "monthly", 4: "yearly"}
_CLASS = {0: "cal--none", 1: "cal--daily", 2: "cal--weekly", 3: "cal--monthly",
          4: "cal--yearly"}


class DayCell:
    """What one local day holds: the highest tier taken, drift and skips."""

    __slots__ = ("date_changed", "drifted", "ran", "rank", "skipped")

    def __init__(self) -> None:
        self.rank = 0
        self.ran = False
        self.drifted = False
        self.date_changed = False
        self.skipped = False


def day_cells(projection: Any) -> dict[date, DayCell]:
    """The runs of a projection by the local date they are taken on."""
    cells: dict[date, DayCell] = defaultdict(DayCell)
    for run in projection.runs:
        if run.skipped or run.local is None:
            cells[run.frame.date()].skipped = True
            continue
        cell = cells[run.local.date()]
        cell.ran = True
        if run.retained:
            cell.rank = max([cell.rank, *(_RANK[t] for t in run.tiers)])
        if run.drift_minutes:
            cell.drifted = True
        if run.local.date() != run.frame.date():
            cell.date_changed = True
    return cells


class YearStrip(Static):
    """Twelve lines of 28–31 cells."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cal--none", "cal--daily", "cal--weekly", "cal--monthly", "cal--yearly", "cal--empty",
        "cal--skipped", "cal--head",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.year = 2000
        self.cells: dict[date, DayCell] = {}

    def show(self, year: int, cells: dict[date, DayCell]) -> None:
        self.year, self.cells = year, cells
        self.refresh(layout=True)

    def render(self) -> Text:
        wide = self.size.width >= 4 + 62 + 4
        step = 2 if wide else 1
        head = self.get_component_rich_style("cal--head")
        text = Text(no_wrap=True, overflow="crop")
        text.append("    " + _day_ruler(step) + "\n", head)
        for month in range(1, 13):
            text.append(f"{cal.month_abbr[month]} ", head)
            moved = 0
            for day in range(1, cal.monthrange(self.year, month)[1] + 1):
                cell = self.cells.get(date(self.year, month, day))
                letter, style = self._cell(cell)
                text.append(letter, style)
                if wide:
                    text.append(" ")
                moved += bool(cell and cell.date_changed)
            pad = (31 - cal.monthrange(self.year, month)[1]) * step
            text.append(" " * pad + (f" ▴{moved}" if moved else ""), head)
            text.append("\n")
        self._legend(text)
        return text

    def _legend(self, text: Text) -> None:
        """The key, in as many lines as the width needs (38 columns at the least)."""
        width = self.size.width
        pad = " " if width >= 44 else ""
        for rank in (1, 2, 3, 4):
            text.append(f"{pad}{_LETTER[rank]}{pad}", self.get_component_rich_style(_CLASS[rank]))
            text.append(f" {_NAMES[rank]}  " if rank < 4 else f" {_NAMES[rank]}")
        text.append("\n- not kept  × skipped  · no run")
        text.append("  " if width >= 80 else "\n")
        text.append("underlined", Style(underline=True, bold=True))
        text.append(": drifted  ▴n: moved a day")

    def _cell(self, cell: DayCell | None) -> tuple[str, Style]:
        if cell is None or not (cell.ran or cell.skipped):
            return "·", self.get_component_rich_style("cal--empty")
        if cell.skipped and not cell.ran:
            return "×", self.get_component_rich_style("cal--skipped")
        style = self.get_component_rich_style(_CLASS[cell.rank])
        if cell.drifted:
            style += Style(underline=True, bold=True)
        return _LETTER[cell.rank], style


def _day_ruler(step: int) -> str:
    marks = {1: "1", 10: "10", 20: "20", 30: "30"}
    out = ""
    day = 1
    while day <= 31:
        mark = marks.get(day)
        if mark and len(out) <= (day - 1) * step:
            out = out.ljust((day - 1) * step) + mark
        day += 1
    return out


class FrameLabel(Label):
    """The frame the schedule runs in: the longest wording that fits beside the year."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.wordings: list[str] = []

    def show(self, wordings: list[str]) -> None:
        """Longest first; the last one is shown (cropped) when none fits."""
        self.wordings = wordings
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.size.width or 1_000
        fitting = [w for w in self.wordings if len(w) <= width] or self.wordings[-1:]
        self.update(fitting[0] if fitting else "")


class CalendarView(VerticalScroll):
    """Year navigation, the strip, a legend and the frame the schedule runs in."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="year-nav"):
            yield Button("◀", id="year-prev", compact=True, tooltip="previous year ([)")
            yield Label("", id="year-label")
            yield Button("▶", id="year-next", compact=True, tooltip="next year (])")
            yield FrameLabel(id="cal-frame", classes="muted")
        yield YearStrip(id="year-strip")
        yield Static("", id="cal-notes")

    def show(self, result: Analysis) -> None:
        self.query_one("#year-label", Label).update(f" {result.year} ")
        projection = result.calendar
        if projection is None:
            self.query_one("#cal-notes", Static).update(Text("\n".join(result.problems)))
            return
        self.query_one(YearStrip).show(result.year, day_cells(projection))
        self.query_one("#cal-frame", FrameLabel).show(frame_words(projection))
        self.query_one("#cal-notes", Static).update(Text(_notes(projection)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        step = -1 if event.button.id == "year-prev" else 1
        action = getattr(self.app, "action_year", None)
        if action is not None:
            action(step)
        event.stop()


def frame_words(projection: Any) -> list[str]:
    """``Europe/Berlin · fixed +01:00 (saved 2026-01-15)`` (or ``… · wall clock``), then
    shorter wordings of it for a narrow screen."""
    policy = projection.policy
    zone = policy.zone_name
    if policy.clock.mode is ClockMode.WALL_CLOCK:
        return [f"  {zone} · wall clock", "  wall clock"]
    offset = projection.frozen_offset
    sign = "-" if offset.total_seconds() < 0 else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    fixed = f"fixed {sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return [f"  {zone} · {fixed} (saved {projection.anchor})", f"  {zone} · {fixed}",
            f"  {fixed}"]


def _notes(projection: Any) -> str:
    runs = [r for r in projection.runs if r.local is not None]
    moved = [r for r in runs if r.local.date() != r.frame.date()]
    drifted = [r for r in runs if r.drift_minutes]
    if not drifted:
        return "No run drifts this year: every backup is taken at its scheduled local time."
    first, last = drifted[0].local.date(), drifted[-1].local.date()
    words = (f"{len(drifted)} runs drift ({first:%d %b} – {last:%d %b})")
    if moved:
        words += f"; {len(moved)} of them are taken on the next or previous day"
    return words + ". See the DST tab."
