"""The Calendar view: a year as Mo–Su month grids, one cell per day, lettered by tier.

A cell shows the highest tier of the runs *taken* that local day (``d`` ``w`` ``m`` ``y``;
``-`` a run that is not kept, ``×`` a skipped run, ``·`` no run, ``<`` before the policy's
start, today), followed by a marker: ``▴`` a run planned for another day is taken on this
one (DST moved it across midnight), ``~`` a run drifted but stayed on its day. So the
Sunday weekly point taken at 00:30 on Monday is a ``w▴`` in the Monday column; ``!``
marks a day a requirement needs a point on and finds none (it wins the one marker place
of a narrow cell, and gets its own style). Letters
and markers keep it legible with colour off. The arrow keys select a day; the line under
the grid tells what happens on it (runs, local times, tiers, drift). All cells are
computed in the analysis worker (``tui.analysis.day_cells``); drawing is a lookup.
"""

from __future__ import annotations

import calendar as cal
from datetime import date, timedelta
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from policy.model.models import ClockMode
from tui.analysis import Analysis, DayCell, period_lines, window_words
from tui.widgets.updates import show_text

_LETTER = {0: "-", 1: "d", 2: "w", 3: "m", 4: "y"}
_NAMES = {1: "daily", 2: "weekly", 3: "monthly", 4: "yearly"}
_CLASS = {0: "cal--none", 1: "cal--daily", 2: "cal--weekly", 3: "cal--monthly",
          4: "cal--yearly"}
#: Symbols and their meaning, shared by the legend and the help screen.
SYMBOLS = [("-", "run not kept"), ("×", "run skipped"), ("·", "no run"),
           ("<", "before the start (today)"), ("▴", "taken a day off its plan (DST)"),
           ("~", "taken at another time (DST)"),
           ("!", "a required point is missing (Requirements)")]
_WIDE_CELL = 3
_NARROW_CELL = 2


