"""``retention calendar``: a year of recovery points on one terminal screen.

Two months side by side, six rows of months, 72 columns: fits 80. Each day shows its number,
a letter for the highest tier taken that day (``d`` ``w`` ``m`` ``y``; ``-`` a run that is no
recovery point) and a marker when a run of that day drifts (``~``: its actual local time or
date differs from the planned one) or was skipped by the gap rule (``!``). Days are the
*local* dates on which runs actually happen. Colour only repeats what the symbols say, so
the calendar reads the same with ``NO_COLOR`` or piped.

``SYMBOLS`` and ``legend`` are the one set of calendar symbols: ``retention calendar`` uses
them, and so should every other calendar (the designer's Calendar view).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from policy.engine.projection import Projection, Run

#: Every calendar symbol and what it means, in legend order.
SYMBOLS: dict[str, str] = {
    "daily": "d", "weekly": "w", "monthly": "m", "yearly": "y",
    "not-kept": "-", "skipped": "!", "drift": "~",
}
MEANING: dict[str, str] = {
    "daily": "daily", "weekly": "weekly", "monthly": "monthly", "yearly": "yearly",
    "not-kept": "a run, not kept",
    "drift": "a run drifts (actual local time or date is not the planned one)",
    "skipped": "a run skipped (its planned time does not exist)",
}
#: Rich styles of the symbols (colour only repeats what the symbol says).
STYLES: dict[str, str] = {"daily": "green", "weekly": "cyan", "monthly": "yellow",
                          "yearly": "bold magenta", "not-kept": "dim", "drift": "red",
                          "skipped": "red"}
LETTER = {name: SYMBOLS[name] for name in ("daily", "weekly", "monthly", "yearly")}
NOT_KEPT, DRIFT, SKIPPED = SYMBOLS["not-kept"], SYMBOLS["drift"], SYMBOLS["skipped"]
STYLE = {SYMBOLS[name]: STYLES[name] for name in (*LETTER, "not-kept")}
RANK = {"": 0, NOT_KEPT: 1, "d": 2, "w": 3, "m": 4, "y": 5}
MONTH_WIDTH = 7 * 4 + 6
GAP = "    "


@dataclass(frozen=True)
class DayMark:
    """What happened on one local date."""

    letter: str = ""
    drift: bool = False
    skipped: bool = False


def day_marks(proj: Projection) -> dict[date, DayMark]:
    """The mark of every local date on which a run happens (or would have)."""
    marks: dict[date, DayMark] = {}
    for run in proj.runs:
        day = run.local.date() if run.local is not None else run.frame.date()
        old = marks.get(day, DayMark())
        letter = _letter(run)
        marks[day] = DayMark(
            letter=letter if RANK[letter] > RANK[old.letter] else old.letter,
            drift=old.drift or _drifts(run),
            skipped=old.skipped or run.skipped,
        )
    return marks


def _letter(run: Run) -> str:
    if run.skipped:
        return ""
    return LETTER[run.tiers[-1]] if run.tiers else NOT_KEPT


def _drifts(run: Run) -> bool:
    if run.local is None:
        return False
    return bool(run.drift_minutes) or run.local.date() != run.frame.date()


def _cell(day: int, mark: DayMark | None) -> str:
    mark = mark or DayMark()
    flag = SKIPPED if mark.skipped else DRIFT if mark.drift else " "
    letter = mark.letter or " "
    text = f"{day:>2}{letter}"
    if letter.strip():  # the whole day in the tier's colour; the letter says it without
        text = f"[{STYLE[letter]}]{text}[/]"
    return text + (f"[red]{flag}[/]" if flag.strip() else flag)


def month_lines(year: int, month: int, marks: dict[date, DayMark]) -> list[str]:
    """Eight lines (title, weekday header, six weeks) of markup, each MONTH_WIDTH wide."""
    title = f"{calendar.month_name[month]} {year}"
    lines = [f"[bold]{title}[/]" + " " * (MONTH_WIDTH - len(title)),
             " ".join(f"{d:<4}" for d in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"))[:-1]]
    for week in calendar.Calendar().monthdayscalendar(year, month):
        cells = [_cell(d, marks.get(date(year, month, d))) if d else "    " for d in week]
        lines.append(" ".join(cells))
    while len(lines) < 8:
        lines.append(" " * MONTH_WIDTH)
    return lines


def calendar_markup(proj: Projection, year: int) -> list[str]:
    """The whole year, legend included, as rich markup lines."""
    marks = day_marks(proj)
    out = [f"[bold]{proj.policy.name}[/] {year}: {proj.policy.timezone}, "
           f"{proj.policy.clock.mode.value}", f"tzdata {proj.tzdata}", ""]
    for first in range(1, 13, 2):
        left, right = month_lines(year, first, marks), month_lines(year, first + 1, marks)
        out.extend(a + GAP + b for a, b in zip(left, right, strict=True))
        out.append("")
    out.extend(legend())
    return out


def legend() -> list[str]:
    """The legend of ``SYMBOLS`` as rich markup lines, each within 80 columns."""
    def part(name: str) -> str:
        return f"[{STYLES[name]}]{SYMBOLS[name]}[/] {MEANING[name]}"

    return ["highest tier taken that day: " + "  ".join(part(n) for n in LETTER),
            f"{part('not-kept')}  {part('skipped')}",
            part("drift")]
