"""The calendar of a coverage requirement (SPEC §9): periods, selected days, depth, day starts.

Periods are local calendar days, ISO weeks (Monday-Sunday), months, quarters and years of
the policy's zone, handled as date ordinals. The first instant of a local date ("start
of") is not always midnight (America/Havana starts some days at 01:00, Pacific/Apia has no
2011-12-30), so ``DayStarts`` computes it from the zone's offset changes exactly as
``policy.engine.offsets.local_midnight`` does, for a whole horizon in one walk.
"""

from __future__ import annotations

from datetime import date, tzinfo

from policy.engine.offsets import DAY, EPOCH_ORDINAL, offset_map
from policy.engine.retention import add_months
from policy.model.durations import Depth
from policy.model.requirements import Every, Requirement
from policy.model.values import Weekday


class DayStarts:
    """POSIX first instant of every local date in ``[first, last]`` (date ordinals)."""

    def __init__(self, zone: tzinfo, first: int, last: int) -> None:
        self.first = first
        lo = (first - EPOCH_ORDINAL) * DAY
        hi = (last + 1 - EPOCH_ORDINAL) * DAY
        omap = offset_map(zone, lo - DAY, hi + DAY)
        out: list[int] = []
        k, n = 0, len(omap.lo)
        for ordinal in range(first, last + 1):
            local = (ordinal - EPOCH_ORDINAL) * DAY
            while k < n and omap.lo[k] <= local:
                k += 1
            j = k - 1
            if j >= 0 and local < omap.hi[j]:
                gap = omap.after[j] > omap.before[j]
                out.append(omap.at[j] if gap else local - omap.before[j])
            else:
                out.append(local - (omap.after[j] if j >= 0 else omap.first))
        self.starts = out

    def __getitem__(self, ordinal: int) -> int:
        return self.starts[ordinal - self.first]

    def index(self, ordinal: int) -> int:
        """Position of ``ordinal`` in ``starts``."""
        return ordinal - self.first


def spans(req: Requirement, first: int, last: int) -> list[tuple[int, int]]:
    """(first day, last day) of every period of ``req`` overlapping ``[first, last]``
    (date ordinals), keeping only the ``months`` listed."""
    assert req.every is not None
    if req.every is Every.DAY:
        return [(o, o) for o in range(first, last + 1)]
    if req.every is Every.WEEK:
        monday = first - date.fromordinal(first).weekday()
        return [(o, o + 6) for o in range(monday, last + 1, 7)]
    step = {Every.MONTH: 1, Every.QUARTER: 3, Every.YEAR: 12}[req.every]
    months = {m.number for m in req.months} if req.months else None
    d = date.fromordinal(first)
    year, month = d.year, (d.month - 1) // step * step + 1
    out = []
    while (lo := date(year, month, 1).toordinal()) <= last:
        if months is None or month in months:
            out.append((lo, add_months(year, month, 1, step) - 1))
        year, month = divmod(year * 12 + month - 1 + step, 12)
        month += 1
    return out


def selection(req: Requirement) -> tuple[bool, int | None]:
    """How a period's selected day is found: (``day: any``, offset from the period's first
    day, or ``None`` for its last day)."""
    day = req.day
    if day == "any":
        return True, None
    if day == "last":
        return False, None
    if day == "first":
        return False, 0
    if isinstance(day, Weekday):
        return False, day.ordinal
    assert isinstance(day, int)
    return False, day - 1


def period_label(every: Every, first: int) -> str:
    """``2026-06-30``, ``2026-W27``, ``2026-06``, ``2026-Q2`` or ``2026``."""
    d = date.fromordinal(first)
    if every is Every.DAY:
        return d.isoformat()
    if every is Every.WEEK:
        iso = d.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if every is Every.MONTH:
        return f"{d.year}-{d.month:02d}"
    if every is Every.QUARTER:
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return str(d.year)


def add_depth(ordinal: int, depth: Depth) -> int:
    """``ordinal + depth`` in calendar arithmetic (SPEC §5.2: clamped to the month's end)."""
    if depth.unit == "days":
        return ordinal + depth.count
    if depth.unit == "weeks":
        return ordinal + 7 * depth.count
    d = date.fromordinal(ordinal)
    months = depth.count * (12 if depth.unit == "years" else 1)
    return add_months(d.year, d.month, d.day, months)


def add_to_local(local: int, count: int, unit: str) -> int:
    """Frame local seconds plus ``count`` days/weeks/months/years (time of day kept)."""
    if unit == "days":
        return local + count * DAY
    if unit == "weeks":
        return local + 7 * count * DAY
    day, tod = divmod(local, DAY)
    d = date.fromordinal(day + EPOCH_ORDINAL)
    months = count * (12 if unit == "years" else 1)
    return (add_months(d.year, d.month, d.day, months) - EPOCH_ORDINAL) * DAY + tod


_PERIOD_WORDS: dict[Every, tuple[str, str, str]] = {
    # (any, first, last)
    Every.DAY: ("day", "day", "day"),
    Every.WEEK: ("week", "Monday", "Sunday"),
    Every.MONTH: ("month", "month-start", "month-end"),
    Every.QUARTER: ("quarter", "quarter-start", "quarter-end"),
    Every.YEAR: ("year", "year-start", "year-end"),
}


def day_words(req: Requirement) -> str:
    """What the selected day is called: ``month-end``, ``Sunday``, ``15th of the month``."""
    assert req.every is not None
    any_, first, last = _PERIOD_WORDS[req.every]
    day = req.day
    if day == "any":
        words = any_
    elif day == "first":
        words = first
    elif day == "last":
        words = last
    elif isinstance(day, Weekday):
        words = day.value.capitalize()
    else:
        words = f"{_ordinal_word(int(day))} of the month"
    if req.months:
        names = "/".join(m.value.capitalize() for m in req.months)
        words = f"{names} {words}"
    return words


def describe(req: Requirement) -> str:
    """The generated label of a requirement: ``any month-end of the last 84 months``."""
    if req.label:
        return req.label
    if req.kind == "coverage":
        assert req.depth is not None
        text = f"any {day_words(req)} of the last {req.depth}"
        return text + (f" (grace {req.grace})" if req.grace.minutes else "")
    if req.kind == "rpo":
        return f"rpo {req.rpo}"
    if req.kind == "max_age":
        return f"no point kept longer than {req.max_age}"
    return f"at most {req.max_points:,} points alive"


def _ordinal_word(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