class CalendarGrid(Widget, can_focus=True):
    """Month grids, two or three side by side; a selected day (the arrow keys move it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Day", show=False),
        Binding("right", "move(1)", "Day", show=False),
        Binding("up", "move(-7)", "Week", show=False),
        Binding("down", "move(7)", "Week", show=False),
        Binding("home", "today", "Today"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cal--none", "cal--daily", "cal--weekly", "cal--monthly", "cal--yearly", "cal--empty",
        "cal--skipped", "cal--head", "cal--before", "cal--selected", "cal--unmet",
    }
    DEFAULT_CSS = "CalendarGrid { height: auto; width: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.year = 2000
        self.start = date(2000, 1, 1)
        self.cells: dict[date, DayCell] = {}
        self.unmet: frozenset[date] = frozenset()
        self.selected = date(2000, 1, 1)
        self.ready = False
        self._drawn: tuple[Any, ...] = ()
        self._version = 0  # what is drawn changed: the lines are made again
        self._key: tuple[Any, ...] = ()
        self._months: dict[int, list[list[Segment]]] = {}
        self._lines: dict[int, Strip] = {}
        self._style: dict[str, Style] = {}

    def show(self, year: int, start: date, cells: dict[date, DayCell],
             unmet: frozenset[date] = frozenset()) -> None:
        if self.selected.year != year:
            self.selected = start if start.year == year else date(year, 1, 1)
        relayout = not self.ready or year != self.year
        drawn = (year, start, unmet, _signature(cells))
        if self.ready and drawn == self._drawn:
            self.cells = cells
            return  # the same grid: no repaint
        self._drawn = drawn
        self.year, self.start, self.cells, self.ready = year, start, cells, True
        self.unmet = unmet
        self._version += 1
        self.refresh(layout=relayout)  # the height only depends on the width

    def layout_for(self, width: int) -> tuple[int, int]:
        """(cell width, months per row) for the widget's width."""
        for cell, months in ((_WIDE_CELL, 3), (_WIDE_CELL, 2), (_NARROW_CELL, 2)):
            if months * 7 * cell + (months - 1) * 2 <= width:
                return cell, months
        return _NARROW_CELL, 1

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        _, months = self.layout_for(width)
        return -(-12 // months) * 9

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the month grids (Textual asks only for the lines on screen).

        Each month's nine lines are made once per state (``_version``: the analysis, the
        selected day, the focus), the width and the theme, and each screen line once: a
        keystroke that changes the form but not the calendar draws nothing here."""
        width, base = self.size.width, self.visual_style.rich_style
        key = (self._version, width, self.app.theme, base)
        if key != self._key:
            self._key, self._months, self._lines = key, {}, {}
            # Each style on the widget's own once, not on each cell of each line.
            self._style = {name: base + self.get_component_rich_style(name)
                           for name in self.COMPONENT_CLASSES}
        strip = self._lines.get(y)
        if strip is None:
            strip = self._lines[y] = self._line(y, width, base)
        return strip

    def plain_lines(self) -> list[str]:
        """The grids as text, every line (what the screen shows of it, without style)."""
        width = self.size.width
        height = self.get_content_height(None, None, width)
        return [self.render_line(y).text.rstrip() for y in range(height)]

    def _line(self, y: int, width: int, base: Style) -> Strip:
        cell, per_row = self.layout_for(width)
        first, line = y // 9 * per_row + 1, y % 9
        segments: list[Segment] = []
        for i, month in enumerate(range(first, min(first + per_row, 13))):
            if i:
                segments.append(Segment("  ", base))
            lines = self._months.get(month)
            if lines is None:
                lines = self._months[month] = self._month(month, cell, self._style, base)
            segments.extend(lines[line])
        return Strip(segments).adjust_cell_length(width, base)

    def _month(self, month: int, cell: int, styles: dict[str, Style],
               base: Style) -> list[list[Segment]]:
        width = 7 * cell
        moved = sum(1 for d, c in self.cells.items() if d.month == month and c.date_changed
                    and d.year == self.year)
        title = f"{cal.month_name[month]} {self.year}"
        count = f"▴{moved}" if moved else ""
        lines = [[Segment(title.ljust(width - len(count)) + count, styles["cal--head"])]]
        names = "Mo Tu We Th Fr Sa Su" if cell == 3 else "MoTuWeThFrSaSu"
        lines.append([Segment(names.ljust(width), styles["cal--head"])])
        for week in cal.Calendar().monthdayscalendar(self.year, month):
            row: list[Segment] = []
            for day in week:
                if not day:
                    row.append(Segment(" " * cell, base))
                    continue
                this = date(self.year, month, day)
                letter, mark, style = self._cell(this, styles)
                row.append(Segment(letter, style))
                if self.ready and this in self.unmet:  # ! first: it must fit a narrow cell
                    row.append(Segment(("!" + mark.strip())[:cell - 1].ljust(cell - 1),
                                       styles["cal--unmet"]))
                    continue
                row.append(Segment(mark.ljust(cell - 1),
                                   style if cell == 2 else styles["cal--head"]))
            lines.append(row)
        while len(lines) < 9:
            lines.append([Segment(" " * width, base)])
        return lines

    def _cell(self, day: date, styles: dict[str, Style]) -> tuple[str, str, Style]:
        if not self.ready:
            letter, mark, style = " ", " ", styles["cal--empty"]
        elif day < self.start:
            letter, mark, style = "<", " ", styles["cal--before"]
        else:
            cell = self.cells.get(day)
            letter, mark, style = _letter(cell, styles)
        if day == self.selected and self.has_focus:
            style = styles["cal--selected"]
        elif day == self.selected:
            style += Style(underline=True)
        return letter, mark, style

    def action_move(self, days: int) -> None:
        day = self.selected + timedelta(days=days)
        if day.year == self.year:
            self._select(day)

    def action_today(self) -> None:
        if self.start.year == self.year:
            self._select(self.start)

    def _select(self, day: date) -> None:
        self.selected = day
        self._version += 1
        self.refresh()
        self.post_message(DaySelected(day))
        _, per_row = self.layout_for(self.size.width)
        week = next(i for i, w in enumerate(cal.Calendar().monthdatescalendar(day.year,
                                                                             day.month))
                    if day in w)
        line = (day.month - 1) // per_row * 9 + 2 + week
        parent = self.parent
        if isinstance(parent, VerticalScroll):
            parent.scroll_to_region(Region(0, line - 2, 1, 4), animate=False)

    def on_focus(self) -> None:
        self._version += 1
        self.refresh()

    def on_blur(self) -> None:
        self._version += 1
        self.refresh()


def _signature(cells: dict[date, DayCell]) -> tuple[tuple[Any, ...], ...]:
    """What the grid draws of the cells (two analyses with the same draw the same)."""
    return tuple((day, c.rank, c.ran, c.drifted, c.date_changed, c.skipped)
                 for day, c in sorted(cells.items()))


def _letter(cell: DayCell | None, styles: dict[str, Style]) -> tuple[str, str, Style]:
    if cell is None or not (cell.ran or cell.skipped):
        return "·", " ", styles["cal--empty"]
    if cell.skipped and not cell.ran:
        return "×", " ", styles["cal--skipped"]
    mark = "▴" if cell.date_changed else ("~" if cell.drifted else " ")
    return _LETTER[cell.rank], mark, styles[_CLASS[cell.rank]]


class DaySelected(Message):
    """The user selected another day of the calendar."""

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day


def legend() -> Text:
    """The key to the cells (the help screen says the same, from ``SYMBOLS``)."""
    text = Text()
    for rank in (1, 2, 3, 4):
        text.append(f" {_LETTER[rank]} ", Style(bold=True, reverse=True))
        text.append(f" {_NAMES[rank]}  ")
    text.append("\n")
    text.append("  ".join(f"{sym} {words}" for sym, words in SYMBOLS))
    return text


def day_text(result: Analysis, day: date) -> str:
    """What happens on ``day``: each run taken or planned that day, with its local time,
    tiers and drift (a run planned for another day says so)."""
    text = _day_runs_text(result, day)
    unmet = result.unmet.get(day)
    if unmet:
        text += " ! Required point missing: " + "; ".join(unmet) + " (see Requirements)."
    return text


def _day_runs_text(result: Analysis, day: date) -> str:
    head = f"{day:%a %d %b %Y}"
    if day < result.start:
        return f"{head}: before the policy's start ({result.start}): no point taken yet."
    runs = sorted(result.day_runs.get(day, []), key=lambda r: r.frame)
    if not runs:
        return f"{head}: no backup runs."
    parts = []
    for run in runs:
        planned = f"planned {run.frame:%a %d %b %H:%M}"
        if run.skipped or run.local is None:
            parts.append(f"{planned}: skipped (the time does not exist that day)")
            continue
        taken = run.local
        when = (f"{taken:%H:%M %Z}" if taken.date() == day
                else f"{taken:%a %d %b %H:%M %Z}")
        verb = "taken" if taken.date() == day else "taken on"
        tiers = "+".join(run.tiers) if run.tiers else "not kept"
        drift = f", {run.drift_minutes:+d} min" if run.drift_minutes else ""
        where = "" if run.frame.date() == day == taken.date() else f" ({planned})"
        if run.frame.date() == day and taken.date() != day:
            parts.append(f"{planned}: {verb} {when}{drift}, {tiers}")
        else:
            parts.append(f"{verb} {when}{where}{drift}, {tiers}")
    return f"{head}: " + "; ".join(parts)


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
        show_text(self, fitting[0] if fitting else "")


class CalendarView(Vertical):
    """Year navigation and the selected day on top; the month grids, the year's drift
    and the legend scroll under them."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="year-nav"):
            yield Button("◀", id="year-prev", compact=True, tooltip="previous year (PgUp)")
            yield Label(" computing… ", id="year-label")
            yield Button("▶", id="year-next", compact=True, tooltip="next year (PgDn)")
            yield FrameLabel(id="cal-frame", classes="muted")
        yield Static("", id="cal-day")
        with VerticalScroll(id="cal-body", can_focus=False):
            yield CalendarGrid(id="cal-grid")
            yield Static("", id="cal-notes")
            yield Static(legend(), id="cal-legend", classes="muted")

    _result: Analysis | None = None

    def show(self, result: Analysis) -> None:
        self._result = result
        show_text(self.query_one("#year-label", Label), f" {result.year} ")
        projection = result.calendar
        if projection is None:
            show_text(self.query_one("#cal-notes", Static), Text("\n".join(result.problems)))
            return
        grid = self.query_one(CalendarGrid)
        grid.show(result.year, result.start, result.days, frozenset(result.unmet))
        self.query_one("#cal-frame", FrameLabel).show(frame_words(projection))
        show_text(self.query_one("#cal-day", Static), Text(day_text(result, grid.selected)))
        show_text(self.query_one("#cal-notes", Static), Text(year_notes(result)))

    def on_day_selected(self, message: DaySelected) -> None:
        if self._result is not None:
            show_text(self.query_one("#cal-day", Static), Text(day_text(self._result,
                                                                    message.day)))

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


def year_notes(result: Analysis) -> str:
    """The calendar year's drift periods, as ``retention drift`` gives them for the year."""
    first, end = date(result.year, 1, 1), date(result.year + 1, 1, 1)
    window = f"DST in {result.year} ({window_words(first, end)}, planned dates)"
    lines = period_lines(result.year_drift)
    if not lines:
        return f"{window}: no run drifts; every backup is taken at its planned time."
    return f"{window}:\n" + "\n".join(f"• {line}" for line in lines)
