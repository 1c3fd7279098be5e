"""Which run times ``retention suggest`` may use: DST-robust half hours (SPEC §10).

Azure Backup freezes the UTC offset ``O`` in force when the policy is saved (SPEC §4), so
a run at frame time ``T`` lands at local ``T + (o - O)`` wherever the zone's offset is
``o``. The search must hold for a policy saved in January *and* in July, so a time is
robust when, for both anchors and every offset the zone takes over the horizon, the run
stays on its own local date (or moves past midnight by less than the smallest ``grace``
of the coverage requirements) and inside the window. Judging offsets instead of runs is
exact for fixed-offset clocks: between two offset changes every run lands the same way;
a stretch shorter than a day is judged only if a run falls in it.

A time that is not robust carries its reason in words ("23:30 would move points taken
from 2026-03-29 to 2026-10-24 to the next day (policy saved in January)"), which the
report shows to say why the time was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, tzinfo

from policy.engine.frame import frozen_offset
from policy.engine.offsets import DAY, instant_of, local_midnight, offset_map, seconds_of
from policy.model.models import Window, format_time

__all__ = ["HALF_HOURS", "TimeVerdict", "anchors_of", "judge_times", "minutes_of",
           "time_of"]

#: Every half-hour time of day, in minutes after midnight.
HALF_HOURS: tuple[int, ...] = tuple(range(0, 24 * 60, 30))


def minutes_of(value: time) -> int:
    return value.hour * 60 + value.minute


def time_of(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def anchors_of(start: date) -> tuple[date, date]:
    """The two save dates every suggestion must survive: mid-January and mid-July."""
    return date(start.year, 1, 15), date(start.year, 7, 15)


@dataclass(frozen=True)
class TimeVerdict:
    """Whether runs at ``minutes`` keep their date and window for both anchors."""

    minutes: int
    robust: bool
    reason: str = ""
    """Why not, in words (empty when robust)."""

    @property
    def text(self) -> str:
        return format_time(time_of(self.minutes))


@dataclass(frozen=True)
class _Stretch:
    begin: int
    end: int
    offset: int


def _stretches(zone: tzinfo, start: date, end: date) -> list[_Stretch]:
    lo, hi = seconds_of(local_midnight(zone, start)), seconds_of(local_midnight(zone, end))
    omap = offset_map(zone, lo, hi)
    out, begin, current = [], lo, omap.offset_at(lo)
    for at, after in zip(omap.at, omap.after, strict=True):
        if at <= lo:
            continue
        if at >= hi:
            break
        out.append(_Stretch(begin, at, current))
        begin, current = at, after
    out.append(_Stretch(begin, hi, current))
    return out


def judge_times(zone: tzinfo, candidates: list[int], start: date, end: date,
                grace_minutes: int | None, window: Window | None,
                month_end: bool = False) -> list[TimeVerdict]:
    """Judge each candidate time (minutes) over the local dates ``[start, end)``.

    ``grace_minutes``: the smallest grace of the coverage requirements (``None``: no
    coverage requirement, so a date change harms nothing). ``month_end``: say that
    month-end points would land on the 1st.
    """
    stretches = _stretches(zone, start, end)
    frozen = [(a, int(frozen_offset(zone, a).total_seconds())) for a in anchors_of(start)]
    out = []
    for minutes in candidates:
        reason = ""
        for anchor, offset in frozen:
            reason = _first_problem(zone, minutes, anchor, offset, stretches, grace_minutes,
                                    window, month_end)
            if reason:
                break
        out.append(TimeVerdict(minutes, not reason, reason))
    return out


def _first_problem(zone: tzinfo, minutes: int, anchor: date, frozen: int,
                   stretches: list[_Stretch], grace: int | None, window: Window | None,
                   month_end: bool) -> str:
    for st in stretches:
        first_run = _first_run_at_or_after(st.begin, minutes * 60 - frozen)
        if first_run >= st.end:
            continue  # no run at this time falls in the stretch
        local = minutes + (st.offset - frozen) // 60
        moved = ""
        if grace is not None and local < 0:
            moved = "to the day before"
        elif grace is not None and local >= 24 * 60 + grace:
            moved = "to the next day"
            if month_end:
                moved += " (month-end points would land on the 1st)"
        elif window is not None and not window.contains(time_of(local % (24 * 60))):
            moved = (f"to {format_time(time_of(local % (24 * 60)))}, outside the window "
                     f"{format_time(window.start)}-{format_time(window.end)}")
        if moved:
            first = instant_of(first_run).astimezone(zone).date()
            last = instant_of(st.end - 1).astimezone(zone).date()
            saved = f"{anchor:%B}"
            return (f"{format_time(time_of(minutes))} would move points taken from "
                    f"{first.isoformat()} to {last.isoformat()} {moved}, with the policy "
                    f"saved in {saved}")
    return ""


def _first_run_at_or_after(instant: int, tod_utc: int) -> int:
    """First POSIX second ``>= instant`` at ``tod_utc`` seconds after a UTC midnight."""
    base = instant - instant % DAY + tod_utc % DAY
    return base if base >= instant else base + DAY
